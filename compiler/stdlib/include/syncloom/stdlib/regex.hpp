// Regular expressions for `matches`, `regex_replace` and `regex_capture`: Debian's PCRE2 (8-bit) in UTF and UCP
// mode, so `\w`, `\d` and `[[:alpha:]]` follow Unicode and `.` is one code point. A pattern is compiled once per
// mapping (the compiler does it when it checks the literal) and matched by both engines through these calls.
// Compiled patterns are immutable: one may be matched from many threads at once.
//
// Every match runs under fixed limits (a backtracking budget and a depth limit), the same on every machine, so a
// hostile record cannot make a pattern backtrack for minutes: exceeding them is SL_LIMIT, a rejection of that
// record with a reason, never a hang.
//
//   sl_regex* re = nullptr; sl_buffer why{}; size_t at = 0;
//   if (sl_regex_compile("^WOO-(\\d+)$", 11, &re, &why, &at) == SL_OK) { bool m; sl_regex_matches(re, "WOO-7", 5, &m); }
//   sl_regex_free(re); sl_buffer_free(&why);
#pragma once

#include <stddef.h>
#include <stdint.h>

#include "syncloom/stdlib/buffer.hpp"
#include "syncloom/stdlib/status.hpp"

extern "C" {

typedef struct sl_regex sl_regex;

/// Backtracking budget of one match attempt (PCRE2's match limit) and its nesting depth limit.
inline constexpr uint32_t SL_REGEX_MATCH_LIMIT = 1000000;
inline constexpr uint32_t SL_REGEX_DEPTH_LIMIT = 10000;

/// Compiles a UTF-8 pattern. On a bad pattern: SL_INVALID, PCRE2's message appended to `message` and the byte
/// offset in the pattern where it went wrong in `*error_offset`. `\C` (one byte, which could split a code point)
/// is refused.
sl_status sl_regex_compile(const char* pattern, size_t n, sl_regex** out, sl_buffer* message, size_t* error_offset);
void sl_regex_free(sl_regex* re);

/// Number of capture groups (not counting the whole match).
uint32_t sl_regex_group_count(const sl_regex* re);
/// Number of distinct group names; names are listed in order of their first group number.
size_t sl_regex_name_count(const sl_regex* re);
/// Name `i` (0-based, NUL-terminated, valid as long as `re`).
const char* sl_regex_name(const sl_regex* re, size_t i);

/// Checks a `regex_replace` replacement against the pattern: `$$` is a dollar sign, `$N` and `${N}` insert group
/// N (0 is the whole match; digits after `$` are read greedily), `${name}` a named group; any other `$` is an
/// error, and so is a group the pattern does not have. SL_INVALID with a message and the byte offset.
sl_status sl_regex_check_replacement(const sl_regex* re, const char* r, size_t rn, sl_buffer* message, size_t* error_offset);

/// Whether the pattern matches somewhere in `s` (use `^...$` to match it all).
sl_status sl_regex_matches(const sl_regex* re, const char* s, size_t n, bool* out);

/// Appends `s` with every non-overlapping match, left to right, replaced by the expansion of `r` (checked with
/// sl_regex_check_replacement; a group that did not take part in the match inserts nothing). An empty match
/// is replaced too, and the scan then moves on by one code point: regex_replace("ab", "x*", "-") = "-a-b-".
sl_status sl_regex_replace(const sl_regex* re, const char* s, size_t n, const char* r, size_t rn, sl_buffer* out);

/// The first match: `*matched`, and for each group 0..count (0 the whole match) its byte range in `s` as
/// `spans[2g]`, `spans[2g + 1]`; a group that did not take part is SIZE_MAX, SIZE_MAX. `spans` holds
/// 2 * (sl_regex_group_count(re) + 1) entries.
sl_status sl_regex_capture(const sl_regex* re, const char* s, size_t n, bool* matched, size_t* spans);
/// The group number of name `i` that took part in the match described by `spans` (with duplicate names, `(?J)`,
/// the first that did), or the first group of that name when none did.
uint32_t sl_regex_name_group(const sl_regex* re, size_t i, const size_t* spans);

}  // extern "C"
