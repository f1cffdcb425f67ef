// SyncEngine leases and worker groups: a write longer than the lease is kept alive by heartbeats (nobody
// else takes the item), and a sweep for one system does not hold up another system's events.
#include <algorithm>

#include "counting_store.hpp"
#include "engine_fixture.hpp"

using namespace syncloom;
using namespace syncloom::test;

TEST_CASE("engine: a write that outlasts the lease is heartbeated; no other worker takes the item") {
  core::EngineOptions options = EngineWorld::fast_options();
  options.lease = std::chrono::milliseconds(300);  // heartbeats every 100 ms
  EngineWorld w(options);
  w.erp.set_write_delay(std::chrono::milliseconds(1000));
  auto ids = w.deliver("woo", "customer.created", "1", customer_json(1, "a@x.com"), "c:1");
  w.engine->start();
  REQUIRE(eventually([&] { return w.finished(ids.at(0)); }));
  CHECK(w.item(ids[0]).state == store::WorkState::kDone);
  CHECK(w.item(ids[0]).attempt == 1);
  CHECK(w.erp.writes().size() == 1);
  CHECK(w.erp.max_in_flight_per_key() == 1);
  for (const auto& line : w.log_lines()) CHECK(line.find("lease lost") == std::string::npos);
}

// Workers are grouped by target system: a sweep writing to the store does not hold up an event writing to
// the ERP, even with one worker per group and the sweep queued first.
TEST_CASE("engine: a sweep for one system does not hold up another system's events queued after it") {
  core::EngineOptions options = EngineWorld::fast_options();
  options.workers = 1;
  EngineWorld w(options);
  for (int i = 1; i <= 4; ++i) w.erp.put("inventoryItem", std::to_string(i), item_json(i, "B" + std::to_string(i)));
  core::Scheduler scheduler(*w.router, *w.store, w.systems, w.log, w.metrics, [] {});
  REQUIRE(scheduler.sweep("products").ok());
  auto event = w.deliver("woo", "customer.created", "1", customer_json(1, "a@x.com"), "c:1");
  w.erp.set_write_delay(std::chrono::milliseconds(0));
  w.woo.set_write_delay(std::chrono::milliseconds(200));
  w.engine->start();
  REQUIRE(eventually([&] {
    auto s = w.store->domain_status();
    if (!s.ok()) return false;
    for (const auto& d : *s)
      if (d.pending || d.running || d.waiting) return false;
    return true;
  }));
  // The customer (an event, written to erp) was the first write of all.
  auto erp_writes = w.erp.writes();
  REQUIRE(erp_writes.size() == 1);
  auto woo_writes = w.woo.writes();
  REQUIRE(woo_writes.size() == 4);
  auto audit = w.store->audit();
  REQUIRE(audit.ok());
  std::vector<std::string> order;
  for (const auto& a : *audit)
    if (a.action == "write") order.push_back(a.domain);
  REQUIRE(order.size() == 5);
  // Four store writes of 200 ms each: the ERP's customer was written before the second of them.
  auto at = std::find(order.begin(), order.end(), "customers") - order.begin();
  CHECK(at <= 1);
}

TEST_CASE("engine: wake() (every webhook batch) does not make heartbeats; the lease period does") {
  EngineWorld w;  // lease 3 s: a heartbeat each second
  CountingStore counting(*w.store);
  core::SyncEngine engine(*w.router, counting, w.systems, w.log, w.metrics, EngineWorld::fast_options());
  w.erp.set_write_delay(std::chrono::milliseconds(600));
  auto ids = w.deliver("woo", "customer.created", "1", customer_json(1, "a@x.com"), "c:1");
  engine.start();
  REQUIRE(eventually([&] { return engine.busy() == 1; }));
  for (int i = 0; i < 200; ++i) {
    engine.wake();
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  REQUIRE(eventually([&] { return w.finished(ids.at(0)); }));
  engine.stop(std::chrono::seconds(1));
  CHECK(counting.heartbeats.load() <= 1);
  CHECK(w.item(ids[0]).state == store::WorkState::kDone);
}
