// EventRouter: which domains an event reaches, under which key, dedupe scope and priority; filtered events.
#include <algorithm>

#include "engine_fixture.hpp"

using namespace syncloom;
using namespace syncloom::test;

namespace {
const store::Event* event_of(const core::Routed& r, const std::string& scope) {
  for (const store::Event& e : r.events)
    if (e.dedupe_scope == scope) return &e;
  return nullptr;
}
}  // namespace

TEST_CASE("router: an event reaches each listening domain with its key, dedupe scope and priority") {
  core::EventRouter router(engine_mapping());
  connectors::Event order{.topic = "order.created", .record = "order", .id = "10", .dedupe_key = "order:10:t1",
                          .json = order_json(10, "A@x.com")};
  core::Routed r = router.route("woo", order, "corr-1");
  CHECK(r.listeners == 1);
  REQUIRE(r.events.size() == 1);
  const store::Event& e = r.events[0];
  CHECK(e.dedupe_scope == "orders");
  // orders declares idempotency on id and modification time: that, not the system's key, deduplicates;
  // the modification time counts whole seconds, so the body's hash is part of the key.
  CHECK(e.dedupe_key == R"(idem:10|"2026-12-01T10:00:00Z"#)" + core::content_hash(order_json(10, "A@x.com")));
  CHECK(e.correlation_id == "corr-1");
  REQUIRE(e.work.size() == 1);
  CHECK(e.work[0].domain == "orders");
  CHECK(e.work[0].key == "10");
  CHECK(e.work[0].priority == core::kPriorityRealtime);
  CHECK(e.work[0].full_state);

  // customers has no idempotency: the system's dedupe key, and the computed key (lower-cased e-mail).
  connectors::Event customer{.topic = "customer.updated", .record = "customer", .id = "5", .dedupe_key = "customer:5:t",
                             .json = customer_json(5, "Ann@X.com")};
  r = router.route("woo", customer, "corr-2");
  REQUIRE(r.events.size() == 1);
  CHECK(r.events[0].dedupe_scope == "customers");
  CHECK(r.events[0].dedupe_key == "customer:5:t");
  CHECK(r.events[0].work.at(0).key == "ann@x.com");
  CHECK(r.events[0].work.at(0).priority == core::kPriorityEvent);

  // Nobody listens to this topic, nor to the other system's.
  CHECK(router.route("woo", {.topic = "product.updated", .record = "product", .id = "1", .json = "{}"}, "c").listeners == 0);
  CHECK(router.route("erp", order, "c").events.empty());
}

TEST_CASE("router: one Tryton topic feeds two domains; a filtered record is kept in DOMAIN/filtered without work") {
  core::EventRouter router(engine_mapping());
  connectors::Event item{.topic = "inventoryItem.changed", .record = "inventoryItem", .id = "7", .dedupe_key = "item:7:w1",
                         .json = item_json(7, "SKU7")};
  core::Routed r = router.route("erp", item, "corr");
  CHECK(r.listeners == 2);
  REQUIRE(r.events.size() == 2);
  CHECK(r.filtered.empty());
  std::vector<std::string> scopes;
  for (const auto& e : r.events) scopes.push_back(e.dedupe_scope + "=" + e.work.at(0).key);
  std::sort(scopes.begin(), scopes.end());
  CHECK(scopes == std::vector<std::string>{"products=SKU7", "stock=SKU7"});

  // Not salable: products filters it out (kept, no work); stock still gets it.
  item.json = item_json(7, "SKU7", false);
  r = router.route("erp", item, "corr");
  REQUIRE(r.events.size() == 2);
  CHECK(r.filtered == std::vector<std::string>{"products"});
  const store::Event* filtered = event_of(r, "products/filtered");
  REQUIRE(filtered);
  CHECK(filtered->work.empty());
  CHECK(filtered->dedupe_key == "item:7:w1");
  REQUIRE(event_of(r, "stock"));
  CHECK(event_of(r, "stock")->work.size() == 1);

  // A pending order is filtered for orders.
  connectors::Event order{.topic = "order.updated", .record = "order", .id = "11", .dedupe_key = "order:11:t",
                          .json = order_json(11, "a@x.com", "pending")};
  r = router.route("woo", order, "corr");
  REQUIRE(r.events.size() == 1);
  CHECK(r.events[0].dedupe_scope == "orders/filtered");
  CHECK(r.events[0].work.empty());
}

