// Exact decimal arithmetic: parsing WooCommerce's numbers, canonical text, the scale rules, every rounding mode,
// and the 38-digit cap (overflow is a status, never a wrapped number).
#include <catch2/catch.hpp>

#include <string>

#include "syncloom/stdlib/decimal.hpp"

namespace {

sl_decimal dec(const std::string& text) {
  sl_decimal d{};
  REQUIRE(sl_decimal_parse(text.data(), text.size(), &d) == SL_OK);
  return d;
}

std::string str(sl_decimal d) {
  char buf[SL_DECIMAL_TEXT_MAX];
  size_t len = 0;
  REQUIRE(sl_decimal_format(d, buf, &len) == SL_OK);
  return std::string(buf, len);
}

sl_status parse_status(const std::string& text) {
  sl_decimal d{};
  return sl_decimal_parse(text.data(), text.size(), &d);
}

using BinaryOp = sl_status (*)(sl_decimal, sl_decimal, sl_decimal*);

std::string apply(BinaryOp op, const std::string& a, const std::string& b) {
  sl_decimal out{};
  sl_status s = op(dec(a), dec(b), &out);
  return s == SL_OK ? str(out) : std::string("status ") + sl_status_message(s);
}

std::string rounded(const std::string& x, int32_t scale, sl_rounding mode) {
  sl_decimal out{};
  sl_status s = sl_decimal_round(dec(x), scale, mode, &out);
  return s == SL_OK ? str(out) : std::string("status ") + sl_status_message(s);
}

const std::string k38Nines = std::string(38, '9');

}  // namespace

TEST_CASE("decimal parses JSON numbers and WooCommerce price strings", "[stdlib]") {
  CHECK(str(dec("29.35")) == "29.35");
  CHECK(str(dec("-10.00")) == "-10.00");
  CHECK(str(dec("0.9")) == "0.9");
  CHECK(str(dec("3")) == "3");
  CHECK(str(dec("+3")) == "3");
  CHECK(str(dec("007")) == "7");
  CHECK(str(dec("1e3")) == "1000");
  CHECK(str(dec("1.5E-2")) == "0.015");
  CHECK(str(dec("2.50e1")) == "25.0");
  CHECK(str(dec("0.001")) == "0.001");
  CHECK(dec("29.35").coeff == 2935);
  CHECK(dec("29.35").scale == 2);
}

TEST_CASE("decimal parse rejects empty text, garbage and non-numbers", "[stdlib]") {
  for (const char* bad : {"", "-", "+", ".5", "5.", "1,5", " 1", "1 ", "NaN", "nan", "Infinity", "0x10", "1e", "1e+",
                          "--1", "1.2.3", "12,50", "1_000"})
    CHECK(parse_status(bad) == SL_INVALID);
}

TEST_CASE("decimal parse reports more than 38 digits as overflow", "[stdlib]") {
  CHECK(parse_status(k38Nines) == SL_OK);
  CHECK(parse_status("-" + k38Nines) == SL_OK);
  CHECK(parse_status("1" + std::string(38, '0')) == SL_OVERFLOW);
  CHECK(parse_status("0.0" + k38Nines) == SL_OVERFLOW);  // scale 39
  CHECK(parse_status("000000" + k38Nines) == SL_OK);     // leading zeros are not digits of the value
  CHECK(parse_status("1e38") == SL_OVERFLOW);
  CHECK(parse_status("1e37") == SL_OK);
  CHECK(parse_status("1e-39") == SL_OVERFLOW);
  CHECK(parse_status("0e99999999999") == SL_OK);
}

TEST_CASE("decimal format never prints a negative zero", "[stdlib]") {
  CHECK(str(dec("-0.00")) == "0.00");
  CHECK(str(dec("-0")) == "0");
  CHECK(str(sl_decimal{-5, 3}) == "-0.005");
  CHECK(str(sl_decimal{0, 0}) == "0");
  CHECK(str(dec("-" + k38Nines)) == "-" + k38Nines);
  CHECK(str(sl_decimal{1, 38}) == "0." + std::string(37, '0') + "1");
  char buf[SL_DECIMAL_TEXT_MAX];
  size_t len = 0;
  CHECK(sl_decimal_format(sl_decimal{1, 39}, buf, &len) == SL_INVALID);
}

