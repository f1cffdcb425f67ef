// Store suite: the recorded inbox (events with their work items and the documents written) and pruning it.
#include "store_suite.hpp"

using namespace syncloom::store;
using namespace syncloom::store::testing;

namespace {

constexpr TimeMs kDay = 86'400'000;

// Claims the next item and completes it with one ok write of `document` (a cross-reference to `target`).
void write_next(Store& store, const std::string& document, const std::string& target) {
  WorkItem item = claim_one(store);
  Completion done;
  done.xref = Xref{.target_system = "tryton", .target_id = target};
  done.attempts.push_back({.system = "tryton", .outcome = "ok", .message = "created", .target_id = target,
                           .document = document});
  REQUIRE(must(store.complete(item.id, item.generation, done)) == Transition::kApplied);
}

// Claims the next item and completes it without a write (the target holds the document already).
void unchanged_next(Store& store, const std::string& target) {
  WorkItem item = claim_one(store);
  Completion done;
  done.xref = Xref{.target_system = "tryton", .target_id = target};
  done.outcome = "unchanged";
  REQUIRE(must(store.complete(item.id, item.generation, done)) == Transition::kApplied);
}

Event filtered_event(const std::string& id, const std::string& dedupe) {
  Event event = order_event(id, dedupe);
  event.dedupe_scope = "orders/filtered";
  event.work.clear();
  return event;
}

std::vector<std::int64_t> ids_of(const std::vector<RecordedEvent>& events) {
  std::vector<std::int64_t> ids;
  for (const RecordedEvent& e : events) ids.push_back(e.id);
  return ids;
}

}  // namespace

TEST_CASE("a write attempt keeps the document it sent", "[store][recorded]") {
  ManualClock clock;
  auto store = make_test_store(clock.clock());
  std::int64_t id = accept_one_item(*store, order_event("1", "v1"));
  WorkItem item = claim_one(*store);
  OutboxAttempt busy{.system = "tryton", .outcome = "retryable", .message = "HTTP 503", .document = R"({"total":"12.30"})"};
  REQUIRE(must(store->fail(item.id, item.generation, {.error = "HTTP 503", .retry_at = clock.now(), .attempts = {busy}})) ==
          Transition::kApplied);
  write_next(*store, R"({"total":"12.30","n":1})", "SO-1");
  auto attempts = must(store->attempts(id));
  REQUIRE(attempts.size() == 2);
  CHECK(attempts[0].document == std::optional<std::string>(R"({"total":"12.30"})"));
  CHECK(attempts[1].document == std::optional<std::string>(R"({"total":"12.30","n":1})"));
  // An attempt without a document (a failure before anything was sent) reads back without one.
  accept_one_item(*store, order_event("2", "2v1"));
  WorkItem second = claim_one(*store);
  OutboxAttempt refused{.system = "tryton", .outcome = "auth", .message = "HTTP 401"};
  REQUIRE(must(store->fail(second.id, second.generation, {.error = "HTTP 401", .attempts = {refused}})) == Transition::kApplied);
  CHECK_FALSE(must(store->attempts(second.id)).at(0).document.has_value());
}