TEST_CASE("router: a filtered version does not use up the delivery of the eligible one, duplicates are counted") {
  EngineWorld w;
  // The pending version and the processing version share the idempotency parts only if they share the
  // modification time; here they do not, and neither must shadow the other.
  auto pending = w.deliver("woo", "order.created", "12", order_json(12, "a@x.com", "pending", "2026-12-01T10:00:01"), "order:12:t1");
  CHECK(pending.empty());
  auto paid = w.deliver("woo", "order.updated", "12", order_json(12, "a@x.com", "processing", "2026-12-01T10:00:02"), "order:12:t2");
  CHECK(paid.size() == 1);
  // The same version again (a repeated webhook, under another delivery key): deduplicated by idempotency.
  auto again = w.deliver("woo", "order.updated", "12", order_json(12, "a@x.com", "processing", "2026-12-01T10:00:02"), "order:12:other");
  CHECK(again.empty());
  auto intake = w.store->intake_status();
  REQUIRE(intake.ok());
  std::map<std::string, std::pair<int64_t, int64_t>> by_scope;
  for (const auto& s : *intake) by_scope[s.dedupe_scope] = {s.received, s.duplicates};
  CHECK(by_scope["orders/filtered"] == std::pair<int64_t, int64_t>{1, 0});
  CHECK(by_scope["orders"] == std::pair<int64_t, int64_t>{1, 1});

  // accept_routed counts per domain.
  core::Routed routed = w.router->route(
      "woo", {.topic = "order.updated", .record = "order", .id = "13", .dedupe_key = "d", .json = order_json(13, "b@x.com")},
      "c");
  auto fresh = core::accept_routed(*w.store, w.metrics, routed);
  REQUIRE(fresh.ok());
  CHECK(*fresh == 1);
  fresh = core::accept_routed(*w.store, w.metrics, routed);
  REQUIRE(fresh.ok());
  CHECK(*fresh == 0);
  CHECK(w.metrics.counter("syncloom_events_deduplicated_total", "", {{"domain", "orders"}}).value() == 1);
}

TEST_CASE("router: a record whose key cannot be computed still gets work, ordered on its own id") {
  core::EventRouter router(engine_mapping());
  connectors::Event item{.topic = "inventoryItem.changed", .record = "inventoryItem", .id = "9", .dedupe_key = "k",
                         .json = R"({"id":9,"name":"no code","salable":false,"type":"goods"})"};
  core::Routed r = router.route("erp", item, "c");
  const store::Event* stock = event_of(r, "stock");
  REQUIRE(stock);
  REQUIRE(stock->work.size() == 1);
  CHECK(stock->work[0].key == "!unkeyed:erp:9");
}

TEST_CASE("router: two edits within one second are two versions; copies of one delivery are one") {
  core::EventRouter router(engine_mapping());
  auto key_of = [&](const std::string& status) {
    connectors::Event order{.topic = "order.updated", .record = "order", .id = "10", .dedupe_key = "order:10:t1",
                            .json = order_json(10, "A@x.com", status, "2026-12-01T10:00:00")};
    core::Routed r = router.route("woo", order, "corr-1");
    REQUIRE(r.events.size() == 1);
    return r.events[0].dedupe_key;
  };
  CHECK(key_of("processing") == key_of("processing"));
  CHECK(key_of("processing") != key_of("completed"));
  CHECK(key_of("completed").starts_with(R"(idem:10|"2026-12-01T10:00:00Z"#)"));
}
