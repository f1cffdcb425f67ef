// 256-bit arithmetic and digit-dropping with rounding, shared by the decimal operations.
#include "wide.hpp"

namespace syncloom::stdlib::detail {

u128 pow10(int n) {
  static const auto table = [] {
    struct Table { u128 v[SL_DECIMAL_MAX_DIGITS + 1]; } t{};
    t.v[0] = 1;
    for (int i = 1; i <= SL_DECIMAL_MAX_DIGITS; ++i) t.v[i] = t.v[i - 1] * 10;
    return t;
  }();
  return table.v[n];
}

U256 mul(u128 a, u128 b) {
  // Schoolbook over 64-bit halves; each partial product fits u128.
  uint64_t x[2] = {uint64_t(a), uint64_t(a >> 64)};
  uint64_t y[2] = {uint64_t(b), uint64_t(b >> 64)};
  U256 r;
  for (int i = 0; i < 2; ++i) {
    u128 carry = 0;
    for (int j = 0; j < 2; ++j) {
      u128 cur = u128(x[i]) * y[j] + r.limb[i + j] + carry;
      r.limb[i + j] = uint64_t(cur);
      carry = cur >> 64;
    }
    r.limb[i + 2] = uint64_t(carry);
  }
  return r;
}

U256 add(const U256& a, const U256& b) {
  U256 r;
  u128 carry = 0;
  for (int i = 0; i < 4; ++i) {
    u128 cur = u128(a.limb[i]) + b.limb[i] + carry;
    r.limb[i] = uint64_t(cur);
    carry = cur >> 64;
  }
  return r;
}

U256 sub(const U256& a, const U256& b) {
  U256 r;
  uint64_t borrow = 0;
  for (int i = 0; i < 4; ++i) {
    u128 cur = u128(a.limb[i]) - b.limb[i] - borrow;
    r.limb[i] = uint64_t(cur);
    borrow = (cur >> 64) ? 1 : 0;
  }
  return r;
}

int compare(const U256& a, const U256& b) {
  for (int i = 3; i >= 0; --i)
    if (a.limb[i] != b.limb[i]) return a.limb[i] < b.limb[i] ? -1 : 1;
  return 0;
}

uint64_t divmod(U256& v, uint64_t divisor) {
  u128 rem = 0;
  for (int i = 3; i >= 0; --i) {
    u128 cur = (rem << 64) | v.limb[i];
    v.limb[i] = uint64_t(cur / divisor);
    rem = cur % divisor;
  }
  return uint64_t(rem);
}

unsigned next_digit(u128& r, u128 b) {
  if (r <= ~u128(0) / 10) {
    u128 ten_r = r * 10;
    r = ten_r % b;
    return unsigned(ten_r / b);
  }
  unsigned digit = 0;
  u128 acc = 0;
  for (int i = 0; i < 10; ++i) {
    acc += r;  // acc < b and r < b, so acc + r < 2 * 10^38 < 2^128
    if (acc >= b) {
      acc -= b;
      ++digit;
    }
  }
  r = acc;
  return digit;
}

sl_status round_off(U256 mag, int drop, sl_rounding mode, bool negative, u128* out) {
  // Only the first dropped digit and whether any later one is non-zero decide the rounding.
  uint64_t first = 0;
  bool sticky = false;
  for (int i = 0; i < drop; ++i) {
    uint64_t digit = divmod(mag, 10);
    sticky = sticky || first != 0;
    first = digit;
  }
  bool any = first != 0 || sticky;
  bool odd = mag.limb[0] & 1;
  bool bump = false;
  switch (mode) {
    case SL_ROUND_HALF_EVEN: bump = first > 5 || (first == 5 && (sticky || odd)); break;
    case SL_ROUND_HALF_UP: bump = first >= 5; break;
    case SL_ROUND_HALF_DOWN: bump = first > 5 || (first == 5 && sticky); break;
    case SL_ROUND_UP: bump = any; break;
    case SL_ROUND_DOWN: bump = false; break;
    case SL_ROUND_CEILING: bump = any && !negative; break;
    case SL_ROUND_FLOOR: bump = any && negative; break;
    default: return SL_INVALID;
  }
  if (bump) mag = add(mag, U256::from(1));
  if (!mag.fits_u128() || mag.low() >= coeff_limit()) return SL_OVERFLOW;
  *out = mag.low();
  return SL_OK;
}

sl_status make(bool negative, const U256& mag, int32_t scale, sl_decimal* out) {
  if (!mag.fits_u128() || mag.low() >= coeff_limit()) return SL_OVERFLOW;
  sl_int128 c = sl_int128(mag.low());
  *out = sl_decimal{negative ? -c : c, scale};
  return SL_OK;
}

}  // namespace syncloom::stdlib::detail
