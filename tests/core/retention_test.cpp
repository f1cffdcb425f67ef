// The Pruner: a round prunes what the store says is due past the retention, batch by batch, and counts it.
#include "engine_fixture.hpp"
#include "syncloom/core/retention.hpp"

namespace syncloom::test {

TEST_CASE("a pruning round removes finished events past the retention, in batches, and counts them", "[retention]") {
  EngineWorld w;
  // Five filtered deliveries (no work: due once old) and one pending order (kept however old).
  for (int i = 0; i < 5; ++i)
    w.deliver("woo", "order.created", std::to_string(i), order_json(i, "a@x.com", "on-hold"), "f" + std::to_string(i));
  w.deliver("woo", "order.created", "9", order_json(9, "a@x.com"), "o9");
  store::TimeMs now = store::system_clock_ms();
  auto clock = [&now] { return now; };
  core::Pruner pruner(*w.store, w.log, w.metrics, {.retention = std::chrono::hours(24), .batch = 2}, clock);

  auto young = pruner.prune_now();
  REQUIRE(young.ok());
  CHECK(young->events == 0);  // nothing is a day old yet
  now += 25LL * 3'600'000;
  auto round = pruner.prune_now();
  REQUIRE(round.ok());
  CHECK(round->events == 5);
  CHECK(round->work_items == 0);
  auto kept = w.store->retained_status();
  REQUIRE(kept.ok());
  CHECK(kept->events == 1);
  CHECK(w.metrics.counter("syncloom_events_pruned_total", "").value() == 5);
}

}  // namespace syncloom::test
