// sl_text_lower: `lower(s)`, Unicode-aware ("Øster" -> "øster") so e-mail and SKU keys match across systems.
#include "case_map.hpp"
#include "syncloom/stdlib/spec.hpp"

namespace syncloom::stdlib::specs {
namespace {
constexpr Example kExamples[] = {
    {R"~(lower("Øster ÀÉÎ"))~", R"~("øster àéî")~", nullptr, nullptr},
    {R"~(lower(billing.email))~", R"~("john.doe@example.com")~", nullptr, R"~({"billing": {"email": "John.Doe@Example.COM"}})~"},
    {R"~(lower(billing.phone))~", R"~(null)~", nullptr, nullptr},
};
}  // namespace
extern const FunctionSpec kLower = {"lower", "text", R"~(`string -> string`)~", "no",
                                     R"~(Unicode lowercase (simple case mapping))~", kExamples};
}  // namespace syncloom::stdlib::specs

extern "C" sl_status sl_text_lower(const char* s, size_t n, sl_buffer* out) {
  return syncloom::stdlib::detail::map_case(s, n, out, false);
}
