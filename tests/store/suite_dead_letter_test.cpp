// Store suite: the dead-letter queue round trip (list with filters, show, edit, replay, discard), all audited.
#include "store_suite.hpp"

using namespace syncloom::store;
using namespace syncloom::store::testing;

namespace {

/// Accepts an order event, claims it and fails it for good: answers the work item id.
std::int64_t dead_order(Store& store, const std::string& id, const std::string& reason, const std::string& error) {
  Event event = order_event(id, "dead-" + id);
  event.work[0].domain = id[0] == 'c' ? "customers" : "orders";
  std::int64_t work_id = accept_one_item(store, event);
  auto items = must(store.claim({.owner = "w", .limit = 1}));
  REQUIRE(items.size() == 1);
  REQUIRE(items[0].id == work_id);
  OutboxAttempt attempt{.system = "tryton", .outcome = "permanent", .message = error};
  REQUIRE(must(store.fail(work_id, items[0].generation, {.error = error, .reason = reason, .attempts = {attempt}})) ==
          Transition::kApplied);
  return work_id;
}

}  // namespace

TEST_CASE("a dead item is in the dead-letter queue with its payload, error, attempts and correlation id", "[store][dlq]") {
  ManualClock clock;
  auto store = make_test_store(clock.clock());
  std::int64_t work_id = dead_order(*store, "1001", "permanent", "permanent: HTTP 400: unit price missing");
  auto entries = must(store->dead_letters({}));
  REQUIRE(entries.size() == 1);
  DeadLetter shown = must(store->dead_letter(entries[0].id));
  CHECK(shown.work_id == work_id);
  CHECK(shown.domain == "orders");
  CHECK(shown.key == "1001");
  CHECK(shown.payload == order_event("1001", "dead-1001").payload);
  CHECK(shown.error == "permanent: HTTP 400: unit price missing");
  CHECK(shown.reason == "permanent");
  CHECK(shown.correlation_id == "corr-dead-1001");
  CHECK(shown.died_at == clock.now());
  CHECK(shown.status == DeadLetterStatus::kOpen);
  REQUIRE(shown.attempts.size() == 1);
  CHECK(shown.attempts[0].message == "permanent: HTTP 400: unit price missing");
  auto audit = must(store->audit(work_id));
  REQUIRE(audit.size() == 1);
  CHECK(audit[0].action == "dead");
  CHECK(audit[0].correlation_id == "corr-dead-1001");
}

TEST_CASE("dead letters are listed by domain, time and reason", "[store][dlq]") {
  ManualClock clock;
  auto store = make_test_store(clock.clock());
  dead_order(*store, "1", "permanent", "permanent: tax rule missing");
  clock.advance(60'000);
  TimeMs later = clock.now();
  dead_order(*store, "c2", "retries exhausted", "retryable: HTTP 503");
  dead_order(*store, "3", "ref timeout", "ref(customers, guest:x) not synced within 10m");

  CHECK(must(store->dead_letters({})).size() == 3);
  CHECK(must(store->dead_letters({.domain = "customers"})).size() == 1);
  CHECK(must(store->dead_letters({.since = later})).size() == 2);
  auto by_reason = must(store->dead_letters({.reason = "TAX"}));  // the error text, case-insensitive
  REQUIRE(by_reason.size() == 1);
  CHECK(by_reason[0].key == "1");
  CHECK(must(store->dead_letters({.domain = "orders", .reason = "ref timeout"})).size() == 1);
  CHECK(must(store->dead_letters({.limit = 2})).size() == 2);
}

TEST_CASE("edit then replay makes a new pending item with the edited payload; every action is audited", "[store][dlq]") {
  ManualClock clock;
  auto store = make_test_store(clock.clock());
  std::int64_t work_id = dead_order(*store, "1", "permanent", "missing sku");
  std::int64_t id = must(store->dead_letters({}))[0].id;
  std::string original = must(store->dead_letter(id)).payload;

  must_ok(store->edit_dead_letter(id, R"({"id":1,"sku":"FIXED"})", "cli:alice"));
  DeadLetter edited = must(store->dead_letter(id));
  CHECK(edited.edited);
  CHECK(edited.payload == R"({"id":1,"sku":"FIXED"})");

  std::int64_t replayed = must(store->replay_dead_letter(id, "cli:alice"));
  CHECK(replayed != work_id);
  WorkItem item = must(store->work_item(replayed));
  CHECK(item.state == WorkState::kPending);
  CHECK(item.payload == R"({"id":1,"sku":"FIXED"})");
  CHECK(item.correlation_id == "corr-dead-1");  // the correlation id follows the replay
  CHECK(item.key == "1");
  DeadLetter closed = must(store->dead_letter(id));
  CHECK(closed.status == DeadLetterStatus::kReplayed);
  CHECK(closed.replayed_as == replayed);
  CHECK(must(store->dead_letters({})).empty());
  CHECK(must(store->dead_letters({.include_closed = true})).size() == 1);
  CHECK(must(store->domain_status())[0].dead == 0);

  auto audit = must(store->audit(work_id));
  REQUIRE(audit.size() == 3);
  CHECK(audit[1].action == "dlq.edit");
  CHECK(audit[1].actor == "cli:alice");
  CHECK(audit[1].detail == "previous payload: " + original);
  CHECK(audit[2].action == "dlq.replay");
  CHECK_THAT(audit[2].detail, Catch::Contains(std::to_string(replayed)));

  // A replayed entry is closed: no second replay, edit or discard.
  CHECK(store->replay_dead_letter(id, "cli:bob").error().code == ErrorCode::kConflict);
  CHECK(store->edit_dead_letter(id, "{}", "cli:bob").error().code == ErrorCode::kConflict);
  CHECK_THAT(store->discard_dead_letter(id, "dup", "cli:bob").error().message, Catch::Contains("replayed, not open"));
}

TEST_CASE("a replay without an edit carries the original payload and runs like any item", "[store][dlq]") {
  ManualClock clock;
  auto store = make_test_store(clock.clock());
  dead_order(*store, "1", "permanent", "down");
  std::int64_t replayed = must(store->replay_dead_letter(must(store->dead_letters({}))[0].id, "api:token-1"));
  WorkItem item = claim_one(*store);
  CHECK(item.id == replayed);
  CHECK(item.payload == order_event("1", "dead-1").payload);
  CHECK(must(store->complete(item.id, item.generation, {})) == Transition::kApplied);
}

TEST_CASE("discard needs a reason, closes the entry and is audited", "[store][dlq]") {
  ManualClock clock;
  auto store = make_test_store(clock.clock());
  std::int64_t work_id = dead_order(*store, "1", "permanent", "test order");
  std::int64_t id = must(store->dead_letters({}))[0].id;
  CHECK(store->discard_dead_letter(id, "", "cli:alice").error().code == ErrorCode::kInvalidArgument);
  must_ok(store->discard_dead_letter(id, "test order, not a sale", "cli:alice"));
  DeadLetter entry = must(store->dead_letter(id));
  CHECK(entry.status == DeadLetterStatus::kDiscarded);
  CHECK(entry.resolution == "test order, not a sale");
  CHECK(must(store->work_item(work_id)).outcome == "discarded");
  auto audit = must(store->audit(work_id));
  CHECK(audit.back().action == "dlq.discard");
  CHECK(audit.back().detail == "test order, not a sale");
  CHECK(store->dead_letter(9999).error().code == ErrorCode::kNotFound);
  CHECK(store->replay_dead_letter(9999, "x").error().code == ErrorCode::kNotFound);
}
