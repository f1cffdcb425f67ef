// Dates and timestamps: WooCommerce's offset-less `*_gmt` values as UTC, offsets, calendar validation (leap years,
// Feb 30, month 13), the epoch and year 0000/9999 boundaries, add_days, ISO text and the strftime subset.
#include <catch2/catch.hpp>

#include <string>

#include "stdlib_test_util.hpp"
#include "syncloom/stdlib/time.hpp"

namespace {

using syncloom::testing::take;

int64_t ts(const std::string& text) {
  int64_t v = 0;
  INFO(text);
  REQUIRE(sl_timestamp_parse(text.data(), text.size(), &v) == SL_OK);
  return v;
}

int32_t day(const std::string& text) {
  int32_t v = 0;
  INFO(text);
  REQUIRE(sl_date_parse(text.data(), text.size(), &v) == SL_OK);
  return v;
}

sl_status ts_status(const std::string& text) {
  int64_t v = 0;
  return sl_timestamp_parse(text.data(), text.size(), &v);
}

sl_status day_status(const std::string& text) {
  int32_t v = 0;
  return sl_date_parse(text.data(), text.size(), &v);
}

std::string text_of(sl_status (*fn)(int64_t, sl_buffer*), int64_t v) {
  sl_buffer b{};
  sl_status st = fn(v, &b);
  return take(st, b);
}

std::string ts_text(int64_t v) { return text_of(sl_timestamp_to_text, v); }
std::string day_text(int32_t v) {
  return text_of([](int64_t d, sl_buffer* b) { return sl_date_to_text(int32_t(d), b); }, v);
}

std::string formatted(int64_t v, const std::string& fmt) {
  sl_buffer b{};
  sl_status st = sl_timestamp_format(v, fmt.data(), fmt.size(), &b);
  return take(st, b);
}

constexpr int64_t kSecond = 1000000;

}  // namespace

TEST_CASE("timestamp without an offset is UTC, as WooCommerce's *_gmt fields", "[stdlib]") {
  CHECK(ts("2017-03-22T16:28:08") == 1490200088 * kSecond);
  CHECK(ts("2017-03-22T16:28:08Z") == 1490200088 * kSecond);
  CHECK(ts("2017-03-22T16:28:08+00:00") == 1490200088 * kSecond);
  CHECK(ts("2017-03-22T16:28:08-00:00") == 1490200088 * kSecond);
  CHECK(ts("2017-03-22 16:28:08") == 1490200088 * kSecond);
  CHECK(ts("2017-03-22T18:28:08+02:00") == 1490200088 * kSecond);
  CHECK(ts("2017-03-22T11:58:08-04:30") == 1490200088 * kSecond);
  CHECK(ts("2017-03-22T16:28:08.5Z") == 1490200088 * kSecond + 500000);
  CHECK(ts("2017-03-22T16:28:08.000001") == 1490200088 * kSecond + 1);
}

TEST_CASE("timestamp parse handles the epoch and times before it", "[stdlib]") {
  CHECK(ts("1970-01-01T00:00:00") == 0);
  CHECK(ts("1970-01-01T00:00:01Z") == kSecond);
  CHECK(ts("1969-12-31T23:59:59") == -kSecond);
  CHECK(ts("1969-12-31T23:59:59.999999") == -1);
  CHECK(ts("1970-01-01T01:00:00+01:00") == 0);
  CHECK(ts("0000-01-01T00:00:00") == SL_TIMESTAMP_MIN);
  CHECK(ts("9999-12-31T23:59:59.999999") == SL_TIMESTAMP_MAX);
  CHECK(ts_status("0000-01-01T00:30:00+01:00") == SL_OVERFLOW);  // year -1 in UTC
  CHECK(ts_status("9999-12-31T23:30:00-01:00") == SL_OVERFLOW);  // year 10000 in UTC
}

