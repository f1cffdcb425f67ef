// sl_decimal_format: canonical text (no exponent, the value's own scale, no negative zero).
#include "wide.hpp"

extern "C" sl_status sl_decimal_format(sl_decimal d, char* out, size_t* len) {
  using namespace syncloom::stdlib::detail;
  if (!valid(d)) return SL_INVALID;
  // Digits least significant first, padded so there is one integer digit before the fraction.
  char digits[SL_DECIMAL_MAX_DIGITS + 1];
  int count = 0;
  u128 mag = magnitude(d.coeff);
  if (mag <= UINT64_MAX) {
    // Money fits in 64 bits; 128-bit division by 10 is a library call per digit, 64-bit is a multiply.
    for (uint64_t m = uint64_t(mag); m != 0; m /= 10) digits[count++] = char('0' + int(m % 10));
  } else {
    for (; mag != 0; mag /= 10) digits[count++] = char('0' + int(mag % 10));
  }
  while (count < d.scale + 1) digits[count++] = '0';
  size_t pos = 0;
  if (d.coeff < 0) out[pos++] = '-';
  for (int i = count - 1; i >= 0; --i) {
    out[pos++] = digits[i];
    if (i == d.scale && i != 0) out[pos++] = '.';
  }
  out[pos] = '\0';
  *len = pos;
  return SL_OK;
}
