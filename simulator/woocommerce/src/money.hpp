// Exact money arithmetic over the compiler's decimal library: WooCommerce amounts are decimal strings and
// no binary floating point touches one here.
#pragma once

#include "syncloom/stdlib/decimal.hpp"

#include <cstdint>
#include <optional>
#include <string>

namespace woosim {

class Money {
 public:
  Money() : d_{0, 0} {}
  static Money of_int(int64_t v) { return Money(sl_decimal_from_int64(v)); }
  /// "29.35", "-9", "0.9"; nullopt for anything else (including "" and floats' exponents are accepted).
  static std::optional<Money> parse(const std::string& text);
  /// parse(), with "" as zero: WooCommerce writes empty strings for unset amounts.
  static Money parse_or_zero(const std::string& text);

  Money operator+(const Money& o) const;
  Money operator-(const Money& o) const;
  Money operator*(const Money& o) const;
  /// Quotient rounded half-up to `scale` digits (zero divisor gives zero: callers check first).
  Money div(const Money& o, int32_t scale) const;
  Money negate() const { return Money(sl_decimal_negate(d_)); }
  /// Half-up (away from zero) to `scale` fraction digits: WooCommerce's wc_round_tax_total and round().
  Money round(int32_t scale) const;
  Money floor(int32_t scale) const;
  int compare(const Money& o) const;
  bool is_zero() const { return d_.coeff == 0; }
  bool negative() const { return d_.coeff < 0; }
  std::optional<int64_t> to_int() const;

  /// Exactly two decimals ("29.35", "0.00", "-10.00"): the REST API's money strings.
  std::string str2() const;
  /// Without trailing zeros ("0.9", "3", "0"): how PHP prints a float, as WooCommerce's taxes[] and price.
  std::string trimmed() const;

 private:
  explicit Money(sl_decimal d) : d_(d) {}
  sl_decimal d_;
};

}  // namespace woosim
