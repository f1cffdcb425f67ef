// regex_capture(s, pattern): the named groups of the first match, as a struct the compiler types from the
// pattern (`(?<street>...)` gives a field `street`), or null when nothing matches.
#include "regex_impl.hpp"
#include "syncloom/stdlib/spec.hpp"

namespace syncloom::stdlib::specs {
namespace {
constexpr Example kExamples[] = {
    {R"(regex_capture("Market Street 969b", "^(?<street>.+?)\\s+(?<number>\\d+\\w*)$").number)", R"("969b")", nullptr, nullptr},
    {R"(regex_capture(billing.address_1, "^(?<street>.+?)\\s+(?<number>\\d+\\w*)$").street ?? billing.address_1)",
     R"("Hauptstraße")", nullptr, R"({"billing": {"address_1": "Hauptstraße 5"}})"},
    {R"(regex_capture("no number", "^(?<street>.+?)\\s+(?<number>\\d+)$").street)", "null", nullptr, nullptr},
    {R"(regex_capture("SKU-12", "^(?<prefix>[A-Z]+)(-(?<suffix>\\d+))?$").suffix)", R"("12")", nullptr, nullptr},
    {R"(regex_capture("SKU", "^(?<prefix>[A-Z]+)(-(?<suffix>\\d+))?$").suffix)", "null", nullptr, nullptr},
};
}  // namespace
extern const FunctionSpec kRegexCapture = {
    "regex_capture", "regex", "`string, string -> {group: string?, ...}?`", "no",
    "the named groups of the first match as fields (null when nothing matches; a group that took no part is null)", kExamples};
}  // namespace syncloom::stdlib::specs

extern "C" sl_status sl_regex_capture(const sl_regex* re, const char* s, size_t n, bool* matched, size_t* spans) {
  syncloom::stdlib::detail::MatchData md(re);
  if (sl_status st = syncloom::stdlib::detail::match_at(re, s, n, 0, 0, md, matched); st != SL_OK) return st;
  size_t count = 2 * (size_t(re->groups) + 1);
  const PCRE2_SIZE* found = md.spans();
  for (size_t i = 0; i < count; ++i) spans[i] = *matched && found[i] != PCRE2_UNSET ? size_t(found[i]) : SIZE_MAX;
  return SL_OK;
}
