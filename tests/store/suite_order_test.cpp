// Store suite: per-key FIFO (one key's items one at a time, in arrival order) and coalescing full-state items.
#include <map>
#include <mutex>
#include <thread>

#include "store_suite.hpp"

using namespace syncloom::store;
using namespace syncloom::store::testing;

TEST_CASE("a key's next item is not claimable while its head runs, waits or is pending", "[store][order]") {
  ManualClock clock;
  auto store = make_test_store(clock.clock());
  std::int64_t a1 = accept_one_item(*store, order_event("A", "a1"));
  std::int64_t a2 = accept_one_item(*store, order_event("A", "a2"));
  std::int64_t b1 = accept_one_item(*store, order_event("B", "b1"));

  auto claimed = must(store->claim({.owner = "w", .limit = 10}));
  REQUIRE(claimed.size() == 2);  // A's head and B's head, never a2 beside a1
  CHECK(claimed[0].id == a1);
  CHECK(claimed[1].id == b1);
  CHECK(must(store->claim({.owner = "w", .limit = 10})).empty());

  // The head failing into a wait keeps the key blocked: a2 must not overtake a1's retry.
  CHECK(must(store->fail(a1, claimed[0].generation, {.error = "503", .retry_at = clock.now() + 1'000})) ==
        Transition::kApplied);
  CHECK(must(store->claim({.owner = "w", .limit = 10})).empty());
  clock.advance(1'000);
  WorkItem retried = claim_one(*store);
  CHECK(retried.id == a1);
  CHECK(must(store->complete(a1, retried.generation, {})) == Transition::kApplied);
  CHECK(claim_one(*store).id == a2);
}

TEST_CASE("a dead head does not block its key's later items", "[store][order]") {
  ManualClock clock;
  auto store = make_test_store(clock.clock());
  std::int64_t a1 = accept_one_item(*store, order_event("A", "a1"));
  std::int64_t a2 = accept_one_item(*store, order_event("A", "a2"));
  WorkItem head = claim_one(*store);
  CHECK(must(store->fail(a1, head.generation, {.error = "permanent", .reason = "permanent"})) == Transition::kApplied);
  CHECK(claim_one(*store).id == a2);
}

TEST_CASE("several claiming threads run each key's items one at a time in arrival order", "[store][order][threads]") {
  auto store = make_test_store(system_clock_ms);
  constexpr int kKeys = 6;
  constexpr int kPerKey = 12;
  std::map<std::int64_t, std::pair<std::string, int>> expected;  // work id -> (key, sequence)
  std::map<std::string, std::vector<std::int64_t>> ids_of_key;
  for (int round = 0; round < kPerKey; ++round) {
    for (int k = 0; k < kKeys; ++k) {
      std::string key = "K" + std::to_string(k);
      std::int64_t id = accept_one_item(*store, order_event(key, key + "#" + std::to_string(round)));
      expected[id] = {key, round};
      ids_of_key[key].push_back(id);
    }
  }
  std::mutex mutex;
  std::map<std::string, std::vector<int>> order;
  std::vector<std::string> violations;
  auto worker = [&](int n) {
    std::string owner = "thread-" + std::to_string(n);
    for (int idle = 0; idle < 200;) {
      auto items = store->claim({.owner = owner, .lease_ms = 60'000, .limit = 2});
      if (!items.ok() || items->empty()) {
        ++idle;
        std::this_thread::yield();
        continue;
      }
      for (const WorkItem& item : *items) {
        auto [key, sequence] = expected.at(item.id);
        // One at a time: when the store hands out a key's item, the key's previous item is already done.
        if (sequence > 0) {
          auto previous = store->work_item(ids_of_key.at(key)[static_cast<std::size_t>(sequence - 1)]);
          if (!previous.ok() || previous->state != WorkState::kDone) {
            std::lock_guard lock(mutex);
            violations.push_back(key + "#" + std::to_string(sequence) + " claimed before its predecessor was done");
          }
        }
        std::lock_guard lock(mutex);
        order[key].push_back(sequence);
      }
      std::this_thread::yield();
      for (const WorkItem& item : *items) {
        if (!store->complete(item.id, item.generation, {}).ok()) {
          std::lock_guard lock(mutex);
          violations.push_back("complete failed");
        }
      }
    }
  };
  std::vector<std::thread> threads;
  for (int n = 0; n < 4; ++n) threads.emplace_back(worker, n);
  for (auto& thread : threads) thread.join();

  CHECK(violations.empty());
  REQUIRE(order.size() == kKeys);
  std::vector<int> arrival(kPerKey);
  for (int i = 0; i < kPerKey; ++i) arrival[static_cast<std::size_t>(i)] = i;
  for (const auto& [key, sequence] : order) {
    INFO("key " << key);
    CHECK(sequence == arrival);
  }
}

TEST_CASE("coalescing collapses pending full-state items of a key into the newest", "[store][order][coalesce]") {
  ManualClock clock;
  auto store = make_test_store(clock.clock());
  std::int64_t a1 = accept_one_item(*store, order_event("A", "a1"));
  std::int64_t a2 = accept_one_item(*store, order_event("A", "a2"));
  std::int64_t a3 = accept_one_item(*store, order_event("A", "a3"));
  std::int64_t b1 = accept_one_item(*store, order_event("B", "b1"));

  CHECK(must(store->coalesce("orders", "A")) == 2);
  CHECK(must(store->work_item(a1)).outcome == "coalesced");
  CHECK(must(store->work_item(a2)).state == WorkState::kDone);
  CHECK(must(store->work_item(b1)).state == WorkState::kPending);  // another key is untouched
  auto audit = must(store->audit(a1));
  REQUIRE(audit.size() == 1);
  CHECK(audit[0].action == "coalesce");
  CHECK_THAT(audit[0].detail, Catch::Contains(std::to_string(a3)));
  auto claimed = must(store->claim({.owner = "w", .limit = 10}));
  REQUIRE(claimed.size() == 2);
  CHECK(claimed[0].id == a3);
  CHECK(must(store->coalesce("orders", "A")) == 0);
}

TEST_CASE("coalescing never touches a running item or crosses a partial event", "[store][order][coalesce]") {
  ManualClock clock;
  auto store = make_test_store(clock.clock());
  std::int64_t a1 = accept_one_item(*store, order_event("A", "a1"));
  WorkItem running = claim_one(*store);
  std::int64_t a2 = accept_one_item(*store, order_event("A", "a2"));
  std::int64_t a3 = accept_one_item(*store, order_event("A", "a3"));
  std::int64_t partial = accept_one_item(*store, order_event("A", "p", /*full_state=*/false));
  std::int64_t a5 = accept_one_item(*store, order_event("A", "a5"));
  std::int64_t a6 = accept_one_item(*store, order_event("A", "a6"));

  CHECK(must(store->coalesce("orders", "A")) == 2);  // a2 into a3, a5 into a6
  CHECK(must(store->work_item(a1)).state == WorkState::kRunning);
  CHECK(must(store->work_item(a2)).outcome == "coalesced");
  CHECK(must(store->work_item(a3)).state == WorkState::kPending);
  CHECK(must(store->work_item(partial)).state == WorkState::kPending);
  CHECK(must(store->work_item(a5)).outcome == "coalesced");
  CHECK(must(store->work_item(a6)).state == WorkState::kPending);
  CHECK(must(store->complete(a1, running.generation, {})) == Transition::kApplied);
  CHECK(claim_one(*store).id == a3);
}

TEST_CASE("expedite raises a key's unfinished items ahead of the queue", "[store][order][expedite]") {
  ManualClock clock;
  auto store = make_test_store(clock.clock());
  std::int64_t a = accept_one_item(*store, order_event("A", "a1"));
  std::int64_t b = accept_one_item(*store, order_event("B", "b1"));
  std::int64_t c1 = accept_one_item(*store, order_event("C", "c1"));
  std::int64_t c2 = accept_one_item(*store, order_event("C", "c2"));
  CHECK(must(store->expedite("orders", "C", -1)) == 2);
  CHECK(must(store->expedite("orders", "C", 0)) == 2);  // still queued; the priority is never lowered
  CHECK(must(store->expedite("orders", "nobody", -1)) == 0);
  WorkItem first = claim_one(*store);
  CHECK(first.id == c1);  // the key's order still holds: c1 before c2
  CHECK(first.priority == -1);
  CHECK(must(store->complete(c1, first.generation, {})) == Transition::kApplied);
  CHECK(claim_one(*store).id == c2);
  auto rest = must(store->claim({.owner = "w", .limit = 10}));
  REQUIRE(rest.size() == 2);
  CHECK(rest[0].id == a);
  CHECK(rest[1].id == b);
}

TEST_CASE("within a priority the first ready is claimed first, so waiting items cannot starve a pending one",
          "[store][order][fairness]") {
  ManualClock clock;
  auto store = make_test_store(clock.clock());
  std::int64_t old_item = accept_one_item(*store, order_event("A", "a1"));
  clock.advance(1'000);
  std::int64_t fresh = accept_one_item(*store, order_event("B", "b1"));
  WorkItem head = claim_one(*store);
  REQUIRE(head.id == old_item);
  // The old item waits and comes due after the fresh one became pending: the fresh one goes first.
  CHECK(must(store->release(old_item, head.generation, clock.now() + 500, false)) == Transition::kApplied);
  clock.advance(600);
  auto both = must(store->claim({.owner = "w", .limit = 2}));
  REQUIRE(both.size() == 2);
  CHECK(both[0].id == fresh);
  CHECK(both[1].id == old_item);
}
