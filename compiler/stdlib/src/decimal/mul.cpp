// sl_decimal_mul: the exact product when it fits, else rounded half-even to scale max(18, a.scale, b.scale).
#include "wide.hpp"

extern "C" sl_status sl_decimal_mul(sl_decimal a, sl_decimal b, sl_decimal* out) {
  using namespace syncloom::stdlib::detail;
  if (!valid(a) || !valid(b)) return SL_INVALID;
  bool negative = (a.coeff < 0) != (b.coeff < 0);
  U256 product = mul(magnitude(a.coeff), magnitude(b.coeff));
  int32_t scale = a.scale + b.scale;
  if (scale <= SL_DECIMAL_MAX_DIGITS && make(negative, product, scale, out) == SL_OK) return SL_OK;
  // Too many digits: give up fraction digits only (price * rate chains), never integer ones.
  int32_t target = SL_DECIMAL_DIV_SCALE;
  if (a.scale > target) target = a.scale;
  if (b.scale > target) target = b.scale;
  if (target >= scale) return SL_OVERFLOW;
  u128 rounded = 0;
  if (sl_status s = round_off(product, scale - target, SL_ROUND_HALF_EVEN, negative, &rounded); s != SL_OK) return s;
  return make(negative, U256::from(rounded), target, out);
}
