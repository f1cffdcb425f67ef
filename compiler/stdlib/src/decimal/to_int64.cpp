// sl_decimal_to_int64: `int(x)` of a decimal, which fails on a fraction rather than truncating it.
#include "wide.hpp"

extern "C" sl_status sl_decimal_to_int64(sl_decimal x, int64_t* out) {
  using namespace syncloom::stdlib::detail;
  if (!valid(x)) return SL_INVALID;
  u128 unit = pow10(x.scale);
  if (x.coeff % sl_int128(unit) != 0) return SL_INEXACT;
  sl_int128 whole = x.coeff / sl_int128(unit);
  if (whole < INT64_MIN || whole > INT64_MAX) return SL_OVERFLOW;
  *out = int64_t(whole);
  return SL_OK;
}
