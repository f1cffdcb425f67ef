// Poller and Scheduler: polled topics from their cursor into the inbox, batch sweeps on their schedule.
#include "engine_fixture.hpp"

using namespace syncloom;
using namespace syncloom::test;

namespace {
connectors::Event item_event(int id, const std::string& code, bool salable = true) {
  return {.topic = "inventoryItem.changed", .record = "inventoryItem", .id = std::to_string(id),
          .dedupe_key = "item:" + std::to_string(id) + ":w", .json = item_json(id, code, salable)};
}
}  // namespace

TEST_CASE("poller: every page of a topic reaches the inbox; the cursor moves to the high water and is reused") {
  EngineWorld w;
  for (int i = 1; i <= 5; ++i) w.erp.add_poll_event("inventoryItem.changed", item_event(i, "P" + std::to_string(i), i != 3));
  int wakes = 0;
  core::Poller poller(*w.router, *w.store, w.systems, w.log, w.metrics, [&] { ++wakes; },
                      {.overlap = std::chrono::seconds(60), .systems = {{"erp", std::chrono::milliseconds(50)}}});
  // 5 events: products (4 salable, one filtered) and stock (5).
  CHECK(poller.poll_once() == 9);
  CHECK(wakes >= 1);
  auto cursor = w.store->cursor("erp", "inventoryItem.changed");
  REQUIRE(cursor.ok());
  CHECK(*cursor == std::optional<std::string>("5"));
  // Polled again (with the overlap): nothing new; the poll starts from the cursor.
  CHECK(poller.poll_once() == 0);
  auto polls = w.erp.polls();
  REQUIRE(polls.size() >= 4);  // 3 pages, then 1
  CHECK(polls.back().since == "5");
  CHECK(polls.back().overlap == std::chrono::seconds(60));
  w.erp.add_poll_event("inventoryItem.changed", item_event(6, "P6"));
  CHECK(poller.poll_once() == 2);
  auto status = w.store->domain_status();
  REQUIRE(status.ok());
  for (const auto& d : *status) {
    if (d.domain == "products") CHECK(d.pending == 5);
    if (d.domain == "stock") CHECK(d.pending == 6);
  }
  // The woo system is not polled (not configured for polling).
  CHECK(w.woo.polls().empty());
}

TEST_CASE("scheduler: a batch trigger that never fired sweeps at start, then waits for its interval") {
  EngineWorld w;
  for (int i = 1; i <= 5; ++i) w.erp.put("inventoryItem", std::to_string(i), item_json(i, "S" + std::to_string(i), i != 2));
  core::Scheduler scheduler(*w.router, *w.store, w.systems, w.log, w.metrics, [] {});
  CHECK(scheduler.run_due() == 1);  // products' `batch every 1h`; stock has no batch trigger
  CHECK(scheduler.run_due() == 0);  // not due again for an hour
  auto status = w.store->domain_status();
  REQUIRE(status.ok());
  int64_t pending = 0;
  for (const auto& d : *status)
    if (d.domain == "products") pending = d.pending;
  CHECK(pending == 4);  // the non-salable one is filtered
  // Batch work ranks behind events.
  auto claimed = w.store->claim({.owner = "t", .lease_ms = 1000, .limit = 10});
  REQUIRE(claimed.ok());
  REQUIRE(claimed->size() == 4);
  for (const auto& item : *claimed) {
    CHECK(item.priority == core::kPriorityBatch);
    CHECK(item.topic == "sweep");
  }
  // A manual sweep of the same records queues them again (a new run); unknown domains are an error.
  auto again = scheduler.sweep("products");
  REQUIRE(again.ok());
  CHECK(*again == 4);
  CHECK_FALSE(scheduler.sweep("nope").ok());
}

TEST_CASE("scheduler: the last fire survives a restart (same store, new scheduler)") {
  EngineWorld w;
  w.erp.put("inventoryItem", "1", item_json(1, "S1"));
  {
    core::Scheduler first(*w.router, *w.store, w.systems, w.log, w.metrics, [] {});
    CHECK(first.run_due() == 1);
  }
  core::Scheduler second(*w.router, *w.store, w.systems, w.log, w.metrics, [] {});
  CHECK(second.run_due() == 0);
  // An hour later, by the scheduler's clock, it is due again.
  core::Scheduler later(*w.router, *w.store, w.systems, w.log, w.metrics, [] {},
                        [] { return store::system_clock_ms() + 3'600'000 + 1000; });
  CHECK(later.run_due() == 1);
}

TEST_CASE("sweep then events: a swept record synced once is not written again by the next sweep (unchanged)") {
  EngineWorld w;
  w.erp.put("inventoryItem", "1", item_json(1, "S1"));
  core::Scheduler scheduler(*w.router, *w.store, w.systems, w.log, w.metrics, [&] { w.engine->wake(); });
  w.engine->start();
  REQUIRE(scheduler.sweep("products").ok());
  auto idle = [&] {
    auto s = w.store->domain_status();
    if (!s.ok()) return false;
    for (const auto& d : *s)
      if (d.pending || d.running || d.waiting) return false;
    return true;
  };
  REQUIRE(eventually(idle));
  REQUIRE(scheduler.sweep("products").ok());
  REQUIRE(eventually(idle));
  CHECK(w.woo.writes().size() == 1);
  CHECK(w.woo.records("product").size() == 1);
}

TEST_CASE("poller: a failed page keeps the cursor; the next poll lists the same changes again, deduplicated") {
  EngineWorld w;
  for (int i = 1; i <= 5; ++i) w.erp.add_poll_event("inventoryItem.changed", item_event(i, "P" + std::to_string(i)));
  core::Poller poller(*w.router, *w.store, w.systems, w.log, w.metrics, {},
                      {.systems = {{"erp", std::chrono::milliseconds(50)}}});
  w.erp.failing_later_pages = 1;
  CHECK(poller.poll_once() == 4);  // the first page (2 events, 2 domains) is durable; the second failed
  auto cursor = w.store->cursor("erp", "inventoryItem.changed");
  REQUIRE(cursor.ok());
  CHECK_FALSE(cursor->has_value());
  CHECK(w.metrics.counter("syncloom_poll_failures_total", "", {{"system", "erp"}}).value() == 1);
  CHECK(poller.poll_once() == 6);  // all again: the first page's two are duplicates
  cursor = w.store->cursor("erp", "inventoryItem.changed");
  REQUIRE(cursor.ok());
  CHECK(*cursor == std::optional<std::string>("5"));
  auto intake = w.store->intake_status();
  REQUIRE(intake.ok());
  for (const auto& s : *intake) {
    INFO(s.dedupe_scope);
    CHECK(s.received == 5);
    CHECK(s.duplicates == 2);
  }
}
