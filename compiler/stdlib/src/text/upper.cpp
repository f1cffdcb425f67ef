// sl_text_upper: `upper(s)`, Unicode-aware, with the one-to-many Latin mappings ("straße" -> "STRASSE").
#include "case_map.hpp"
#include "syncloom/stdlib/spec.hpp"

namespace syncloom::stdlib::specs {
namespace {
constexpr Example kExamples[] = {
    {R"~(upper("straße"))~", R"~("STRASSE")~", nullptr, nullptr},
    {R"~(upper("øster"))~", R"~("ØSTER")~", nullptr, nullptr},
};
}  // namespace
extern const FunctionSpec kUpper = {"upper", "text", R"~(`string -> string`)~", "no",
                                     R"~(Unicode uppercase, with the one-to-many Latin mappings (ß becomes SS))~", kExamples};
}  // namespace syncloom::stdlib::specs

extern "C" sl_status sl_text_upper(const char* s, size_t n, sl_buffer* out) {
  return syncloom::stdlib::detail::map_case(s, n, out, true);
}
