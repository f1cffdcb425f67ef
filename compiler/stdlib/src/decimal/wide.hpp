// 256-bit unsigned helpers for decimal: products of two 38-digit coefficients and aligned operands need 77 digits.
#pragma once

#include <cstdint>

#include "syncloom/stdlib/decimal.hpp"

namespace syncloom::stdlib::detail {

__extension__ typedef unsigned __int128 u128;

/// 10^n for n in 0..38 (10^38 < 2^128).
u128 pow10(int n);

/// 10^38: every coefficient magnitude is below it.
inline u128 coeff_limit() { return pow10(SL_DECIMAL_MAX_DIGITS); }

inline bool valid(const sl_decimal& d) {
  u128 mag = d.coeff < 0 ? u128(0) - u128(d.coeff) : u128(d.coeff);
  return d.scale >= 0 && d.scale <= SL_DECIMAL_MAX_DIGITS && mag < coeff_limit();
}

inline u128 magnitude(sl_int128 c) { return c < 0 ? u128(0) - u128(c) : u128(c); }

/// Little-endian 64-bit limbs.
struct U256 {
  uint64_t limb[4] = {0, 0, 0, 0};

  static U256 from(u128 v) {
    U256 r;
    r.limb[0] = uint64_t(v);
    r.limb[1] = uint64_t(v >> 64);
    return r;
  }
  bool fits_u128() const { return limb[2] == 0 && limb[3] == 0; }
  u128 low() const { return (u128(limb[1]) << 64) | limb[0]; }
  bool is_zero() const { return (limb[0] | limb[1] | limb[2] | limb[3]) == 0; }
};

/// a * b, exact.
U256 mul(u128 a, u128 b);

/// a + b; the callers' operands stay far below 2^256, so no carry leaves the top limb.
U256 add(const U256& a, const U256& b);

/// a - b for a >= b.
U256 sub(const U256& a, const U256& b);

/// -1, 0, 1.
int compare(const U256& a, const U256& b);

/// Divides in place by a small divisor and returns the remainder.
uint64_t divmod(U256& v, uint64_t divisor);

/// One step of long division: returns floor(10 * r / b) and sets r = 10 * r mod b, for r < b < 10^38, without
/// forming 10 * r when it would pass 2^128.
unsigned next_digit(u128& r, u128 b);

/// Drops `drop` low decimal digits of `mag` (a magnitude of a value with sign `negative`), rounding by `mode`,
/// and stores the result if it fits 38 digits; SL_OVERFLOW otherwise.
sl_status round_off(U256 mag, int drop, sl_rounding mode, bool negative, u128* out);

/// Builds a decimal from sign and magnitude, SL_OVERFLOW past 38 digits.
sl_status make(bool negative, const U256& mag, int32_t scale, sl_decimal* out);

}  // namespace syncloom::stdlib::detail
