// regex_replace(s, pattern, replacement): every non-overlapping match replaced, empty matches included.
#include "regex_impl.hpp"
#include "syncloom/stdlib/spec.hpp"
#include "../text/utf8.hpp"

namespace syncloom::stdlib::specs {
namespace {
constexpr Example kExamples[] = {
    {R"(regex_replace("  Market   Street ", "\\s+", " "))", R"(" Market Street ")", nullptr, nullptr},
    {R"(regex_replace("WOO-0042", "^WOO-0*(\\d+)$", "WC$1"))", R"("WC42")", nullptr, nullptr},
    {R"(regex_replace(billing.phone, "[^0-9+]", ""))", R"("+495551234")", nullptr,
     R"({"billing": {"phone": "+49 (555) 12-34"}})"},
    {R"~(regex_replace("2024-03-31", "(?<y>\\d+)-(?<m>\\d+)-(?<d>\\d+)", "${d}.${m}.${y}"))~", R"("31.03.2024")", nullptr, nullptr},
    {R"(regex_replace("ab", "x*", "-"))", R"("-a-b-")", nullptr, nullptr},
    {R"(regex_replace("Price: 5", "\\d", "$$"))", R"("Price: $")", nullptr, nullptr},
};
}  // namespace
extern const FunctionSpec kRegexReplace = {
    "regex_replace", "regex", "`string, string, string -> string`", "no",
    "every non-overlapping match of the pattern replaced; `$1`, `${name}` insert groups, `$$` a dollar sign", kExamples};
}  // namespace syncloom::stdlib::specs

namespace {

using syncloom::stdlib::detail::MatchData;
using syncloom::stdlib::detail::ReplacementPiece;

sl_status expand(const sl_regex* re, const char* s, const char* r, const std::vector<ReplacementPiece>& pieces, const PCRE2_SIZE* spans,
                 sl_buffer* out) {
  for (const auto& p : pieces) {
    if (p.group == -1) {
      if (sl_status st = sl_buffer_append(out, r + p.begin, p.end - p.begin); st != SL_OK) return st;
      continue;
    }
    uint32_t g = p.group >= 0 ? uint32_t(p.group) : sl_regex_name_group(re, size_t(-2 - p.group), spans);
    if (spans[2 * g] == PCRE2_UNSET) continue;  // a group that took no part inserts nothing
    if (sl_status st = sl_buffer_append(out, s + spans[2 * g], spans[2 * g + 1] - spans[2 * g]); st != SL_OK) return st;
  }
  return SL_OK;
}

}  // namespace

extern "C" sl_status sl_regex_replace(const sl_regex* re, const char* s, size_t n, const char* r, size_t rn, sl_buffer* out) {
  using namespace syncloom::stdlib::detail;
  std::vector<ReplacementPiece> pieces;
  std::string why;
  size_t at = 0;
  if (parse_replacement(re, r, rn, &pieces, &why, &at) != SL_OK) return SL_INVALID;
  size_t restore = out->len;
  auto failed = [&](sl_status st) {
    out->len = restore;
    return st;
  };
  MatchData md(re);
  size_t start = 0, copied = 0;
  uint32_t options = 0;
  for (;;) {
    bool found = false;
    if (sl_status st = match_at(re, s, n, start, options, md, &found); st != SL_OK) return failed(st);
    if (!found) {
      if (options == 0 || start >= n) break;
      // No non-empty match where an empty one was: step over one code point and search normally again.
      char32_t cp = 0;
      size_t k = decode_utf8(s, n, start, &cp);
      start += k ? k : 1;
      options = 0;
      continue;
    }
    const PCRE2_SIZE* spans = md.spans();
    size_t begin = spans[0], end = spans[1];
    if (sl_status st = sl_buffer_append(out, s + copied, begin - copied); st != SL_OK) return failed(st);
    if (sl_status st = expand(re, s, r, pieces, spans, out); st != SL_OK) return failed(st);
    copied = end;
    start = end;
    // After an empty match, the next one must not be empty at the same place (or the scan would not move).
    options = begin == end ? PCRE2_NOTEMPTY_ATSTART | PCRE2_ANCHORED : 0;
  }
  if (sl_status st = sl_buffer_append(out, s + copied, n - copied); st != SL_OK) return failed(st);
  return SL_OK;
}
