// Money: thin value wrapper over sl_decimal; overflow (beyond 38 digits) saturates to zero, which no store
// amount reaches (the request parser refuses amounts over 15 digits).
#include "money.hpp"

namespace woosim {

std::optional<Money> Money::parse(const std::string& text) {
  if (text.empty() || text.size() > 24) return std::nullopt;
  sl_decimal d;
  if (sl_decimal_parse(text.data(), text.size(), &d) != SL_OK) return std::nullopt;
  return Money(d);
}

Money Money::parse_or_zero(const std::string& text) {
  auto m = parse(text);
  return m ? *m : Money();
}

Money Money::operator+(const Money& o) const {
  sl_decimal r{0, 0};
  sl_decimal_add(d_, o.d_, &r);
  return Money(r);
}

Money Money::operator-(const Money& o) const {
  sl_decimal r{0, 0};
  sl_decimal_sub(d_, o.d_, &r);
  return Money(r);
}

Money Money::operator*(const Money& o) const {
  sl_decimal r{0, 0};
  sl_decimal_mul(d_, o.d_, &r);
  return Money(r);
}

Money Money::div(const Money& o, int32_t scale) const {
  if (o.is_zero()) return Money();
  sl_decimal q{0, 0};
  sl_decimal_div(d_, o.d_, &q);
  return Money(q).round(scale);
}

Money Money::round(int32_t scale) const {
  sl_decimal r{0, 0};
  sl_decimal_round(d_, scale, SL_ROUND_HALF_UP, &r);
  return Money(r);
}

Money Money::floor(int32_t scale) const {
  sl_decimal r{0, 0};
  sl_decimal_round(d_, scale, SL_ROUND_FLOOR, &r);
  return Money(r);
}

int Money::compare(const Money& o) const {
  int32_t c = 0;
  sl_decimal_compare(d_, o.d_, &c);
  return c;
}

std::optional<int64_t> Money::to_int() const {
  int64_t v = 0;
  if (sl_decimal_to_int64(d_, &v) != SL_OK) return std::nullopt;
  return v;
}

std::string Money::str2() const {
  char buf[SL_DECIMAL_TEXT_MAX];
  size_t len = 0;
  sl_decimal_format(round(2).d_, buf, &len);
  return std::string(buf, len);
}

std::string Money::trimmed() const {
  char buf[SL_DECIMAL_TEXT_MAX];
  size_t len = 0;
  sl_decimal_format(sl_decimal_normalize(d_), buf, &len);
  return std::string(buf, len);
}

}  // namespace woosim