TEST_CASE("timestamp parse rejects malformed text and impossible times", "[stdlib]") {
  for (const char* bad : {"", "2017-03-22", "2017-03-22T16:28", "2017-03-22T16:28:08 ", " 2017-03-22T16:28:08",
                          "2017-3-22T16:28:08", "17-03-22T16:28:08", "-2017-03-22T16:28:08", "+2017-03-22T16:28:08",
                          "2017-03-22t16:28:08", "2017-03-22T16:28:08.", "2017-03-22T16:28:08.1234567",
                          "2017-03-22T16:28:08+02", "2017-03-22T16:28:08+0200", "2017-03-22T16:28:08+24:00",
                          "2017-03-22T16:28:08z", "2017-03-22T24:00:00", "2017-03-22T23:60:00",
                          "2017-03-22T23:59:60", "2017-13-22T16:28:08", "2017-02-29T00:00:00",
                          "2017-03-22T16:28:08ZZ", "2017-03-22X16:28:08"}) {
    INFO(bad);
    CHECK(ts_status(bad) == SL_INVALID);
  }
}

TEST_CASE("date parse validates months, month lengths and leap years", "[stdlib]") {
  CHECK(day("1970-01-01") == 0);
  CHECK(day("1969-12-31") == -1);
  CHECK(day("2000-03-01") - day("2000-02-28") == 2);  // 2000 is a leap year (divisible by 400)
  CHECK(day("1900-03-01") - day("1900-02-28") == 1);  // 1900 is not (divisible by 100)
  CHECK(day("2024-02-29") == 19782);
  CHECK(day("0000-01-01") == SL_DATE_MIN);
  CHECK(day("9999-12-31") == SL_DATE_MAX);
  CHECK(day("0000-02-29") == SL_DATE_MIN + 59);  // year 0 is a leap year in the proleptic calendar
  for (const char* bad : {"2023-02-29", "1900-02-29", "2024-02-30", "2024-04-31", "2024-13-01", "2024-00-10",
                          "2024-01-00", "2024-01-32", "-0001-01-01", "10000-01-01", "2024-1-01", "2024/01/01",
                          "2024-01-01T00:00:00", "", "2024-01-0a"}) {
    INFO(bad);
    CHECK(day_status(bad) == SL_INVALID);
  }
}

TEST_CASE("every day of a 400-year cycle round-trips through text", "[stdlib]") {
  // Parse(format(d)) == d over 1900-2299 exercises both of Hinnant's algorithms on every leap-year rule.
  for (int32_t d = day("1900-01-01"); d <= day("2299-12-31"); ++d) {
    std::string t = day_text(d);
    int32_t back = 0;
    REQUIRE(sl_date_parse(t.data(), t.size(), &back) == SL_OK);
    REQUIRE(back == d);
  }
}

TEST_CASE("date of a timestamp is its UTC day, also before the epoch", "[stdlib]") {
  CHECK(sl_timestamp_date(ts("2017-03-22T16:28:08")) == day("2017-03-22"));
  CHECK(sl_timestamp_date(ts("2017-03-22T00:30:00+01:00")) == day("2017-03-21"));
  CHECK(sl_timestamp_date(0) == 0);
  CHECK(sl_timestamp_date(-1) == -1);
  CHECK(sl_timestamp_date(ts("1969-12-31T00:00:00")) == -1);
  CHECK(sl_timestamp_date(SL_TIMESTAMP_MIN) == SL_DATE_MIN);
  CHECK(sl_timestamp_date(SL_TIMESTAMP_MAX) == SL_DATE_MAX);
  CHECK(sl_date_timestamp(day("2017-03-22")) == ts("2017-03-22T00:00:00"));
}

