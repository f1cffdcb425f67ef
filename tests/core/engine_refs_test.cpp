// SyncEngine and ref(): waiting for a referenced domain, derived fetches, dead letters after ref_wait,
// updates whose target does not exist yet, and which id a reference resolves to (StoreRefs::for_system).
#include "engine_fixture.hpp"
#include "syncloom/core/store_refs.hpp"

using namespace syncloom;
using namespace syncloom::test;

TEST_CASE("engine: ref() to an unsynced key waits, and completes once the referenced domain syncs") {
  EngineWorld w;
  w.engine->start();
  auto order = w.deliver("woo", "order.created", "10", order_json(10, "Ann@x.com"), "o:10");
  REQUIRE(order.size() == 1);
  REQUIRE(eventually([&] { return w.item(order[0]).state == store::WorkState::kWaiting; }));
  CHECK(w.erp.writes().empty());
  // The customer's own event arrives.
  auto customer = w.deliver("woo", "customer.created", "5", customer_json(5, "ann@x.com"), "c:5");
  REQUIRE(eventually([&] { return w.finished(order[0]); }));
  CHECK(w.item(customer.at(0)).state == store::WorkState::kDone);
  CHECK(w.item(order[0]).state == store::WorkState::kDone);
  auto party = w.store->xref("customers", "ann@x.com");
  REQUIRE(party.ok());
  REQUIRE(*party);
  std::string sale;
  for (const auto& write : w.erp.writes())
    if (write.request.record == "salesOrder") sale = write.request.json;
  REQUIRE(!sale.empty());
  CHECK(nlohmann::json::parse(sale)["party"] == std::stoi((*party)->target_id));
  CHECK(w.dead_letters().empty());
}

TEST_CASE("engine: a reference its system can find is fetched (derived) and synced first") {
  EngineWorld w;
  // The customer exists at the store, but its webhook was lost.
  w.woo.put("customer", "55", customer_json(55, "bo@x.com", "Bo", "Ek"));
  w.engine->start();
  auto order = w.deliver("woo", "order.created", "11", order_json(11, "BO@x.com"), "o:11", "corr-derived");
  REQUIRE(eventually([&] { return w.finished(order.at(0)); }));
  CHECK(w.item(order[0]).state == store::WorkState::kDone);
  CHECK(w.woo.finds() >= 1);
  auto party = w.store->xref("customers", "bo@x.com");
  REQUIRE(party.ok());
  REQUIRE(*party);
  CHECK(w.erp.records("customer").size() == 1);
  // The derived sync carries the order's correlation id.
  bool logged = false;
  for (const auto& line : w.log_lines())
    logged |= line.find("queued the sync of a referenced record") != std::string::npos &&
              line.find("corr-derived") != std::string::npos;
  CHECK(logged);
}

TEST_CASE("engine: a reference that never syncs dead-letters after ref_wait with reason \"unresolved reference\"") {
  EngineWorld w;
  auto started = store::system_clock_ms();
  w.engine->start();
  auto order = w.deliver("woo", "order.created", "12", order_json(12, "nobody@x.com"), "o:12", "corr-unres");
  REQUIRE(eventually([&] { return w.finished(order.at(0)); }));
  CHECK(store::system_clock_ms() - started >= 1600);
  auto letters = w.dead_letters();
  REQUIRE(letters.size() == 1);
  CHECK(letters[0].reason == "unresolved reference");
  CHECK(letters[0].correlation_id == "corr-unres");
  CHECK(letters[0].error.find("ref_wait") != std::string::npos);
  CHECK(w.erp.writes().empty());
  // The wait spent no attempts of the domain's retry policy (3): it waited, it did not fail.
  CHECK(w.metrics.counter("syncloom_ref_waits_total", "", {{"domain", "orders"}}).value() >= 1);
}

TEST_CASE("engine: an update-only flow with no target found waits, then dead-letters") {
  EngineWorld w;
  w.engine->start();
  // Not salable: products filters it out, so no store product will ever exist for stock to update.
  auto ids = w.deliver("erp", "inventoryItem.changed", "3", item_json(3, "SKU3", false), "item:3");
  REQUIRE(ids.size() == 1);
  REQUIRE(eventually([&] { return w.item(ids[0]).state == store::WorkState::kWaiting; }));
  REQUIRE(eventually([&] { return w.finished(ids[0]); }));
  CHECK(w.item(ids[0]).state == store::WorkState::kDead);
  auto letters = w.dead_letters();
  REQUIRE(letters.size() == 1);
  CHECK(letters[0].domain == "stock");
  CHECK(letters[0].reason == "unresolved reference");
  CHECK(w.woo.records("product").empty());
  for (const auto& write : w.woo.writes()) CHECK(write.request.mode == connectors::WriteMode::kUpdate);
}

