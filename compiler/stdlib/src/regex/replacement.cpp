// The replacement syntax of regex_replace: `$$`, `$N`, `${N}` and `${name}`; anything else after `$` is an error
// the compiler reports on the literal (E0210), so the engines only ever expand checked replacements.
#include <algorithm>

#include "regex_impl.hpp"

namespace syncloom::stdlib::detail {
namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_name_char(char c) { return is_digit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'; }

}  // namespace

sl_status parse_replacement(const sl_regex* re, const char* r, size_t rn, std::vector<ReplacementPiece>* pieces, std::string* why,
                            size_t* offset) {
  auto fail = [&](size_t at, std::string message) {
    *offset = at;
    *why = std::move(message);
    return SL_INVALID;
  };
  auto group_number = [&](size_t at, size_t begin, size_t end, int64_t* group) {
    int64_t g = 0;
    for (size_t i = begin; i < end; ++i) {
      g = g * 10 + (r[i] - '0');
      if (g > int64_t(re->groups)) break;
    }
    if (g > int64_t(re->groups)) {
      std::string has = re->groups == 0 ? "no groups" : re->groups == 1 ? "1 group" : std::to_string(re->groups) + " groups";
      return fail(at, "the pattern has " + has + ", so `$" + std::string(r + begin, end - begin) + "` refers to nothing" +
                          (end - begin > 1 ? " (write `${N}` to end a group number before a digit)" : ""));
    }
    *group = g;
    return SL_OK;
  };
  size_t literal = 0;
  auto flush = [&](size_t end) {
    if (end > literal && pieces) pieces->push_back({literal, end, -1});
  };
  for (size_t i = 0; i < rn;) {
    if (r[i] != '$') {
      ++i;
      continue;
    }
    flush(i);
    size_t at = i++;
    if (i < rn && r[i] == '$') {
      if (pieces) pieces->push_back({i, i + 1, -1});
      literal = ++i;
      continue;
    }
    int64_t group = 0;
    if (i < rn && is_digit(r[i])) {
      size_t begin = i;
      while (i < rn && is_digit(r[i])) ++i;
      if (sl_status st = group_number(at, begin, i, &group); st != SL_OK) return st;
    } else if (i < rn && r[i] == '{') {
      size_t begin = ++i;
      while (i < rn && is_name_char(r[i])) ++i;
      if (i >= rn || r[i] != '}' || i == begin) return fail(at, "`${` must hold a group number or name and end with `}`");
      size_t end = i++;
      if (is_digit(r[begin])) {
        for (size_t k = begin; k < end; ++k)
          if (!is_digit(r[k])) return fail(at, "a group name cannot start with a digit");
        if (sl_status st = group_number(at, begin, end, &group); st != SL_OK) return st;
      } else {
        std::string name(r + begin, end - begin);
        auto it = std::find_if(re->names.begin(), re->names.end(), [&](const auto& n) { return n.first == name; });
        if (it == re->names.end()) return fail(at, "the pattern has no group named `" + name + "`");
        group = -2 - int64_t(it - re->names.begin());  // resolved per match: (?J) allows duplicate names
      }
    } else {
      return fail(at, "`$` must be followed by a group number, `{name}` or another `$` (write `$$` for a dollar sign)");
    }
    if (pieces) pieces->push_back({0, 0, group});
    literal = i;
  }
  flush(rn);
  return SL_OK;
}

}  // namespace syncloom::stdlib::detail

extern "C" sl_status sl_regex_check_replacement(const sl_regex* re, const char* r, size_t rn, sl_buffer* message, size_t* error_offset) {
  std::string why;
  sl_status st = syncloom::stdlib::detail::parse_replacement(re, r, rn, nullptr, &why, error_offset);
  if (st != SL_OK) sl_buffer_append(message, why.data(), why.size());
  return st;
}
