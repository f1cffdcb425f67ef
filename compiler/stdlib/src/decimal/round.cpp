// sl_decimal_round: a value at exactly the requested scale, by one of the seven rounding modes.
#include "wide.hpp"

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
