// sl_decimal_negate: unary minus; the coefficient range is symmetric, so it cannot overflow.
#include "syncloom/stdlib/decimal.hpp"

extern "C" sl_decimal sl_decimal_negate(sl_decimal x) { return sl_decimal{-x.coeff, x.scale}; }
