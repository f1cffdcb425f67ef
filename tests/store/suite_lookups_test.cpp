// Store suite: cursors, cross-references over several writes, and the per-domain status counts.
#include "store_suite.hpp"

using namespace syncloom::store;
using namespace syncloom::store::testing;

TEST_CASE("cursors are kept per system and topic and overwritten", "[store][cursor]") {
  ManualClock clock;
  auto store = make_test_store(clock.clock());
  CHECK_FALSE(must(store->cursor("tryton", "sale.sale")).has_value());
  must_ok(store->set_cursor("tryton", "sale.sale", "2026-01-01T10:00:00"));
  must_ok(store->set_cursor("tryton", "stock.move", "42"));
  must_ok(store->set_cursor("tryton", "sale.sale", "2026-01-01T11:00:00"));
  CHECK(must(store->cursor("tryton", "sale.sale")) == std::optional<std::string>("2026-01-01T11:00:00"));
  CHECK(must(store->cursor("tryton", "stock.move")) == std::optional<std::string>("42"));
  CHECK_FALSE(must(store->cursor("woocommerce", "sale.sale")).has_value());
}

TEST_CASE("a cursor swap writes only over the value expected, so one of several workers wins a fire", "[store][cursor]") {
  ManualClock clock;
  auto store = make_test_store(clock.clock());
  // None yet: the first insert wins, a second one expecting none loses.
  CHECK(must(store->swap_cursor("schedule", "products#0", std::nullopt, "1000")));
  CHECK_FALSE(must(store->swap_cursor("schedule", "products#0", std::nullopt, "1001")));
  CHECK(must(store->cursor("schedule", "products#0")) == std::optional<std::string>("1000"));
  // Two workers both read 1000; the first swap wins, the second finds 2000 and loses.
  CHECK(must(store->swap_cursor("schedule", "products#0", std::string("1000"), "2000")));
  CHECK_FALSE(must(store->swap_cursor("schedule", "products#0", std::string("1000"), "2001")));
  CHECK(must(store->cursor("schedule", "products#0")) == std::optional<std::string>("2000"));
  // Expecting a value of a cursor that does not exist creates nothing.
  CHECK_FALSE(must(store->swap_cursor("schedule", "other", std::string("5"), "6")));
  CHECK_FALSE(must(store->cursor("schedule", "other")).has_value());
}

TEST_CASE("a later completion of the same key updates its cross-reference and keeps the last state", "[store][xref]") {
  ManualClock clock;
  auto store = make_test_store(clock.clock());
  accept_one_item(*store, order_event("1", "v1"));
  WorkItem first = claim_one(*store);
  Completion created;
  created.xref = Xref{.target_system = "tryton", .target_id = "SO-1", .last_state = R"({"v":1})"};
  REQUIRE(must(store->complete(first.id, first.generation, created)) == Transition::kApplied);

  accept_one_item(*store, order_event("1", "v2"));
  WorkItem second = claim_one(*store);
  Completion updated;
  updated.xref = Xref{.target_system = "tryton", .target_id = "SO-1"};  // no new state given: keep the last
  REQUIRE(must(store->complete(second.id, second.generation, updated)) == Transition::kApplied);
  auto xref = must(store->xref("orders", "1"));
  REQUIRE(xref.has_value());
  CHECK(xref->last_state == R"({"v":1})");
  CHECK(xref->updated_at == clock.now());

  // An explicit domain and key (a party created while syncing an order) are recorded as given.
  accept_one_item(*store, order_event("2", "order2-v1"));
  WorkItem third = claim_one(*store);
  Completion party;
  party.xref = Xref{.domain = "customers", .key = "guest:ann@example.com", .target_system = "tryton", .target_id = "P-9"};
  REQUIRE(must(store->complete(third.id, third.generation, party)) == Transition::kApplied);
  CHECK(must(store->xref("customers", "guest:ann@example.com"))->target_id == "P-9");
  CHECK_FALSE(must(store->xref("orders", "2")).has_value());
  CHECK_FALSE(must(store->xref_by_target("tryton", "nope")).has_value());
}

TEST_CASE("status counts pending, running, waiting and dead per domain, with last success and oldest pending", "[store][status]") {
  ManualClock clock;
  auto store = make_test_store(clock.clock());
  TimeMs start = clock.now();
  for (int i = 0; i < 4; ++i) accept_one_item(*store, order_event(std::to_string(i), "k" + std::to_string(i)));
  Event customer = order_event("c", "c");
  customer.work[0].domain = "customers";
  accept_one_item(*store, customer);
  clock.advance(1'000);

  auto items = must(store->claim({.owner = "w", .limit = 3, .domains = {"orders"}}));
  REQUIRE(items.size() == 3);
  REQUIRE(must(store->complete(items[0].id, items[0].generation, {})) == Transition::kApplied);
  REQUIRE(must(store->fail(items[1].id, items[1].generation, {.error = "x", .retry_at = clock.now() + 10})) ==
          Transition::kApplied);
  TimeMs success_at = clock.now();
  clock.advance(1'000);
  REQUIRE(must(store->fail(items[2].id, items[2].generation, {.error = "bad"})) == Transition::kApplied);

  auto status = must(store->domain_status());
  REQUIRE(status.size() == 2);
  const DomainStatus& customers = status[0];
  const DomainStatus& orders = status[1];
  CHECK(customers.domain == "customers");
  CHECK(customers.pending == 1);
  CHECK_FALSE(customers.last_success.has_value());
  CHECK(orders.domain == "orders");
  CHECK(orders.pending == 1);
  CHECK(orders.running == 0);
  CHECK(orders.waiting == 1);
  CHECK(orders.dead == 1);
  CHECK(orders.last_success == std::optional<TimeMs>(success_at));
  CHECK(orders.oldest_pending == std::optional<TimeMs>(start));

  claim_one(*store, "w", 1000);
  CHECK(must(store->domain_status())[1].running + must(store->domain_status())[0].running == 1);
}
