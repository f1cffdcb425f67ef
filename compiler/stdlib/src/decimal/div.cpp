// sl_decimal_div: long division digit by digit, exact where the quotient terminates, else half-even at scale T.
#include "wide.hpp"

extern "C" sl_status sl_decimal_div(sl_decimal a, sl_decimal b, sl_decimal* out) {
  using namespace syncloom::stdlib::detail;
  if (!valid(a) || !valid(b)) return SL_INVALID;
  if (b.coeff == 0) return SL_DIV_BY_ZERO;
  bool negative = (a.coeff < 0) != (b.coeff < 0);
  u128 x = magnitude(a.coeff);
  u128 y = magnitude(b.coeff);
  int32_t target = SL_DECIMAL_DIV_SCALE;  // T
  if (a.scale > target) target = a.scale;
  if (b.scale > target) target = b.scale;
  int32_t preferred = a.scale > b.scale ? a.scale - b.scale : 0;  // P

  // 1. Integer quotient; its scale is a.scale - b.scale, possibly negative.
  u128 q = x / y;
  u128 r = x % y;
  int32_t scale = a.scale - b.scale;
  const u128 limit = coeff_limit();

  // 2. One more digit per step until the division is exact or scale T is reached.
  while (r != 0 && scale < target) {
    unsigned digit = next_digit(r, y);
    if (q > (limit - 1 - digit) / 10) return SL_OVERFLOW;
    q = q * 10 + digit;
    ++scale;
  }

  // 3. Inexact: round half-even on the remainder (2r < 2 * 10^38 fits).
  if (r != 0) {
    if (2 * r > y || (2 * r == y && (q & 1))) ++q;
    if (q >= limit) return SL_OVERFLOW;
  }

  // 4. Exact with fewer digits than P (10 / 0.5): pad up to P.
  if (scale < preferred) {
    int32_t pad = preferred - scale;
    if (pad > SL_DECIMAL_MAX_DIGITS || (q != 0 && q >= limit / pow10(pad))) return SL_OVERFLOW;
    q *= pow10(pad);
    scale = preferred;
  }
  sl_int128 c = sl_int128(q);
  *out = sl_decimal{negative ? -c : c, scale};
  return SL_OK;
}
