// Text built-ins over UTF-8 (pointer + byte length): validation, case mapping, trim, code-point length and
// substrings, replace and searches. Every function validates its inputs: invalid UTF-8 is SL_INVALID_UTF8.
//
// Results that are a piece of the input (trim, substr) come back as a byte slice, with no copy; results that are
// new text are appended to a caller-owned sl_buffer (see buffer.hpp), the only allocation.
#pragma once

#include <stddef.h>
#include <stdint.h>

#include "syncloom/stdlib/buffer.hpp"
#include "syncloom/stdlib/status.hpp"

extern "C" {

/// SL_OK when `s[0, n)` is well-formed UTF-8: no overlong forms, surrogates, or code points past U+10FFFF.
sl_status sl_text_validate(const char* s, size_t n);

/// Appends `s` with every code point mapped by Unicode's simple lowercase mapping (utf8proc):
/// lower("Øster") = "øster", lower("ÀÉÎ") = "àéî". Context rules (Greek final sigma) are not applied.
sl_status sl_text_lower(const char* s, size_t n, sl_buffer* out);

/// Appends `s` uppercased: the unconditional one-to-many mappings of SpecialCasing.txt that occur in Latin text
/// (ß -> SS, ŉ -> ʼN, the ligatures ﬀ ﬁ ﬂ ﬃ ﬄ ﬅ ﬆ) and the simple mapping otherwise: upper("straße") = "STRASSE".
sl_status sl_text_upper(const char* s, size_t n, sl_buffer* out);

/// The slice of `s` without leading and trailing Unicode White_Space (U+0009-000D, U+0020, U+0085, U+00A0,
/// U+1680, U+2000-200A, U+2028, U+2029, U+202F, U+205F, U+3000): bytes [*start, *start + *len).
sl_status sl_text_trim(const char* s, size_t n, size_t* start, size_t* len);

/// Number of code points: len("Øster") = 5.
sl_status sl_text_length(const char* s, size_t n, int64_t* out);

/// Pass as `count` to substr for "to the end" (the two-argument form).
inline constexpr int64_t SL_TEXT_TO_END = INT64_MAX;

/// The slice of at most `count` code points from code point `start` (0-based), as bytes [*start_byte,
/// *start_byte + *len). Never fails on range: a negative start counts as 0, a negative count or a start past the
/// end gives an empty slice. substr("Øster", 1, 3) = "ste".
sl_status sl_text_substr(const char* s, size_t n, int64_t start, int64_t count, size_t* start_byte, size_t* len);

/// Appends `s` with every non-overlapping occurrence of `from`, left to right, replaced by `to`.
/// An empty `from` matches nothing (the text is copied unchanged).
sl_status sl_text_replace(const char* s, size_t n, const char* from, size_t from_n, const char* to, size_t to_n,
                          sl_buffer* out);

/// Substring tests on code-point boundaries (byte comparison of valid UTF-8; no normalisation, case-sensitive).
/// The empty string is contained in, starts and ends every string.
sl_status sl_text_contains(const char* s, size_t n, const char* t, size_t t_n, bool* out);
sl_status sl_text_starts_with(const char* s, size_t n, const char* t, size_t t_n, bool* out);
sl_status sl_text_ends_with(const char* s, size_t n, const char* t, size_t t_n, bool* out);

/// Widest `pad_left`/`pad_right` result, in code points: a wider request is SL_INVALID (an input-driven width
/// must not be able to ask for gigabytes).
inline constexpr int64_t SL_TEXT_PAD_MAX = 10000;

/// Appends `s` padded with `fill` (exactly one code point, else SL_INVALID) on the left or on the right to `width`
/// code points; a text at least that long (or a width below 1) is copied unchanged: pad_left("42", 5, "0") = "00042".
sl_status sl_text_pad_left(const char* s, size_t n, int64_t width, const char* fill, size_t fill_n, sl_buffer* out);
sl_status sl_text_pad_right(const char* s, size_t n, int64_t width, const char* fill, size_t fill_n, sl_buffer* out);

}  // extern "C"
