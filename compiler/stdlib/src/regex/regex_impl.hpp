// The compiled pattern behind sl_regex, and one guarded match attempt shared by matches, replace and capture.
#pragma once

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include <string>
#include <vector>

#include "syncloom/stdlib/regex.hpp"

struct sl_regex {
  pcre2_code* code = nullptr;
  pcre2_match_context* limits = nullptr;  ///< the match and depth limits every match runs under
  uint32_t groups = 0;
  /// Distinct names in order of their first group number, each with every group number it names.
  std::vector<std::pair<std::string, std::vector<uint32_t>>> names;
};

namespace syncloom::stdlib::detail {

/// Match data sized for `re`, freed when it goes out of scope.
class MatchData {
 public:
  explicit MatchData(const sl_regex* re) : data_(pcre2_match_data_create_from_pattern(re->code, nullptr)) {}
  ~MatchData() { pcre2_match_data_free(data_); }
  MatchData(const MatchData&) = delete;
  MatchData& operator=(const MatchData&) = delete;
  pcre2_match_data* get() const { return data_; }
  const PCRE2_SIZE* spans() const { return pcre2_get_ovector_pointer(data_); }

 private:
  pcre2_match_data* data_;
};

/// One match attempt from byte `start`: SL_OK with `*found`, SL_LIMIT past the limits, SL_INVALID_UTF8,
/// SL_NO_MEMORY; PCRE2's other errors (none expected for a compiled pattern) are SL_INVALID.
sl_status match_at(const sl_regex* re, const char* s, size_t n, size_t start, uint32_t options, MatchData& md, bool* found);

}  // namespace syncloom::stdlib::detail

namespace syncloom::stdlib::detail {

/// A piece of a parsed replacement: the literal bytes r[begin, end), or group `group` of the match.
struct ReplacementPiece {
  size_t begin = 0, end = 0;
  int64_t group = -1;  ///< -1: literal; >= 0: that group; -2 - i: the group of name i (resolved per match)
};

/// Parses replacement `r` against `re`'s groups (syntax in regex.hpp). On failure: SL_INVALID, `*why`, `*offset`.
sl_status parse_replacement(const sl_regex* re, const char* r, size_t rn, std::vector<ReplacementPiece>* pieces, std::string* why,
                            size_t* offset);

}  // namespace syncloom::stdlib::detail
