// sl_decimal_parse: JSON numbers and WooCommerce's decimal strings to an exact decimal, rejecting anything else.
#include "wide.hpp"

namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }

}  // namespace

extern "C" sl_status sl_decimal_parse(const char* text, size_t n, sl_decimal* out) {
  using namespace syncloom::stdlib::detail;
  size_t i = 0;
  bool negative = false;
  if (i < n && (text[i] == '-' || text[i] == '+')) negative = text[i++] == '-';

  // 1. Mantissa: digits, optionally '.' and digits; digits on both sides of the point.
  u128 coeff = 0;
  int significant = 0;  // digits from the first non-zero one on, trailing zeros included
  int32_t fraction = 0;
  auto take_digits = [&](bool in_fraction) {
    size_t start = i;
    for (; i < n && is_digit(text[i]); ++i) {
      if (in_fraction) ++fraction;
      if (significant == 0 && text[i] == '0') continue;
      if (++significant > SL_DECIMAL_MAX_DIGITS) continue;  // reported below, after the syntax check
      coeff = coeff * 10 + u128(text[i] - '0');
    }
    return i > start;
  };
  if (!take_digits(false)) return SL_INVALID;
  if (i < n && text[i] == '.') {
    ++i;
    if (!take_digits(true)) return SL_INVALID;
  }

  // 2. Exponent. Large exponents are clamped: any beyond +-1000 overflows anyway.
  int32_t exponent = 0;
  if (i < n && (text[i] == 'e' || text[i] == 'E')) {
    ++i;
    bool exp_negative = false;
    if (i < n && (text[i] == '-' || text[i] == '+')) exp_negative = text[i++] == '-';
    size_t start = i;
    for (; i < n && is_digit(text[i]); ++i)
      if (exponent < 1000) exponent = exponent * 10 + (text[i] - '0');
    if (i == start) return SL_INVALID;
    if (exp_negative) exponent = -exponent;
  }
  if (i != n) return SL_INVALID;
  if (significant > SL_DECIMAL_MAX_DIGITS) return SL_OVERFLOW;

  // 3. Scale = fraction digits - exponent; a negative scale is folded into the coefficient.
  int32_t scale = fraction - exponent;
  if (scale > SL_DECIMAL_MAX_DIGITS) return SL_OVERFLOW;
  if (scale < 0) {
    if (coeff != 0) {
      if (significant - scale > SL_DECIMAL_MAX_DIGITS) return SL_OVERFLOW;
      coeff *= pow10(-scale);
    }
    scale = 0;
  }
  sl_int128 c = sl_int128(coeff);
  *out = sl_decimal{negative ? -c : c, scale};
  return SL_OK;
}
