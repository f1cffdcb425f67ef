// sl_decimal_normalize: strips trailing fraction zeros, for callers that want the shortest text.
#include "syncloom/stdlib/decimal.hpp"

extern "C" sl_decimal sl_decimal_normalize(sl_decimal x) {
  while (x.scale > 0 && x.coeff % 10 == 0) {
    x.coeff /= 10;
    --x.scale;
  }
  return x;
}
