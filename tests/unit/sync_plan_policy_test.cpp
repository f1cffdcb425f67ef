// The sync plan's pure policy functions: retry waits under a policy, and cron instants (next_cron_fire), checked
// against instants computed by hand (leap days, both day rules, impossible dates, the ends of the range).
#include <catch2/catch.hpp>

#include "syncloom/sync_plan.hpp"

TEST_CASE("retry waits grow from the first to the longest, with full jitter in between", "[plan]") {
  syncloom::RetryPolicy p;
  p.backoff_min_ms = 2'000;
  p.backoff_max_ms = 600'000;
  auto window = [&](int64_t k) { return std::pair(syncloom::retry_window(p, k).min_ms, syncloom::retry_window(p, k).max_ms); };
  CHECK(window(1) == std::pair<int64_t, int64_t>(2'000, 4'000));
  CHECK(window(2) == std::pair<int64_t, int64_t>(2'000, 8'000));
  CHECK(window(8) == std::pair<int64_t, int64_t>(2'000, 512'000));
  CHECK(window(9) == std::pair<int64_t, int64_t>(2'000, 600'000));  // capped at the longest
  CHECK(window(1'000'000) == std::pair<int64_t, int64_t>(2'000, 600'000));  // no overflow
  CHECK(window(0) == window(1));
  CHECK(syncloom::retry_delay_ms(p, 3, 0) == 2'000);
  CHECK(syncloom::retry_delay_ms(p, 3, 14'000) == 16'000);  // 2,000 + 14,000 mod 14,001
  CHECK(syncloom::retry_delay_ms(p, 3, 14'001) == 2'000);
  for (uint64_t r : {uint64_t(1), uint64_t(987'654'321), ~uint64_t(0)}) {
    int64_t d = syncloom::retry_delay_ms(p, 20, r);
    CHECK((d >= 2'000 && d <= 600'000));
  }
  p.backoff_max_ms = p.backoff_min_ms;  // 2s..2s: always 2s
  CHECK(syncloom::retry_delay_ms(p, 5, 12345) == 2'000);
}

TEST_CASE("next_cron_fire finds the next instant in UTC with Vixie cron's day rule", "[plan][cron]") {
  using syncloom::next_cron_fire;
  auto next = [](const char* cron, int64_t after) { return next_cron_fire(cron, after, nullptr); };
  // 2026-12-02T02:12:00Z -> 03:30 the same day; from 03:30 itself (strictly after) -> 03:30 the next day.
  CHECK(next("30 3 * * *", 1'796'177'520) == 1'796'182'200);
  CHECK(next("30 3 * * *", 1'796'182'200) == 1'796'268'600);
  CHECK(next("* * * * *", 1'796'177'699) == 1'796'177'700);  // 02:14:59 -> 02:15:00
  // Leap day: from 2025-03-01 the next 29 February is 2028's.
  CHECK(next("0 0 29 2 *", 1'740'787'200) == 1'835'395'200);
  // Both day fields restricted: either matches, so every Monday of February fires (2026-02-02, -09).
  CHECK(next("0 12 29 2 1", 1'769'904'000) == 1'770'033'600);
  CHECK(next("0 12 29 2 1", 1'770'033'600) == 1'770'638'400);
  CHECK(next("0 0 31 2 1", 1'772'323'199) == 1'801'440'000);  // after 2026-02-28: Monday 2027-02-01
  // A field starting with `*` makes both match: odd days that are Fridays (2026-03-13), and 29 February
  // on a Sunday (`*/7` is 0 and 7), next in 2032.
  CHECK(next("0 0 */2 * 5", 1'772'323'200) == 1'773'360'000);
  CHECK(next("0 0 29 2 */7", 1'767'225'600) == 1'961'625'600);
  CHECK(next("59 23 31 12 *", 1'798'761'540) == 1'830'297'540);  // year end to year end
  CHECK(next("0 0 1 1 *", -1) == 0);                               // before the epoch
  std::string error;
  CHECK(!next_cron_fire("0 0 30 2 *", 0, &error));
  CHECK(error == "cron schedule `0 0 30 2 *` never fires: day 30 never comes in February");
  CHECK(!next_cron_fire("0 0 31 4,6,9,11 *", 0, &error));
  CHECK(error.find("never fires") != std::string::npos);
  CHECK(!next_cron_fire("0 0 * *", 0, &error));
  CHECK(error == "invalid cron expression `0 0 * *`: expected 5 fields, found 4");
  CHECK(!next_cron_fire("0 0 1 1 *", 253'383'811'200, &error));  // 9999-06-01: no later 1 January
  CHECK(error.find("9999") != std::string::npos);
}

TEST_CASE("a topic carries the record before its dot", "[plan]") {
  CHECK(syncloom::topic_record("woo", "order.created") == "woo.order");
  CHECK(syncloom::topic_record("erp", "inventoryItem.changed") == "erp.inventoryItem");
}
