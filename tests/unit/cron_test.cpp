// Cron expressions: the five fields, and schedules that can never fire (E0402).
#include <catch2/catch.hpp>

#include "syncloom/frontend/cron.hpp"

using syncloom::frontend::never_fires;
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
