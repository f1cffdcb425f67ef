// matches(s, pattern): whether the pattern matches anywhere in the text.
#include "regex_impl.hpp"
#include "syncloom/stdlib/spec.hpp"

namespace syncloom::stdlib::specs {
namespace {
constexpr Example kExamples[] = {
    {R"(matches("WOO-727", "^WOO-\\d+$"))", "true", nullptr, nullptr},
    {R"(matches("woo-727", "^WOO-\\d+$"))", "false", nullptr, nullptr},
    {R"(matches("woo-727", "(?i)^WOO-\\d+$"))", "true", nullptr, nullptr},
    {R"(matches(billing.postcode, "^\\d{5}$"))", "true", nullptr, R"({"billing": {"postcode": "94103"}})"},
    {R"(matches("Øster", "^\\w+$"))", "true", nullptr, nullptr},
    {R"(matches(billing.phone, "\\d"))", "null", nullptr, R"({"billing": {"phone": null}})"},
};
}  // namespace
extern const FunctionSpec kMatches = {"matches", "regex", "`string, string -> bool`", "no",
                                      "whether the pattern matches somewhere in the text (anchor it with `^...$`)", kExamples};
}  // namespace syncloom::stdlib::specs

extern "C" sl_status sl_regex_matches(const sl_regex* re, const char* s, size_t n, bool* out) {
  syncloom::stdlib::detail::MatchData md(re);
  return syncloom::stdlib::detail::match_at(re, s, n, 0, 0, md, out);
}
