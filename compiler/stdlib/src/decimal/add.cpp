// sl_decimal_add: exact sum at the larger scale; aligning is done in 256 bits so no intermediate can wrap.
#include "add_signed.hpp"

extern "C" sl_status sl_decimal_add(sl_decimal a, sl_decimal b, sl_decimal* out) {
  return syncloom::stdlib::detail::add_signed(a, b, false, out);
}
