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

  // Fast path: plain short numbers ("29.35", "-0.00", "727"), which is what money looks like, in 64-bit
  // arithmetic: at most 19 characters hold at most 18 digits, below 2^63. Anything else takes the full path.
  if (n - i <= 19) {
    uint64_t v = 0;
    size_t whole = 0, fraction_digits = 0;
    bool point = false;
    size_t j = i;
    for (; j < n; ++j) {
      char c = text[j];
      if (is_digit(c)) {
        v = v * 10 + uint64_t(c - '0');
        ++(point ? fraction_digits : whole);
      } else if (c == '.' && !point) {
        point = true;
      } else {
        break;
      }
    }
    if (j == n && whole > 0 && (!point || fraction_digits > 0)) {
      sl_int128 c = sl_int128(v);
      *out = sl_decimal{negative ? -c : c, int32_t(fraction_digits)};
      return SL_OK;
    }
  }

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
