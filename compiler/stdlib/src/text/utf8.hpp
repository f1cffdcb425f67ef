// Strict UTF-8 decoding and encoding shared by the text functions (no dependency: utf8proc only maps case).
#pragma once

#include <cstddef>
#include <cstdint>

namespace syncloom::stdlib::detail {

/// Decodes the code point at s[i]; returns its byte length (1-4), or 0 when the bytes there are not
/// well-formed UTF-8 (truncated, overlong, surrogate, beyond U+10FFFF, stray continuation byte).
std::size_t decode_utf8(const char* s, std::size_t n, std::size_t i, char32_t* cp);

/// Writes `cp` (a valid scalar value) to out[0..4) and returns the byte count.
std::size_t encode_utf8(char32_t cp, char* out);

/// Byte offset just past the first `count` code points of valid UTF-8 `s` (or n, when shorter).
std::size_t skip_code_points(const char* s, std::size_t n, std::size_t start, std::int64_t count);

}  // namespace syncloom::stdlib::detail
