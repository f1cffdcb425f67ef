// sl_text_contains: `contains(s, t)`, a byte search over validated UTF-8.
#include <string_view>

#include "syncloom/stdlib/text.hpp"
#include "syncloom/stdlib/spec.hpp"

namespace syncloom::stdlib::specs {
namespace {
constexpr Example kExamples[] = {
    {R"~(contains("Hauptstraße 5", "straße"))~", R"~(true)~", nullptr, nullptr},
    {R"~(contains("abc", ""))~", R"~(true)~", nullptr, nullptr},
};
}  // namespace
extern const FunctionSpec kContains = {"contains", "text", R"~(`string, string -> bool`)~", "no",
                                     R"~(whether `t` occurs in `s` (case-sensitive))~", kExamples};
}  // namespace syncloom::stdlib::specs

extern "C" sl_status sl_text_contains(const char* s, size_t n, const char* t, size_t t_n, bool* out) {
  if (sl_status st = sl_text_validate(s, n); st != SL_OK) return st;
  if (sl_status st = sl_text_validate(t, t_n); st != SL_OK) return st;
  *out = std::string_view(s, n).find(std::string_view(t, t_n)) != std::string_view::npos;
  return SL_OK;
}
