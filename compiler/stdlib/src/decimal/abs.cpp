// sl_decimal_abs: `abs(x)` for decimals, keeping the scale.
#include "syncloom/stdlib/decimal.hpp"

extern "C" sl_decimal sl_decimal_abs(sl_decimal x) { return sl_decimal{x.coeff < 0 ? -x.coeff : x.coeff, x.scale}; }
