// sl_text_ends_with: `ends_with(s, t)`; on valid UTF-8 a byte suffix match is a code-point suffix match.
#include <string_view>

#include "syncloom/stdlib/text.hpp"
#include "syncloom/stdlib/spec.hpp"

namespace syncloom::stdlib::specs {
namespace {
constexpr Example kExamples[] = {
    {R"~(ends_with("invoice.pdf", ".pdf"))~", R"~(true)~", nullptr, nullptr},
    {R"~(ends_with("invoice.PDF", ".pdf"))~", R"~(false)~", nullptr, nullptr},
};
}  // namespace
extern const FunctionSpec kEndsWith = {"ends_with", "text", R"~(`string, string -> bool`)~", "no",
                                     R"~(whether `s` ends with `t`)~", kExamples};
}  // namespace syncloom::stdlib::specs

extern "C" sl_status sl_text_ends_with(const char* s, size_t n, const char* t, size_t t_n, bool* out) {
  if (sl_status st = sl_text_validate(s, n); st != SL_OK) return st;
  if (sl_status st = sl_text_validate(t, t_n); st != SL_OK) return st;
  *out = std::string_view(s, n).ends_with(std::string_view(t, t_n));
  return SL_OK;
}