TEST_CASE("decimal addition is exact: 0.1 + 0.2 == 0.3", "[stdlib]") {
  sl_decimal sum{};
  REQUIRE(sl_decimal_add(dec("0.1"), dec("0.2"), &sum) == SL_OK);
  int32_t order = 9;
  REQUIRE(sl_decimal_compare(sum, dec("0.3"), &order) == SL_OK);
  CHECK(order == 0);
  CHECK(apply(sl_decimal_add, "29.35", "0.9") == "30.25");
  CHECK(apply(sl_decimal_add, "1.5", "-1.50") == "0.00");
  CHECK(apply(sl_decimal_sub, "10", "10.005") == "-0.005");
  CHECK(apply(sl_decimal_sub, "-2.5", "-2.5") == "0.0");
}

TEST_CASE("decimal add and sub overflow exactly at the 38-digit cap", "[stdlib]") {
  CHECK(apply(sl_decimal_add, k38Nines, "1") == "status value out of range");
  CHECK(apply(sl_decimal_sub, "-" + k38Nines, "1") == "status value out of range");
  CHECK(apply(sl_decimal_add, k38Nines, "-1") == std::string(37, '9') + "8");
  CHECK(apply(sl_decimal_add, std::string(37, '9') + "8", "1") == k38Nines);
  // Aligning 1.8e37 to scale 1 passes 2^127, yet the sum fits: no intermediate may wrap.
  CHECK(apply(sl_decimal_add, "18" + std::string(36, '0'), "-99" + std::string(35, '0') + ".0") ==
        "81" + std::string(35, '0') + ".0");
  CHECK(apply(sl_decimal_add, std::string(37, '9'), "0.1") == std::string(37, '9') + ".1");
  CHECK(apply(sl_decimal_add, k38Nines, "0.1") == "status value out of range");
}

TEST_CASE("decimal multiplication is exact when it fits and rounds half-even otherwise", "[stdlib]") {
  CHECK(apply(sl_decimal_mul, "29.35", "3") == "88.05");
  CHECK(apply(sl_decimal_mul, "1.10", "1.1") == "1.210");
  CHECK(apply(sl_decimal_mul, "-0.5", "0.5") == "-0.25");
  CHECK(apply(sl_decimal_mul, "-0.5", "0") == "0.0");
  CHECK(apply(sl_decimal_mul, "0.0000000005", "0.00000000001") == "0.000000000000000000005");  // scale 21 fits
  // Scale 20 + 20 = 40 > 38: rounded half-even to scale 20 (ties to even both ways).
  const std::string tiny = "0." + std::string(19, '0');
  CHECK(apply(sl_decimal_mul, tiny + "1", "0.50000000000000000000") == tiny + "0");
  CHECK(apply(sl_decimal_mul, tiny + "3", "0.50000000000000000000") == tiny + "2");
  // 40 digits at scale 20 -> 38 digits at scale 18.
  CHECK(apply(sl_decimal_mul, "1234567890.1234567890", "1234567890.1234567890") ==
        "1524157875323883675.019051998750190521");
  CHECK(apply(sl_decimal_mul, "1" + std::string(19, '0'), "1" + std::string(18, '0')) == "1" + std::string(37, '0'));
  CHECK(apply(sl_decimal_mul, "1" + std::string(19, '0'), "1" + std::string(19, '0')) == "status value out of range");
  CHECK(apply(sl_decimal_mul, k38Nines, k38Nines) == "status value out of range");
}

TEST_CASE("decimal division is exact where it terminates", "[stdlib]") {
  CHECK(apply(sl_decimal_div, "7", "2") == "3.5");
  CHECK(apply(sl_decimal_div, "10.00", "4") == "2.50");
  CHECK(apply(sl_decimal_div, "10", "0.5") == "20");
  CHECK(apply(sl_decimal_div, "1", "8") == "0.125");
  CHECK(apply(sl_decimal_div, "-9", "3") == "-3");
  CHECK(apply(sl_decimal_div, "0.00", "-3") == "0.00");
  CHECK(apply(sl_decimal_div, "1" + std::string(37, '0'), "1") == "1" + std::string(37, '0'));
  CHECK(apply(sl_decimal_div, "1", "0.01") == "100");
}

