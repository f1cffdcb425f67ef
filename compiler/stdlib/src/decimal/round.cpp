// sl_decimal_round: a value at exactly the requested scale, by one of the seven rounding modes.
#include "wide.hpp"
#include "syncloom/stdlib/spec.hpp"

namespace syncloom::stdlib::specs {
namespace {
constexpr Example kExamples[] = {
    {R"~(round(10 / 3, 2))~", R"~(3.33)~", nullptr, nullptr},
    {R"~(round(2.345, 2, half_up))~", R"~(2.35)~", nullptr, nullptr},
    {R"~(round(2.345, 2))~", R"~(2.34)~", nullptr, nullptr},
    {R"~(round(7, 2))~", R"~(7.00)~", nullptr, nullptr},
};
}  // namespace
extern const FunctionSpec kRound = {"round", "number", R"~(`int` or `decimal`, `int`[, mode] `-> decimal`; not float)~", "no",
                                     R"~(exactly `scale` places, rounded by `mode` (half_even unless given))~", kExamples};
}  // namespace syncloom::stdlib::specs

extern "C" sl_status sl_decimal_round(sl_decimal x, int32_t scale, sl_rounding mode, sl_decimal* out) {
  using namespace syncloom::stdlib::detail;
  if (!valid(x) || scale < 0 || scale > SL_DECIMAL_MAX_DIGITS || mode < SL_ROUND_HALF_EVEN || mode > SL_ROUND_FLOOR)
    return SL_INVALID;
  bool negative = x.coeff < 0;
  if (scale >= x.scale)  // padding zeros is exact, but may pass 38 digits
    return make(negative, mul(magnitude(x.coeff), pow10(scale - x.scale)), scale, out);
  u128 rounded = 0;
  if (sl_status s = round_off(U256::from(magnitude(x.coeff)), x.scale - scale, mode, negative, &rounded); s != SL_OK)
    return s;
  return make(negative, U256::from(rounded), scale, out);
}