TEST_CASE("add_days moves dates and timestamps and stops at the year range", "[stdlib]") {
  int32_t d = 0;
  REQUIRE(sl_date_add_days(day("2024-02-28"), 1, &d) == SL_OK);
  CHECK(day_text(d) == "2024-02-29");
  REQUIRE(sl_date_add_days(day("2023-12-31"), 30, &d) == SL_OK);
  CHECK(day_text(d) == "2024-01-30");
  REQUIRE(sl_date_add_days(0, -1, &d) == SL_OK);
  CHECK(day_text(d) == "1969-12-31");
  CHECK(sl_date_add_days(SL_DATE_MAX, 1, &d) == SL_OVERFLOW);
  CHECK(sl_date_add_days(SL_DATE_MIN, -1, &d) == SL_OVERFLOW);
  CHECK(sl_date_add_days(0, INT64_MAX, &d) == SL_OVERFLOW);
  CHECK(sl_date_add_days(0, INT64_MIN, &d) == SL_OVERFLOW);
  int64_t t = 0;
  REQUIRE(sl_timestamp_add_days(ts("2017-03-22T16:28:08"), 30, &t) == SL_OK);
  CHECK(ts_text(t) == "2017-04-21T16:28:08Z");
  REQUIRE(sl_timestamp_add_days(ts("2017-03-22T16:28:08"), -30, &t) == SL_OK);
  CHECK(ts_text(t) == "2017-02-20T16:28:08Z");
  CHECK(sl_timestamp_add_days(SL_TIMESTAMP_MAX, 1, &t) == SL_OVERFLOW);
  CHECK(sl_timestamp_add_days(0, INT64_MIN, &t) == SL_OVERFLOW);
  CHECK(sl_timestamp_add_days(INT64_MAX, 0, &t) == SL_OVERFLOW);
}

TEST_CASE("timestamps and dates print as ISO 8601", "[stdlib]") {
  CHECK(ts_text(0) == "1970-01-01T00:00:00Z");
  CHECK(ts_text(-1) == "1969-12-31T23:59:59.999999Z");
  CHECK(ts_text(ts("2017-03-22T18:28:08.25+02:00")) == "2017-03-22T16:28:08.250000Z");
  CHECK(ts_text(SL_TIMESTAMP_MIN) == "0000-01-01T00:00:00Z");
  CHECK(ts_text(SL_TIMESTAMP_MAX + 1) == "status value out of range");
  CHECK(day_text(0) == "1970-01-01");
  CHECK(day_text(SL_DATE_MAX) == "9999-12-31");
  CHECK(day_text(SL_DATE_MIN - 1) == "status value out of range");
}

TEST_CASE("format_date renders the strftime subset and rejects other specifiers", "[stdlib]") {
  int64_t t = ts("2017-03-02T06:08:09");
  CHECK(formatted(t, "%Y-%m-%d") == "2017-03-02");
  CHECK(formatted(t, "%d.%m.%Y %H:%M:%S") == "02.03.2017 06:08:09");
  CHECK(formatted(t, "100%% on %Y") == "100% on 2017");
  CHECK(formatted(t, "Øster") == "Øster");
  CHECK(formatted(t, "") == "");
  CHECK(formatted(ts("0007-01-01T00:00:00"), "%Y") == "0007");
  CHECK(formatted(t, "%y") == "status invalid value");
  CHECK(formatted(t, "%Y%") == "status invalid value");
  CHECK(formatted(t, "\xFF") == "status invalid UTF-8");
  CHECK(formatted(SL_TIMESTAMP_MAX + 1, "%Y") == "status value out of range");
  sl_buffer b{};
  REQUIRE(sl_date_format(day("2024-02-29"), "%d/%m/%Y %H:%M", 14, &b) == SL_OK);
  CHECK(std::string(b.data, b.len) == "29/02/2024 00:00");
  CHECK(sl_date_format(0, "%Q", 2, &b) == SL_INVALID);
  CHECK(b.len == 16);  // the failed call appended nothing
  sl_buffer_free(&b);
  CHECK(sl_time_format_check("%Y-%m-%d %%", 11) == SL_OK);
  CHECK(sl_time_format_check("%Y-%j", 5) == SL_INVALID);
  CHECK(sl_time_format_check("%", 1) == SL_INVALID);
}
