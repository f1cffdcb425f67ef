// sl_rounding_named: the rounding mode a mapping names (`round(x, 2, half_up)`); sema accepts only these
// names, so anything else (never reached) is the default, half-even.
#include <string_view>

#include "syncloom/stdlib/decimal.hpp"

extern "C" sl_rounding sl_rounding_named(const char* name, size_t n) {
  std::string_view mode(name, n);
  if (mode == "half_up") return SL_ROUND_HALF_UP;
  if (mode == "half_down") return SL_ROUND_HALF_DOWN;
  if (mode == "up") return SL_ROUND_UP;
  if (mode == "down") return SL_ROUND_DOWN;
  if (mode == "ceiling") return SL_ROUND_CEILING;
  if (mode == "floor") return SL_ROUND_FLOOR;
  return SL_ROUND_HALF_EVEN;
}