TEST_CASE("engine: an update-only flow completes once the record it updates is created") {
  EngineWorld w;
  w.engine->start();
  auto ids = w.deliver("erp", "inventoryItem.changed", "4", item_json(4, "SKU4", true, 7), "item:4");
  REQUIRE(ids.size() == 2);
  REQUIRE(eventually([&] { return w.finished(ids[0]) && w.finished(ids[1]); }));
  CHECK(w.item(ids[0]).state == store::WorkState::kDone);
  CHECK(w.item(ids[1]).state == store::WorkState::kDone);
  auto products = w.woo.records("product");
  REQUIRE(products.size() == 1);
  auto doc = nlohmann::json::parse(products[0].json);
  CHECK(doc["sku"] == "SKU4");
  CHECK(doc["stock_quantity"] == 7);
}

TEST_CASE("StoreRefs: a reference resolves to the target id, or to the source id in the source's system") {
  EngineWorld w;
  w.engine->start();
  // products: erp inventoryItem 4 -> woo product (created, id from the fake).
  auto ids = w.deliver("erp", "inventoryItem.changed", "4", item_json(4, "SKU4"), "item:4");
  REQUIRE(eventually([&] { return w.finished(ids.at(0)); }));
  auto x = w.store->xref("products", "SKU4");
  REQUIRE(x.ok());
  REQUIRE(*x);
  const std::string woo_id = (*x)->target_id;
  REQUIRE(!woo_id.empty());
  CHECK(woo_id != "4");

  core::StoreRefs refs(*w.store);
  interp::Value key;
  key.v = std::string("SKU4");
  auto text = [](const std::optional<interp::Value>& v) {
    REQUIRE(v);
    return std::get<std::string>(v->v);
  };
  CHECK(text(refs.resolve("products", key)) == woo_id);                    // no system: the target id
  CHECK(text(refs.for_system("woo").resolve("products", key)) == woo_id);  // a flow writing to woo
  CHECK(text(refs.for_system("erp").resolve("products", key)) == "4");     // a flow writing to erp: Tryton's id
  CHECK_FALSE(refs.for_system("netsuite").resolve("products", key));
  interp::Value missing;
  missing.v = std::string("NOPE");
  CHECK_FALSE(refs.resolve("products", missing));
  CHECK(refs.store_errors() == 0);
}

TEST_CASE("engine: a ref() wait counts from its first miss across a restart (kept in the store)") {
  core::EngineOptions options = EngineWorld::fast_options();
  options.ref_wait = std::chrono::milliseconds(2000);
  EngineWorld w(options);
  w.engine->start();
  auto order = w.deliver("woo", "order.created", "13", order_json(13, "nobody@x.com"), "o:13");
  REQUIRE(order.size() == 1);
  REQUIRE(eventually([&] { return w.item(order[0]).ref_wait_since > 0; }));
  const store::TimeMs since = w.item(order[0]).ref_wait_since;
  w.engine->stop(std::chrono::seconds(1));
  // Down for most of ref_wait; a wait kept in memory would start again after the restart.
  std::this_thread::sleep_for(std::chrono::milliseconds(1500));
  w.engine = std::make_unique<core::SyncEngine>(*w.router, *w.store, w.systems, w.log, w.metrics, options);
  w.engine->start();
  REQUIRE(eventually([&] { return w.finished(order[0]); }, std::chrono::seconds(10)));
  const store::TimeMs dead_at = store::system_clock_ms();
  CHECK(w.item(order[0]).ref_wait_since == since);  // every release kept the first miss
  auto letters = w.dead_letters();
  REQUIRE(letters.size() == 1);
  CHECK(letters[0].reason == "unresolved reference");
  // ref_wait after the first miss, plus one release delay (at most ref_wait / 4): not ref_wait after the
  // restart (since + 1500 + 2000).
  CHECK(dead_at - since < 3200);
}
