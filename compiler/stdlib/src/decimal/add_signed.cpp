// Sign-magnitude addition for add and sub: a 38-digit operand shifted by up to 38 places needs 256 bits.
#include "add_signed.hpp"

namespace syncloom::stdlib::detail {

sl_status add_signed(sl_decimal a, sl_decimal b, bool negate_b, sl_decimal* out) {
  if (!valid(a) || !valid(b)) return SL_INVALID;
  // Fast path: equal scales and 64-bit coefficients (money) cannot leave the 38-digit range, so the sum is
  // plain 128-bit arithmetic. The JIT inlines the same test.
  if (a.scale == b.scale && a.coeff == int64_t(a.coeff) && b.coeff == int64_t(b.coeff)) {
    *out = sl_decimal{negate_b ? a.coeff - b.coeff : a.coeff + b.coeff, a.scale};
    return SL_OK;
  }
  int32_t scale = a.scale > b.scale ? a.scale : b.scale;
  U256 x = mul(magnitude(a.coeff), pow10(scale - a.scale));
  U256 y = mul(magnitude(b.coeff), pow10(scale - b.scale));
  bool x_negative = a.coeff < 0;
  bool y_negative = (b.coeff < 0) != negate_b;
  if (x_negative == y_negative) return make(x_negative, add(x, y), scale, out);
  // Opposite signs: the larger magnitude keeps its sign; a zero result is never negative.
  int order = compare(x, y);
  if (order == 0) return make(false, U256{}, scale, out);
  return order > 0 ? make(x_negative, sub(x, y), scale, out) : make(y_negative, sub(y, x), scale, out);
}

}  // namespace syncloom::stdlib::detail
