// Store suite: the work item state machine, leases and generations, and what completion records.
#include "store_suite.hpp"

using namespace syncloom::store;
using namespace syncloom::store::testing;

namespace {

Completion written(const std::string& target_id) {
  Completion completion;
  completion.xref = Xref{.target_system = "tryton", .target_id = target_id, .last_state = R"({"total":"12.30"})"};
  completion.attempts.push_back({.system = "tryton", .outcome = "ok", .message = "created", .target_id = target_id});
  completion.mapping = "woocommerce-tryton";
  completion.mapping_version = "sha256:abc";
  return completion;
}

}  // namespace

TEST_CASE("pending -> running -> done records the xref, the outbox attempt and the audit line", "[store][work]") {
  ManualClock clock;
  auto store = make_test_store(clock.clock());
  std::int64_t id = accept_one_item(*store, order_event("1001", "k1"));
  WorkItem item = claim_one(*store, "w1", 30'000);
  CHECK(item.id == id);
  CHECK(item.state == WorkState::kRunning);
  CHECK(item.owner == "w1");
  CHECK(item.attempt == 1);
  CHECK(item.generation == 1);
  CHECK(item.lease_until == clock.now() + 30'000);
  CHECK(item.payload == order_event("1001", "k1").payload);

  CHECK(must(store->complete(item.id, item.generation, written("SO-7"))) == Transition::kApplied);
  WorkItem done = must(store->work_item(id));
  CHECK(done.state == WorkState::kDone);
  CHECK(done.outcome == "synced");

  auto xref = must(store->xref("orders", "1001"));
  REQUIRE(xref.has_value());
  CHECK(xref->target_system == "tryton");
  CHECK(xref->target_id == "SO-7");
  CHECK(xref->last_state == R"({"total":"12.30"})");
  auto back = must(store->xref_by_target("tryton", "SO-7"));
  REQUIRE(back.has_value());
  CHECK(back->key == "1001");

  auto attempts = must(store->attempts(id));
  REQUIRE(attempts.size() == 1);
  CHECK(attempts[0].outcome == "ok");
  CHECK(attempts[0].target_id == "SO-7");
  CHECK(attempts[0].at == clock.now());

  auto audit = must(store->audit(id));
  REQUIRE(audit.size() == 1);
  CHECK(audit[0].action == "write");
  CHECK(audit[0].mapping == "woocommerce-tryton");
  CHECK(audit[0].mapping_version == "sha256:abc");
  CHECK(audit[0].correlation_id == "corr-k1");
  CHECK(audit[0].target_id == "SO-7");
  CHECK(must(store->claim({.owner = "w1", .limit = 5})).empty());
}

TEST_CASE("a completion's actor and detail reach its audit line (a reconcile repair says who asked)", "[store][work]") {
  ManualClock clock;
  auto store = make_test_store(clock.clock());
  std::int64_t id = accept_one_item(*store, order_event("1002", "k2"));
  WorkItem item = claim_one(*store);
  Completion completion = written("SO-8");
  completion.actor = "reconcile";
  completion.detail = "total: 12.30 in the owner, 12.00 in the target";
  CHECK(must(store->complete(item.id, item.generation, completion)) == Transition::kApplied);
  auto audit = must(store->audit(id));
  REQUIRE(audit.size() == 1);
  CHECK(audit[0].actor == "reconcile");
  CHECK(audit[0].detail == "total: 12.30 in the owner, 12.00 in the target");
}

TEST_CASE("transitions from anything but running under the current generation are lost", "[store][work]") {
  ManualClock clock;
  auto store = make_test_store(clock.clock());
  std::int64_t id = accept_one_item(*store, order_event("1", "k1"));

  SECTION("a pending item cannot be completed, failed, released or heartbeaten") {
    CHECK(must(store->complete(id, 0, {})) == Transition::kLost);
    CHECK(must(store->fail(id, 0, {.error = "x"})) == Transition::kLost);
    CHECK(must(store->release(id, 0, std::nullopt, true)) == Transition::kLost);
    CHECK(must(store->heartbeat(id, 0, 1000)) == Transition::kLost);
    CHECK(must(store->work_item(id)).state == WorkState::kPending);
  }
  SECTION("a wrong generation is lost and changes nothing") {
    WorkItem item = claim_one(*store);
    CHECK(must(store->complete(id, item.generation + 1, written("X"))) == Transition::kLost);
    CHECK(must(store->work_item(id)).state == WorkState::kRunning);
    CHECK_FALSE(must(store->xref("orders", "1")).has_value());
  }
  SECTION("a done item stays done") {
    WorkItem item = claim_one(*store);
    CHECK(must(store->complete(id, item.generation, written("X"))) == Transition::kApplied);
    CHECK(must(store->complete(id, item.generation, written("Y"))) == Transition::kLost);
    CHECK(must(store->fail(id, item.generation, {.error = "late"})) == Transition::kLost);
    CHECK(must(store->xref("orders", "1"))->target_id == "X");
  }
  SECTION("a dead item stays dead") {
    WorkItem item = claim_one(*store);
    CHECK(must(store->fail(id, item.generation, {.error = "bad", .reason = "permanent"})) == Transition::kApplied);
    CHECK(must(store->complete(id, item.generation, written("X"))) == Transition::kLost);
    CHECK(must(store->release(id, item.generation, std::nullopt, true)) == Transition::kLost);
    CHECK(must(store->work_item(id)).state == WorkState::kDead);
  }
  SECTION("an unknown item is an error, not a lost lease") {
    auto answer = store->complete(987654, 1, {});
    REQUIRE_FALSE(answer.ok());
    CHECK(answer.error().code == ErrorCode::kNotFound);
    CHECK_THAT(answer.error().message, Catch::Contains("987654"));
  }
}

TEST_CASE("a lease that expired is re-claimed under a new generation and the stale worker is refused", "[store][work][lease]") {
  ManualClock clock;
  auto store = make_test_store(clock.clock());
  std::int64_t id = accept_one_item(*store, order_event("1", "k1"));
  WorkItem stale = claim_one(*store, "slow-worker", 1'000);
  CHECK(must(store->claim({.owner = "other", .limit = 1})).empty());  // the lease is live

  clock.advance(1'000);
  WorkItem fresh = claim_one(*store, "other", 1'000);
  CHECK(fresh.id == id);
  CHECK(fresh.generation == stale.generation + 1);
  CHECK(fresh.attempt == 2);
  CHECK(fresh.owner == "other");

  CHECK(must(store->complete(id, stale.generation, written("DUP"))) == Transition::kLost);
  CHECK(must(store->heartbeat(id, stale.generation, 1'000)) == Transition::kLost);
  CHECK(must(store->fail(id, stale.generation, {.error = "x"})) == Transition::kLost);
  CHECK_FALSE(must(store->xref("orders", "1")).has_value());
  CHECK(must(store->complete(id, fresh.generation, written("SO-1"))) == Transition::kApplied);
  CHECK(must(store->xref("orders", "1"))->target_id == "SO-1");
}

TEST_CASE("a heartbeat extends the lease; a worker whose lease expired unclaimed may still finish", "[store][work][lease]") {
  ManualClock clock;
  auto store = make_test_store(clock.clock());
  std::int64_t id = accept_one_item(*store, order_event("1", "k1"));
  WorkItem item = claim_one(*store, "w1", 1'000);
  clock.advance(900);
  CHECK(must(store->heartbeat(id, item.generation, 1'000)) == Transition::kApplied);
  clock.advance(900);  // past the first lease, inside the extended one
  CHECK(must(store->claim({.owner = "w2", .limit = 1})).empty());
  CHECK(must(store->work_item(id)).lease_until == clock.now() + 100);
  clock.advance(5'000);  // expired, but nobody took it: the generation is still ours
  CHECK(must(store->complete(id, item.generation, {})) == Transition::kApplied);
}

TEST_CASE("a failure with a retry time waits until then; without one the item is dead", "[store][work]") {
  ManualClock clock;
  auto store = make_test_store(clock.clock());
  std::int64_t id = accept_one_item(*store, order_event("1", "k1"));
  WorkItem item = claim_one(*store);
  OutboxAttempt refused{.system = "tryton", .outcome = "retryable", .message = "HTTP 503"};
  CHECK(must(store->fail(id, item.generation, {.error = "retryable: HTTP 503", .retry_at = clock.now() + 5'000,
                                               .attempts = {refused}})) == Transition::kApplied);
  WorkItem waiting = must(store->work_item(id));
  CHECK(waiting.state == WorkState::kWaiting);
  CHECK(waiting.not_before == clock.now() + 5'000);
  CHECK(waiting.last_error == "retryable: HTTP 503");
  CHECK(must(store->domain_status())[0].waiting == 1);
  CHECK(must(store->claim({.owner = "w", .limit = 1})).empty());

  clock.advance(5'000);
  WorkItem again = claim_one(*store);
  CHECK(again.attempt == 2);
  CHECK(must(store->fail(id, again.generation, {.error = "permanent: bad tax", .reason = "permanent",
                                                .attempts = {{.system = "tryton", .outcome = "permanent"}}})) ==
        Transition::kApplied);
  CHECK(must(store->work_item(id)).state == WorkState::kDead);
  CHECK(must(store->attempts(id)).size() == 2);
  auto status = must(store->domain_status());
  CHECK(status[0].dead == 1);
  CHECK(status[0].waiting == 0);
}

TEST_CASE("release returns the item; a throttled release gives its attempt back", "[store][work]") {
  ManualClock clock;
  auto store = make_test_store(clock.clock());
  std::int64_t id = accept_one_item(*store, order_event("1", "k1"));
  WorkItem item = claim_one(*store);
  CHECK(must(store->release(id, item.generation, clock.now() + 2'000, false)) == Transition::kApplied);
  WorkItem released = must(store->work_item(id));
  CHECK(released.state == WorkState::kWaiting);
  CHECK(released.attempt == 0);
  clock.advance(2'000);
  item = claim_one(*store);
  CHECK(item.attempt == 1);
  CHECK(must(store->release(id, item.generation, std::nullopt, true)) == Transition::kApplied);
  CHECK(must(store->work_item(id)).state == WorkState::kPending);
  CHECK(claim_one(*store).attempt == 2);
}

TEST_CASE("a ref() wait's start is kept from the first release that names it; a failure clears it", "[store][work]") {
  ManualClock clock;
  auto store = make_test_store(clock.clock());
  std::int64_t id = accept_one_item(*store, order_event("1", "k1"));
  WorkItem item = claim_one(*store);
  CHECK(item.ref_wait_since == 0);
  const TimeMs first = clock.now();
  CHECK(must(store->release(id, item.generation, clock.now() + 500, false, first)) == Transition::kApplied);
  CHECK(must(store->work_item(id)).ref_wait_since == first);
  clock.advance(500);
  item = claim_one(*store);
  CHECK(item.ref_wait_since == first);  // a claim (another worker, a restarted service) sees it
  CHECK(must(store->release(id, item.generation, clock.now() + 500, false, clock.now())) == Transition::kApplied);
  CHECK(must(store->work_item(id)).ref_wait_since == first);  // the first miss, not the latest
  clock.advance(500);
  item = claim_one(*store);
  CHECK(must(store->release(id, item.generation, std::nullopt, false)) == Transition::kApplied);
  CHECK(must(store->work_item(id)).ref_wait_since == first);  // a release for another reason keeps it
  item = claim_one(*store);
  CHECK(must(store->fail(id, item.generation, {.error = "boom", .retry_at = clock.now() + 100})) == Transition::kApplied);
  CHECK(must(store->work_item(id)).ref_wait_since == 0);
}

TEST_CASE("claim honours the limit, the domain filter and priority", "[store][work]") {
  ManualClock clock;
  auto store = make_test_store(clock.clock());
  for (int i = 0; i < 5; ++i) accept_one_item(*store, order_event(std::to_string(i), "o" + std::to_string(i)));
  Event realtime = order_event("rt", "rt");
  realtime.work[0] = {.domain = "checkout", .key = "cart-1", .priority = -1};
  std::int64_t urgent = accept_one_item(*store, realtime);

  auto first = must(store->claim({.owner = "w", .limit = 2}));
  REQUIRE(first.size() == 2);
  CHECK(first[0].id == urgent);  // realtime ahead of batch work
  auto orders_only = must(store->claim({.owner = "w", .limit = 10, .domains = {"orders"}}));
  CHECK(orders_only.size() == 4);
  for (const WorkItem& item : orders_only) CHECK(item.domain == "orders");
  CHECK(must(store->claim({.owner = "w", .limit = 10, .domains = {"nothing \"here\""}})).empty());
  CHECK(store->claim({.owner = "", .limit = 1}).error().code == ErrorCode::kInvalidArgument);
}

TEST_CASE("a claim for several domains takes the best heads across them, due retries and expired leases included",
          "[store][work]") {
  ManualClock clock;
  auto store = make_test_store(clock.clock());
  auto in_domain = [](const std::string& domain, const std::string& key, int priority = 0) {
    Event event = order_event(key, domain + ":" + key);
    event.work[0] = {.domain = domain, .key = key, .priority = priority};
    return event;
  };
  std::int64_t blocked = accept_one_item(*store, in_domain("orders", "o1"));  // oldest, but not asked for
  std::int64_t customer = accept_one_item(*store, in_domain("customers", "c1"));
  std::int64_t product = accept_one_item(*store, in_domain("products", "p1"));
  std::int64_t urgent = accept_one_item(*store, in_domain("checkout", "cart", -1));

  auto two = must(store->claim({.owner = "w", .limit = 2, .domains = {"products", "customers", "checkout"}}));
  REQUIRE(two.size() == 2);
  CHECK(two[0].id == urgent);    // by priority across the domains ...
  CHECK(two[1].id == customer);  // ... then by arrival, whatever the order of the list
  auto rest = must(store->claim({.owner = "w", .limit = 5, .domains = {"products", "customers", "checkout"}}));
  REQUIRE(rest.size() == 1);
  CHECK(rest[0].id == product);

  // A due retry and an expired lease are claimed through the domain filter too, never another domain's.
  CHECK(must(store->fail(customer, two[1].generation, {.error = "retryable", .retry_at = clock.now() + 1'000})) ==
        Transition::kApplied);
  clock.advance(40'000);  // past the retry and every lease of 30 s
  auto again = must(store->claim({.owner = "w2", .limit = 5, .domains = {"customers", "products"}}));
  REQUIRE(again.size() == 2);
  for (const WorkItem& item : again) CHECK((item.id == customer || item.id == product));
  CHECK(must(store->work_item(blocked)).state == WorkState::kPending);
}
