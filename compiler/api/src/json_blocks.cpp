// Block classification for the record reader (json_blocks.hpp): SSE2, which every x86-64 has, else a
// byte loop; string masks with 64-bit arithmetic only (no carry-less multiply, which x86-64 lacks at its
// baseline).
#include "json_blocks.hpp"

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace syncloom::detail {

BlockMasks classify_block_portable(const char* p) {
  BlockMasks m;
  for (unsigned i = 0; i < 64; ++i) {
    const uint64_t bit = uint64_t(1) << i;
    switch (p[i]) {
      case '"': m.quote |= bit; break;
      case '\\': m.backslash |= bit; break;
      case '{':
      case '[': m.open |= bit; break;
      case '}':
      case ']': m.close |= bit; break;
      case '\n': m.newline |= bit; break;
      default: break;
    }
  }
  return m;
}

#if defined(__SSE2__)
BlockMasks classify_block(const char* p) {
  // `[` and `]` are `{` and `}` without bit 5: with it set, one compare finds both kinds of each.
  const __m128i quote = _mm_set1_epi8('"'), backslash = _mm_set1_epi8('\\'), newline = _mm_set1_epi8('\n');
  const __m128i open = _mm_set1_epi8('{'), close = _mm_set1_epi8('}'), bit5 = _mm_set1_epi8(0x20);
  BlockMasks m;
  for (unsigned k = 0; k < 4; ++k) {
    const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + 16 * k));
    const __m128i folded = _mm_or_si128(v, bit5);
    const unsigned shift = 16 * k;
    m.quote |= uint64_t(uint32_t(_mm_movemask_epi8(_mm_cmpeq_epi8(v, quote)))) << shift;
    m.backslash |= uint64_t(uint32_t(_mm_movemask_epi8(_mm_cmpeq_epi8(v, backslash)))) << shift;
    m.newline |= uint64_t(uint32_t(_mm_movemask_epi8(_mm_cmpeq_epi8(v, newline)))) << shift;
    m.open |= uint64_t(uint32_t(_mm_movemask_epi8(_mm_cmpeq_epi8(folded, open)))) << shift;
    m.close |= uint64_t(uint32_t(_mm_movemask_epi8(_mm_cmpeq_epi8(folded, close)))) << shift;
  }
  return m;
}
#else
BlockMasks classify_block(const char* p) { return classify_block_portable(p); }
#endif

uint64_t string_mask(const BlockMasks& m, unsigned valid, StringCarry& carry) {
  // 1. Escaped bytes: a byte after an odd run of backslashes (simdjson's branchless formulation).
  constexpr uint64_t kEven = 0x5555555555555555ULL;
  const uint64_t backslash = m.backslash & ~carry.escaped;
  const uint64_t follows_escape = (backslash << 1) | carry.escaped;
  const uint64_t odd_starts = backslash & ~kEven & ~follows_escape;
  uint64_t even_starts;
  const bool overflow = __builtin_add_overflow(odd_starts, backslash, &even_starts);
  const uint64_t escaped = (kEven ^ (even_starts << 1)) & follows_escape;
  // 2. Inside strings: the prefix XOR of the unescaped quotes, flipped when the block starts inside one.
  uint64_t in_string = m.quote & ~escaped;
  in_string ^= in_string << 1;
  in_string ^= in_string << 2;
  in_string ^= in_string << 4;
  in_string ^= in_string << 8;
  in_string ^= in_string << 16;
  in_string ^= in_string << 32;
  in_string ^= carry.in_string;
  // 3. The carries, as of byte `valid` (the bits past it are clear in the masks).
  if (valid >= 64) {
    carry.escaped = overflow ? 1 : 0;
    carry.in_string = uint64_t(int64_t(in_string) >> 63);
  } else {
    carry.escaped = (escaped >> valid) & 1;
    carry.in_string = valid == 0 ? carry.in_string : ((in_string >> (valid - 1)) & 1 ? ~uint64_t(0) : 0);
  }
  return in_string;
}

}  // namespace syncloom::detail
