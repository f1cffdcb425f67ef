// sl_decimal_sub: a + (-b), through the same exact aligned addition as sl_decimal_add.
#include "add_signed.hpp"

extern "C" sl_status sl_decimal_sub(sl_decimal a, sl_decimal b, sl_decimal* out) {
  return syncloom::stdlib::detail::add_signed(a, b, true, out);
}
