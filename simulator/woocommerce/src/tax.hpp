// The store's single tax rate, a fact shared with the Tryton set-up: rate_id 75, "US-CA-STATE TAX",
// "State Tax", 7.5000 %, on product lines of the standard tax class and on fees, never on shipping; prices
// exclude tax; each line's tax is rounded half-up to 2 decimals.
#pragma once

#include "money.hpp"

#include <string>

namespace woosim {

struct TaxRate {
  static constexpr int64_t id = 75;
  static constexpr const char* code = "US-CA-STATE TAX";
  static constexpr const char* label = "State Tax";
  static constexpr const char* percent = "7.5000";
  /// Whether a line of that tax status and class pays it (class "" or "standard").
  static bool applies(const std::string& tax_status, const std::string& tax_class) {
    return tax_status != "none" && tax_status != "shipping" && (tax_class.empty() || tax_class == "standard");
  }
  /// The tax on `amount`, rounded half-up to 2 decimals.
  static Money on(const Money& amount) {
    return (amount * *Money::parse(percent)).div(Money::of_int(100), 2);
  }
};

}  // namespace woosim
