// sl_decimal_compare: numeric order across scales, aligned in 256 bits.
#include "wide.hpp"

extern "C" sl_status sl_decimal_compare(sl_decimal a, sl_decimal b, int32_t* out) {
  using namespace syncloom::stdlib::detail;
  if (!valid(a) || !valid(b)) return SL_INVALID;
  int sign_a = (a.coeff > 0) - (a.coeff < 0);
  int sign_b = (b.coeff > 0) - (b.coeff < 0);
  if (sign_a != sign_b) {
    *out = sign_a < sign_b ? -1 : 1;
    return SL_OK;
  }
  int32_t scale = a.scale > b.scale ? a.scale : b.scale;
  int order = compare(mul(magnitude(a.coeff), pow10(scale - a.scale)), mul(magnitude(b.coeff), pow10(scale - b.scale)));
  *out = sign_a < 0 ? -order : order;
  return SL_OK;
}
