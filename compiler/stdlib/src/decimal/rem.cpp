// sl_decimal_rem: `%` on decimals, computed exactly; a - b * trunc(a / b) through sl_decimal_div would inherit the
// quotient's rounding (1.99999999999999999999 % 2 would come out negative) and overflow for large a.
#include "wide.hpp"

extern "C" sl_status sl_decimal_rem(sl_decimal a, sl_decimal b, sl_decimal* out) {
  using namespace syncloom::stdlib::detail;
  if (!valid(a) || !valid(b)) return SL_INVALID;
  if (b.coeff == 0) return SL_DIV_BY_ZERO;
  u128 x = magnitude(a.coeff);
  u128 y = magnitude(b.coeff);
  u128 r = 0;
  if (a.scale >= b.scale) {
    // b aligned to a's scale is either larger than a (a is the remainder) or fits 128 bits.
    U256 y_aligned = mul(y, pow10(a.scale - b.scale));
    r = compare(y_aligned, U256::from(x)) > 0 ? x : x % y_aligned.low();
  } else {
    // a * 10^d mod b, one decimal shift at a time: (r * 10) mod b never needs more than 128 bits.
    r = x % y;
    for (int32_t i = a.scale; i < b.scale; ++i) next_digit(r, y);
  }
  sl_int128 c = sl_int128(r);  // r < max(|a|, |b|) after alignment: always 38 digits or fewer
  *out = sl_decimal{a.coeff < 0 ? -c : c, a.scale > b.scale ? a.scale : b.scale};
  return SL_OK;
}