TEST_CASE("decimal division rounds half-even at 18 places: 1 / 3", "[stdlib]") {
  CHECK(apply(sl_decimal_div, "1", "3") == "0.333333333333333333");
  CHECK(apply(sl_decimal_div, "2", "3") == "0.666666666666666667");
  CHECK(apply(sl_decimal_div, "-2", "3") == "-0.666666666666666667");
  CHECK(apply(sl_decimal_div, "1", "7") == "0.142857142857142857");
  // 0.5e-18 ties to even (0), 1.5e-18 ties to even (2).
  CHECK(apply(sl_decimal_div, "0.000000000000000001", "2") == "0.000000000000000000");
  CHECK(apply(sl_decimal_div, "0.000000000000000003", "2") == "0.000000000000000002");
  CHECK(apply(sl_decimal_div, "1", "3.0000000000000000000") == "0.3333333333333333333");  // T = b.scale 19
  CHECK(apply(sl_decimal_div, "1" + std::string(30, '0'), "3") == "status value out of range");
}

TEST_CASE("decimal division by zero is a status", "[stdlib]") {
  CHECK(apply(sl_decimal_div, "1", "0") == "status division by zero");
  CHECK(apply(sl_decimal_div, "0", "0.00") == "status division by zero");
}

TEST_CASE("decimal remainder is exact and takes the dividend's sign", "[stdlib]") {
  CHECK(apply(sl_decimal_rem, "7.5", "2") == "1.5");
  CHECK(apply(sl_decimal_rem, "-7.5", "2") == "-1.5");
  CHECK(apply(sl_decimal_rem, "7.5", "-2") == "1.5");
  CHECK(apply(sl_decimal_rem, "7", "0.3") == "0.1");
  CHECK(apply(sl_decimal_rem, "1", "3") == "1");
  CHECK(apply(sl_decimal_rem, "6", "3.00") == "0.00");
  CHECK(apply(sl_decimal_rem, "0.5", "1" + std::string(37, '0')) == "0.5");
  // a / b rounds up to 1 at scale 20 here; an exact remainder must not go negative.
  CHECK(apply(sl_decimal_rem, "1.99999999999999999999", "2") == "1.99999999999999999999");
  // a / b would overflow at scale 18; the remainder does not.
  CHECK(apply(sl_decimal_rem, "1" + std::string(37, '0'), "3") == "1");
  // Aligned, a is (10^38 - 1) * 10^38, far past 128 bits: (10^38 - 1) * 10^38 mod 7 = 2.
  CHECK(apply(sl_decimal_rem, k38Nines, "0." + std::string(37, '0') + "7") == "0." + std::string(37, '0') + "2");
  CHECK(apply(sl_decimal_rem, "1", "0.00") == "status division by zero");
}

TEST_CASE("decimal round resolves ties in each mode, both signs", "[stdlib]") {
  struct Row { const char* x; const char* half_even; const char* half_up; const char* half_down; const char* up;
               const char* down; const char* ceiling; const char* floor; };
  const Row rows[] = {
      {"2.5", "2", "3", "2", "3", "2", "3", "2"},         {"3.5", "4", "4", "3", "4", "3", "4", "3"},
      {"-2.5", "-2", "-3", "-2", "-3", "-2", "-2", "-3"}, {"-3.5", "-4", "-4", "-3", "-4", "-3", "-3", "-4"},
      {"2.51", "3", "3", "3", "3", "2", "3", "2"},        {"2.49", "2", "2", "2", "3", "2", "3", "2"},
      {"-2.51", "-3", "-3", "-3", "-3", "-2", "-2", "-3"}, {"2.0", "2", "2", "2", "2", "2", "2", "2"},
      {"0.4", "0", "0", "0", "1", "0", "1", "0"},         {"-0.4", "0", "0", "0", "-1", "0", "0", "-1"},
      {"2.5000000001", "3", "3", "3", "3", "2", "3", "2"},
  };
  for (const Row& r : rows) {
    INFO(r.x);
    CHECK(rounded(r.x, 0, SL_ROUND_HALF_EVEN) == r.half_even);
    CHECK(rounded(r.x, 0, SL_ROUND_HALF_UP) == r.half_up);
    CHECK(rounded(r.x, 0, SL_ROUND_HALF_DOWN) == r.half_down);
    CHECK(rounded(r.x, 0, SL_ROUND_UP) == r.up);
    CHECK(rounded(r.x, 0, SL_ROUND_DOWN) == r.down);
    CHECK(rounded(r.x, 0, SL_ROUND_CEILING) == r.ceiling);
    CHECK(rounded(r.x, 0, SL_ROUND_FLOOR) == r.floor);
  }
}