TEST_CASE("recorded events come with their work items and the document last written for each record", "[store][recorded]") {
  ManualClock clock;
  auto store = make_test_store(clock.clock());
  TimeMs start = clock.now();
  accept_one_item(*store, order_event("1", "v1"));
  write_next(*store, R"({"reference":"1","total":"12.30"})", "SO-1");
  clock.advance(1'000);
  Accepted filtered = must(store->accept(filtered_event("3", "f1")));  // no work: filtered at intake
  accept_one_item(*store, order_event("1", "v2"));
  unchanged_next(*store, "SO-1");  // the same document again: nothing written
  clock.advance(1'000);
  accept_one_item(*store, order_event("2", "2v1"));
  WorkItem rejected = claim_one(*store);
  REQUIRE(must(store->fail(rejected.id, rejected.generation, {.error = "total: not a decimal", .reason = "rejected"})) ==
          Transition::kApplied);
  accept_one_item(*store, order_event("4", "4v1"));  // still pending
  Event customer = order_event("9", "c9");
  customer.dedupe_scope = "customers";
  customer.work[0].domain = "customers";
  accept_one_item(*store, customer);

  auto all = must(store->recorded_events({}));
  REQUIRE(all.size() == 6);
  CHECK(all[0].payload == R"({"id":1,"total":"12.30","v":"v1"})");
  CHECK(all[0].system == "woocommerce");
  CHECK(all[0].topic == "order.updated");
  CHECK(all[0].record == "order");
  CHECK(all[0].source_id == "1");
  CHECK(all[0].dedupe_scope == "orders");
  CHECK(all[0].dedupe_key == "v1");
  CHECK(all[0].correlation_id == "corr-v1");
  CHECK(all[0].received_at == start);
  REQUIRE(all[0].work.size() == 1);
  const RecordedWork& first = all[0].work[0];
  CHECK(first.domain == "orders");
  CHECK(first.key == "1");
  CHECK(first.state == WorkState::kDone);
  CHECK(first.outcome == "synced");
  CHECK(first.document == std::optional<std::string>(R"({"reference":"1","total":"12.30"})"));
  CHECK(first.document_work_id == first.id);

  CHECK(all[1].id == filtered.event_id);
  CHECK(all[1].dedupe_scope == "orders/filtered");
  CHECK(all[1].work.empty());

  // "unchanged": the document the target already held, written by the key's earlier item.
  REQUIRE(all[2].work.size() == 1);
  CHECK(all[2].work[0].outcome == "unchanged");
  CHECK(all[2].work[0].document == first.document);
  CHECK(all[2].work[0].document_work_id == first.id);

  REQUIRE(all[3].work.size() == 1);
  CHECK(all[3].work[0].state == WorkState::kDead);
  CHECK(all[3].work[0].dead_reason == "rejected");
  CHECK(all[3].work[0].last_error == "total: not a decimal");
  CHECK_FALSE(all[3].work[0].document.has_value());
  CHECK(all[4].work.at(0).state == WorkState::kPending);
  CHECK_FALSE(all[4].work.at(0).document.has_value());

  // Filters: since, domain (its scope and its filtered scope), paging after an id with a limit.
  CHECK(ids_of(must(store->recorded_events({.since = start + 1'000}))) ==
        std::vector<std::int64_t>{all[1].id, all[2].id, all[3].id, all[4].id, all[5].id});
  CHECK(ids_of(must(store->recorded_events({.domain = "customers"}))) == std::vector<std::int64_t>{all[5].id});
  CHECK(must(store->recorded_events({.domain = "orders"})).size() == 5);
  auto page1 = must(store->recorded_events({.limit = 4}));
  auto page2 = must(store->recorded_events({.after_id = page1.back().id, .limit = 4}));
  CHECK(ids_of(page1) == std::vector<std::int64_t>{all[0].id, all[1].id, all[2].id, all[3].id});
  CHECK(ids_of(page2) == std::vector<std::int64_t>{all[4].id, all[5].id});
  CHECK(must(store->recorded_events({.after_id = all[5].id})).empty());
  CHECK_FALSE(store->recorded_events({.limit = 0}).ok());
}

TEST_CASE("pruning removes old finished events and keeps what is still needed", "[store][recorded][retention]") {
  ManualClock clock;
  auto store = make_test_store(clock.clock());
  // Day 0: key 1 written twice (the first write is superseded), key 2 written once (its last document),
  // key 3 dead-lettered, a filtered record, a workflow event, key 5 unchanged after its write.
  accept_one_item(*store, order_event("1", "1a"));
  write_next(*store, R"({"n":1})", "SO-1");
  accept_one_item(*store, order_event("1", "1b"));
  write_next(*store, R"({"n":2})", "SO-1");
  accept_one_item(*store, order_event("2", "2a"));
  write_next(*store, R"({"n":1})", "SO-2");
  accept_one_item(*store, order_event("3", "3a"));
  WorkItem dead = claim_one(*store);
  REQUIRE(must(store->fail(dead.id, dead.generation, {.error = "no", .reason = "permanent"})) == Transition::kApplied);
  must(store->accept(filtered_event("4", "4a")));
  Event workflow = filtered_event("6", "6a");
  workflow.dedupe_scope = "workflow/returns";
  must(store->accept(workflow));
  accept_one_item(*store, order_event("5", "5a"));
  write_next(*store, R"({"n":5})", "SO-5");
  accept_one_item(*store, order_event("5", "5b"));
  unchanged_next(*store, "SO-5");
  clock.advance(kDay);
  accept_one_item(*store, order_event("7", "7a"));  // day 1, pending: too young anyway
  const auto before = must(store->recorded_events({}));
  REQUIRE(before.size() == 9);
  const auto audit_before = must(store->audit());
  CHECK(must(store->retained_status()).events == 9);
  CHECK(must(store->retained_status()).oldest == std::optional<TimeMs>(before.front().received_at));

  // The events of day 0 are due: 1a (superseded by 1b's write) and the filtered record go; 1b and 2a
  // (their key's last documents), 3a (a dead letter), the workflow event, 5a (the document 5b's unchanged
  // skip relied on) and 5b (the cross-reference's item) stay.
  // In passes of at most `limit` events, each one transaction.
  Pruned first = must(store->prune_events(clock.now() - kDay / 2, 1));
  CHECK(first.events == 1);
  CHECK(first.more);
  CHECK(first.last_id == before[0].id);  // 1a
  Pruned rest = must(store->prune_events(clock.now() - kDay / 2, 100, first.last_id));
  CHECK(rest.events == 1);
  CHECK_FALSE(rest.more);
  CHECK(rest.last_id == before[4].id);  // the filtered 4a
  CHECK(first.work_items + rest.work_items == 1);
  CHECK(first.attempts + rest.attempts == 1);
  auto after = must(store->recorded_events({}));
  std::vector<std::string> kept;
  for (const RecordedEvent& e : after) kept.push_back(e.dedupe_scope + ":" + e.dedupe_key);
  CHECK(kept == std::vector<std::string>{"orders:1b", "orders:2a", "orders:3a", "workflow/returns:6a", "orders:5a",
                                         "orders:5b", "orders:7a"});
  CHECK(after[5].work.at(0).document == std::optional<std::string>(R"({"n":5})"));  // 5b still finds 5a's write
  CHECK(must(store->dead_letters({})).size() == 1);
  CHECK(must(store->audit()).size() == audit_before.size());  // the audit trail is never pruned
  CHECK(must(store->xref("orders", "1"))->target_id == "SO-1");
  RetainedStatus retained = must(store->retained_status());
  CHECK(retained.events == 7);
  CHECK(retained.oldest == std::optional<TimeMs>(after.front().received_at));
  CHECK(must(store->prune_events(clock.now() - kDay / 2, 100)).events == 0);  // nothing more is due

  // A pruned delivery is forgotten: the same dedupe key is accepted again (retention outlasts redeliveries).
  CHECK_FALSE(must(store->accept(order_event("1", "1a"))).duplicate);
  // Its write supersedes 1b's (and takes the cross-reference): now 1b is due too.
  clock.advance(1'000);
  auto items = must(store->claim({.owner = "w", .limit = 10}));
  REQUIRE(items.size() == 2);
  for (const WorkItem& item : items) {
    Completion done;
    done.xref = Xref{.target_system = "tryton", .target_id = "SO-" + item.key};
    done.attempts.push_back({.system = "tryton", .outcome = "ok", .target_id = "SO-" + item.key, .document = "{}"});
    REQUIRE(must(store->complete(item.id, item.generation, done)) == Transition::kApplied);
  }
  Pruned later = must(store->prune_events(clock.now() + 1, 100));
  CHECK(later.events == 1);
  CHECK(must(store->recorded_events({})).front().dedupe_key == "2a");
  CHECK(must(store->prune_events(clock.now() + 1, 100, after.back().id)).events == 0);  // nothing after the last
  CHECK_FALSE(store->prune_events(clock.now(), 0).ok());
}
