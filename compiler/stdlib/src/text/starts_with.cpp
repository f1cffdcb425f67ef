// sl_text_starts_with: `starts_with(s, t)`, e.g. routing "GIFT-" SKUs.
#include <string_view>

#include "syncloom/stdlib/text.hpp"
#include "syncloom/stdlib/spec.hpp"

namespace syncloom::stdlib::specs {
namespace {
constexpr Example kExamples[] = {
    {R"~(starts_with("GIFT-100", "GIFT-"))~", R"~(true)~", nullptr, nullptr},
    {R"~(starts_with("gift-100", "GIFT-"))~", R"~(false)~", nullptr, nullptr},
};
}  // namespace
extern const FunctionSpec kStartsWith = {"starts_with", "text", R"~(`string, string -> bool`)~", "no",
                                     R"~(whether `s` begins with `t`)~", kExamples};
}  // namespace syncloom::stdlib::specs

extern "C" sl_status sl_text_starts_with(const char* s, size_t n, const char* t, size_t t_n, bool* out) {
  if (sl_status st = sl_text_validate(s, n); st != SL_OK) return st;
  if (sl_status st = sl_text_validate(t, t_n); st != SL_OK) return st;
  *out = std::string_view(s, n).starts_with(std::string_view(t, t_n));
  return SL_OK;
}
