// Cron expressions: the five fields, schedules that can never fire (E0402), and the next instant a schedule
// fires, checked against a minute-by-minute scan through the C library's calendar (gmtime_r).
#include <catch2/catch.hpp>
#include <ctime>
#include <random>

#include "syncloom/frontend/cron.hpp"

using syncloom::frontend::never_fires;
using syncloom::frontend::next_fire;
using syncloom::frontend::parse_cron;

TEST_CASE("cron fields parse into the minutes, hours, days, months and weekdays they select", "[cron]") {
  std::string why;
  auto spec = parse_cron("*/20 2,14 1-3 */6 7", why);
  REQUIRE(spec);
  CHECK(spec->minutes.count() == 3);
  CHECK((spec->minutes[0] && spec->minutes[20] && spec->minutes[40]));
  CHECK((spec->hours[2] && spec->hours[14] && spec->hours.count() == 2));
  CHECK((spec->days[1] && spec->days[3] && spec->days.count() == 3));
  CHECK((spec->months[1] && spec->months[7] && spec->months.count() == 2));
  CHECK((spec->weekdays[0] && spec->weekdays.count() == 1));  // 7 is Sunday, as 0
  CHECK(!spec->days_star);
  CHECK(!spec->weekdays_star);
}

TEST_CASE("malformed cron fields name the field and what it allows", "[cron]") {
  const std::pair<const char*, const char*> cases[] = {
      {"0 2 * *", "expected 5 fields, found 4"},
      {"30 24 * * *", "the hour field allows 0-23"},
      {"0 0 0 * *", "the day of month field allows 1-31"},
      {"0 0 * 13 *", "the month field allows 1-12"},
      {"0 0 * * 8", "the day of week field allows 0-7"},
      {"*/0 * * * *", "bad step in the minute field"},
      {"0 0 5-1 * *", "the day of month field allows 1-31"},
      {"0 0 * jan *", "`jan` is not valid in the month field"},
  };
  for (auto [text, message] : cases) {
    std::string why;
    INFO(text);
    CHECK(!parse_cron(text, why));
    CHECK(why == message);
  }
}

TEST_CASE("a schedule whose day of month no listed month has never fires", "[cron]") {
  auto reason = [](const char* text) {
    std::string why;
    auto spec = parse_cron(text, why);
    REQUIRE(spec);
    return never_fires(*spec);
  };
  CHECK(reason("0 2 31 2 *") == std::optional<std::string>("day 31 never comes in February"));
  CHECK(reason("0 0 30 2 *") == std::optional<std::string>("day 30 never comes in February"));
  CHECK(reason("0 0 31 4,6,9,11 *") == std::optional<std::string>("day 31 never comes in April, June, September, November"));
  CHECK(reason("0 0 30,31 2 *") == std::optional<std::string>("day 30 or later never comes in February"));
  // A `*`-prefixed day of week still intersects; every date falls on each weekday some year.
  CHECK(reason("0 0 31 2 */2") == std::optional<std::string>("day 31 never comes in February"));
  // These fire: in leap years, on the 31st of January, on every Monday of February (day fields unite).
  CHECK(!reason("0 0 29 2 *"));
  CHECK(!reason("0 0 31 1,2 *"));
  CHECK(!reason("0 0 31 2 1"));
  CHECK(!reason("*/30 * * * *"));
  CHECK(!reason("0 2 * * *"));
}

TEST_CASE("a date that E0402 says never comes is one next_fire never finds, and the others it finds", "[cron]") {
  // Every day of every month: the check and the search agree, and the instant found is that date at 00:00.
  for (int month = 1; month <= 12; ++month)
    for (int day = 1; day <= 31; ++day) {
      std::string text = "0 0 " + std::to_string(day) + " " + std::to_string(month) + " *", why;
      INFO(text);
      auto spec = parse_cron(text, why);
      REQUIRE(spec);
      auto next = next_fire(*spec, 1'767'182'400);  // from 2025-12-31T12:00Z
      REQUIRE(never_fires(*spec).has_value() == !next.has_value());
      if (!next) continue;
      std::time_t t = *next;
      std::tm tm{};
      gmtime_r(&t, &tm);
      CHECK((tm.tm_mon + 1 == month && tm.tm_mday == day && tm.tm_hour == 0 && tm.tm_min == 0));
      CHECK(tm.tm_year + 1900 <= (month == 2 && day == 29 ? 2028 : 2026));
    }
}

namespace {

/// Vixie cron's match of one minute, written from its documentation over the C library's calendar.
bool matches(const syncloom::frontend::CronSpec& spec, std::time_t t) {
  std::tm tm{};
  gmtime_r(&t, &tm);
  if (!spec.minutes[size_t(tm.tm_min)] || !spec.hours[size_t(tm.tm_hour)] || !spec.months[size_t(tm.tm_mon + 1)]) return false;
  bool day = spec.days[size_t(tm.tm_mday)], weekday = spec.weekdays[size_t(tm.tm_wday)];
  return spec.days_star || spec.weekdays_star ? day && weekday : day || weekday;
}

}  // namespace

TEST_CASE("next_fire is the first matching minute of a scan, over random schedules and instants", "[cron]") {
  std::mt19937_64 random(20261202);
  const char* minutes[] = {"*", "0", "*/15", "5-10", "59", "0,30"};
  const char* hours[] = {"*", "0", "23", "*/6", "9-17"};
  const char* days[] = {"*", "1", "13", "*/2", "28-31", "31"};
  const char* months[] = {"*", "*", "2", "1,7", "*/3"};
  const char* weekdays[] = {"*", "*", "0", "5", "1-5", "*/2", "7"};
  auto pick = [&](const auto& list) { return std::string(list[random() % std::size(list)]); };
  constexpr int64_t kWindow = 40LL * 86'400;  // scan 40 days of minutes
  for (int i = 0; i < 60; ++i) {
    std::string text = pick(minutes) + " " + pick(hours) + " " + pick(days) + " " + pick(months) + " " + pick(weekdays), why;
    auto spec = parse_cron(text, why);
    REQUIRE(spec);
    int64_t after = 1'700'000'000 + int64_t(random() % 400'000'000);  // 2023 to 2036, any second
    INFO(text << " after " << after);
    auto next = next_fire(*spec, after);
    std::optional<int64_t> scanned;
    for (int64_t t = after - after % 60 + 60; t <= after + kWindow; t += 60)
      if (matches(*spec, std::time_t(t))) {
        scanned = t;
        break;
      }
    if (scanned) CHECK(next == scanned);
    else CHECK((!next || *next > after + kWindow));
  }
}