TEST_CASE("decimal round to cents pads, carries and checks its arguments", "[stdlib]") {
  CHECK(rounded("2.345", 2, SL_ROUND_HALF_EVEN) == "2.34");
  CHECK(rounded("2.355", 2, SL_ROUND_HALF_EVEN) == "2.36");
  CHECK(rounded("2.345", 2, SL_ROUND_HALF_UP) == "2.35");
  CHECK(rounded("9.995", 2, SL_ROUND_HALF_UP) == "10.00");
  CHECK(rounded("29.3", 2, SL_ROUND_HALF_EVEN) == "29.30");
  CHECK(rounded("-0.004", 2, SL_ROUND_HALF_EVEN) == "0.00");
  CHECK(rounded(k38Nines.substr(0, 37) + ".9", 0, SL_ROUND_HALF_UP) == "1" + std::string(37, '0'));
  CHECK(rounded(k38Nines, 1, SL_ROUND_HALF_UP) == "status value out of range");
  CHECK(rounded("1", 38, SL_ROUND_HALF_UP) == "status value out of range");
  CHECK(rounded("0.1", 38, SL_ROUND_HALF_UP) == "0.1" + std::string(37, '0'));
  CHECK(rounded("1", -1, SL_ROUND_HALF_UP) == "status invalid value");
  CHECK(rounded("1", 39, SL_ROUND_HALF_UP) == "status invalid value");
  sl_decimal out{};
  CHECK(sl_decimal_round(dec("1"), 0, static_cast<sl_rounding>(7), &out) == SL_INVALID);
}

TEST_CASE("decimal compare ignores scale and orders negatives", "[stdlib]") {
  auto cmp = [](const std::string& a, const std::string& b) {
    int32_t order = 9;
    REQUIRE(sl_decimal_compare(dec(a), dec(b), &order) == SL_OK);
    return order;
  };
  CHECK(cmp("2.5", "2.50") == 0);
  CHECK(cmp("-0.00", "0") == 0);
  CHECK(cmp("-3", "-2.99") == -1);
  CHECK(cmp("0.1", "-5") == 1);
  CHECK(cmp(k38Nines, "0." + k38Nines) == 1);
  CHECK(cmp("-" + k38Nines, "-0." + k38Nines) == -1);
}

TEST_CASE("decimal converts to and from int64", "[stdlib]") {
  CHECK(str(sl_decimal_from_int64(INT64_MIN)) == "-9223372036854775808");
  int64_t v = 0;
  CHECK(sl_decimal_to_int64(dec("2.00"), &v) == SL_OK);
  CHECK(v == 2);
  CHECK(sl_decimal_to_int64(dec("-9223372036854775808"), &v) == SL_OK);
  CHECK(v == INT64_MIN);
  CHECK(sl_decimal_to_int64(dec("2.5"), &v) == SL_INEXACT);
  CHECK(sl_decimal_to_int64(dec("9223372036854775808"), &v) == SL_OVERFLOW);
  CHECK(sl_decimal_to_int64(dec("-9223372036854775809.0"), &v) == SL_OVERFLOW);
}

TEST_CASE("decimal negate, abs and normalize keep or strip the scale as asked", "[stdlib]") {
  CHECK(str(sl_decimal_negate(dec("1.50"))) == "-1.50");
  CHECK(str(sl_decimal_negate(dec("0.0"))) == "0.0");
  CHECK(str(sl_decimal_abs(dec("-" + k38Nines))) == k38Nines);
  CHECK(str(sl_decimal_normalize(dec("2.500"))) == "2.5");
  CHECK(str(sl_decimal_normalize(dec("3.00"))) == "3");
  CHECK(str(sl_decimal_normalize(dec("-0.000"))) == "0");
  CHECK(str(sl_decimal_normalize(dec("100"))) == "100");
}
