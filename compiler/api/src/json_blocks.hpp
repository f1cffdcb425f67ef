// 64 bytes of JSON at a time as bit masks (bit i = byte i): quotes, backslashes, brackets, newlines; and
// from them which bytes are inside strings, with the carries from one block to the next. The technique of
// simdjson's stage 1, without its index: RecordReader needs only where a value's brackets balance.
#pragma once

#include <cstdint>

namespace syncloom::detail {

struct BlockMasks {
  uint64_t quote = 0, backslash = 0, open = 0, close = 0, newline = 0;  ///< `{`/`[` open, `}`/`]` close
};

/// Classifies bytes p[0..63] (all 64 must be readable; callers mask off bits past their data).
BlockMasks classify_block(const char* p);
/// The same one byte at a time: the reference classify_block is tested against, and the code on targets
/// without SSE2.
BlockMasks classify_block_portable(const char* p);

/// String state carried from one block into the next.
struct StringCarry {
  uint64_t escaped = 0;    ///< 1: the next block's first byte is escaped by a backslash
  uint64_t in_string = 0;  ///< all ones: the next block starts inside a string
};

/// The bytes of a block that are inside strings, from its quote and backslash masks (opening quote
/// included, closing quote not: a bracket at bit i is structural when bit i is clear). Updates `carry` for
/// a block of `valid` bytes (bits past them clear in the masks), so the next block may start there.
uint64_t string_mask(const BlockMasks& m, unsigned valid, StringCarry& carry);

}  // namespace syncloom::detail
