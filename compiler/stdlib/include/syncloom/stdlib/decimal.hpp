// Exact decimal numbers for money: a 128-bit coefficient capped at 38 digits and a scale, as plain C-ABI calls.
//
// Value = coeff * 10^-scale, with |coeff| < 10^38 and 0 <= scale <= 38. 128 bits (not 64) because a catalog-wide
// sum over 200,000 lines at scale 4 or 6 can pass int64's 18 digits; 38 digits is what the coefficient holds
// exactly in every case, so the cap is the same in both engines and no operation ever wraps.
//
// Scale rules (decimal_rules in docs): add/sub keep max(scale); mul is exact (scale a+b) when that fits in 38
// digits and scale 38, otherwise rounds half-even to max(18, a.scale, b.scale); div is described at sl_decimal_div.
// Every result that still needs more than 38 digits is SL_OVERFLOW.
#pragma once

#include <stddef.h>
#include <stdint.h>

#include "syncloom/stdlib/status.hpp"

__extension__ typedef __int128 sl_int128;  // GCC/Clang extension; __extension__ keeps -Wpedantic quiet

extern "C" {

/// coeff * 10^-scale. "29.35" is {2935, 2}; "-0.00" is {0, 2}. Scale is part of the value's text, not of its
/// numeric identity: 2.5 and 2.50 compare equal but format differently.
typedef struct sl_decimal {
  sl_int128 coeff;  ///< |coeff| <= 10^38 - 1
  int32_t scale;    ///< fractional digits, 0..38
} sl_decimal;

/// How sl_decimal_round resolves dropped digits. Values are stable (the JIT passes them as integers).
typedef enum sl_rounding : int32_t {
  SL_ROUND_HALF_EVEN = 0,  ///< to nearest; ties to the even neighbour (banker's rounding)
  SL_ROUND_HALF_UP = 1,    ///< to nearest; ties away from zero
  SL_ROUND_HALF_DOWN = 2,  ///< to nearest; ties towards zero
  SL_ROUND_UP = 3,         ///< away from zero
  SL_ROUND_DOWN = 4,       ///< towards zero (truncate)
  SL_ROUND_CEILING = 5,    ///< towards +infinity
  SL_ROUND_FLOOR = 6,      ///< towards -infinity
} sl_rounding;

enum : int32_t {
  SL_DECIMAL_MAX_DIGITS = 38,  ///< digits in a coefficient, and the largest scale
  SL_DECIMAL_DIV_SCALE = 18,   ///< least scale of an inexact quotient or a rounded product
  SL_DECIMAL_TEXT_MAX = 42,    ///< bytes sl_decimal_format may write: sign, "0.", 38 digits, NUL
};

/// Parses `text[0, n)`: an optional sign ('-' or '+'), digits, optionally '.' and digits, optionally an exponent
/// ('e'/'E', optional sign, digits). Covers JSON numbers (3, 29.35, 1e3, 1.5E-2) and WooCommerce's price strings
/// ("0.9", "-10.00"). The scale is the number of fraction digits minus the exponent, at least 0: "1e3" is
/// {1000, 0}, "1.50" is {150, 2}. Leading zeros are allowed ("007"). Rejected with SL_INVALID: empty text,
/// white space, ".5", "5.", "1,5", "NaN", "Infinity", hex. More than 38 significant digits or a scale above
/// 38 is SL_OVERFLOW (trailing fraction zeros count: "1.000" keeps scale 3).
///
///   sl_decimal d; sl_decimal_parse("29.35", 5, &d);  // {2935, 2}
sl_status sl_decimal_parse(const char* text, size_t n, sl_decimal* out);

/// Writes canonical text and a NUL into `out` (at least SL_DECIMAL_TEXT_MAX bytes): no exponent, exactly
/// `scale` fraction digits, '-' only when the value is not zero ({-0, 2} is "0.00"). Sets *len without the NUL.
/// SL_INVALID when `d` breaks the coefficient or scale limits.
sl_status sl_decimal_format(sl_decimal d, char* out, size_t* len);

/// a + b and a - b, exact, at scale max(a.scale, b.scale).
sl_status sl_decimal_add(sl_decimal a, sl_decimal b, sl_decimal* out);
sl_status sl_decimal_sub(sl_decimal a, sl_decimal b, sl_decimal* out);

/// a * b: exact at scale a.scale + b.scale when the product fits 38 digits and scale 38; otherwise rounded
/// half-even to scale max(18, a.scale, b.scale) (SL_OVERFLOW if it still does not fit).
sl_status sl_decimal_mul(sl_decimal a, sl_decimal b, sl_decimal* out);

/// a / b. SL_DIV_BY_ZERO when b is zero. Let T = max(18, a.scale, b.scale) and P = max(a.scale - b.scale, 0).
/// When the quotient is exact at some scale <= T, the result is exact at the least such scale that is >= P
/// (7 / 2 = 3.5, 10.00 / 4 = 2.50, 10 / 0.5 = 20). Otherwise it is rounded half-even to scale T
/// (1 / 3 = 0.333333333333333333). SL_OVERFLOW when the result needs more than 38 digits.
sl_status sl_decimal_div(sl_decimal a, sl_decimal b, sl_decimal* out);

/// a % b: the exact remainder of truncated division, a - b * trunc(a / b), with a's sign (like int64 `%`) at scale
/// max(a.scale, b.scale): 7.5 % 2 = 1.5, -7.5 % 2 = -1.5, 7 % 0.3 = 0.1. SL_DIV_BY_ZERO when b is zero. Never
/// overflows: the result is no larger than a, and its coefficient stays below b's.
sl_status sl_decimal_rem(sl_decimal a, sl_decimal b, sl_decimal* out);

/// x at exactly `scale` fraction digits (0..38, else SL_INVALID), rounding dropped digits by `mode` or padding
/// zeros. round(2.345, 2, half_even) = 2.34; round(2.5, 0, half_up) = 3; round(-2.5, 0, floor) = -3.
sl_status sl_decimal_round(sl_decimal x, int32_t scale, sl_rounding mode, sl_decimal* out);
/// The mode a mapping names ("half_up", "floor", ...); half-even for anything else.
sl_rounding sl_rounding_named(const char* name, size_t n);

/// Numeric order, ignoring scale: *out is -1, 0 or 1. 2.5 == 2.50.
sl_status sl_decimal_compare(sl_decimal a, sl_decimal b, int32_t* out);

/// v at scale 0; always fits (int64 has 19 digits).
sl_decimal sl_decimal_from_int64(int64_t v);

/// The integral value of x; SL_INEXACT when x has a non-zero fraction (2.50 fails, 2.00 gives 2),
/// SL_OVERFLOW outside int64.
sl_status sl_decimal_to_int64(sl_decimal x, int64_t* out);

/// -x and |x|, same scale; cannot overflow (the coefficient range is symmetric).
sl_decimal sl_decimal_negate(sl_decimal x);
sl_decimal sl_decimal_abs(sl_decimal x);

/// x without trailing fraction zeros (2.500 -> 2.5, 3.00 -> 3). Only on request: arithmetic keeps scales.
sl_decimal sl_decimal_normalize(sl_decimal x);

}  // extern "C"
