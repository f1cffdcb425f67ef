// Reconciliation over the fake systems: drift found field by field with exact decimals, missing records on
// both sides, a repair through the work path (audited as "reconcile") after which the next pass is clean,
// and a second repair that queues nothing.
#include "engine_fixture.hpp"
#include "syncloom/core/reconcile.hpp"

using namespace syncloom;
using namespace syncloom::test;

namespace {

constexpr const char* kReconcileMapping = R"(mapping recon_test version 1

system woo: woocommerce
system erp: tryton

domain inventory {
  owner erp
  key erp.inventoryItem.code <-> woo.product.sku
  sync event on erp "inventoryItem.changed"
  reconcile every 1h
  flow erp.inventoryItem -> woo.product {
    sku            = code
    name           = name
    regular_price  = list_price
    stock_quantity = max(0, int(forecast_quantity) ?? 0)
  }
}
)";

std::shared_ptr<const Mapping> reconcile_mapping() {
  static std::shared_ptr<const Mapping> mapping = [] {
    CompileResult compiled = compile_source("recon_test.loom", kReconcileMapping);
    INFO(compiled.diagnostics);
    REQUIRE(compiled.mapping);
    return compiled.mapping;
  }();
  return mapping;
}

std::string erp_item(int id, const std::string& code, const std::string& price, int forecast) {
  return R"({"id":)" + std::to_string(id) + R"(,"code":")" + code + R"(","name":"Item )" + code +
         R"(","salable":true,"type":"goods","list_price":")" + price + R"(","forecast_quantity":)" +
         std::to_string(forecast) + ".0}";
}

std::string woo_product(int id, const std::string& sku, const std::string& price, int stock) {
  return R"({"id":)" + std::to_string(id) + R"(,"sku":")" + sku + R"(","name":"Item )" + sku +
         R"(","regular_price":")" + price + R"(","stock_quantity":)" + std::to_string(stock) + "}";
}

template <class T>
T must(store::Result<T> r) {
  if (!r.ok()) FAIL("store error: " << r.error().message);
  return std::move(r).value();
}

core::ReconcileReport must_report(const std::variant<core::ReconcileReport, core::ReconcileError>& r) {
  if (auto* e = std::get_if<core::ReconcileError>(&r)) FAIL("reconcile error: " << e->message);
  return std::get<core::ReconcileReport>(r);
}

bool all_done(store::Store& store) {
  auto status = store.domain_status();
  REQUIRE(status.ok());
  for (const auto& d : *status)
    if (d.pending + d.running + d.waiting > 0) return false;
  return true;
}

}  // namespace

TEST_CASE("reconcile: exact report, repair, a clean next pass, an idle second repair", "[core][reconcile]") {
  EngineWorld w(EngineWorld::fast_options(), reconcile_mapping());
  w.engine->start();
  // In step: 7 and "7.00", "12.5" and "12.50" are the same.
  w.erp.put("inventoryItem", "1", erp_item(1, "A1", "12.5", 7));
  w.woo.put("product", "101", woo_product(101, "A1", "12.50", 7));
  // A price and a stock figure drifted on the store's side.
  w.erp.put("inventoryItem", "2", erp_item(2, "B2", "20.00", 4));
  w.woo.put("product", "102", woo_product(102, "B2", "18.75", 9));
  // Missing in WooCommerce.
  w.erp.put("inventoryItem", "3", erp_item(3, "C3", "5.00", 1));
  // A product this domain once wrote whose ERP item is gone.
  w.woo.put("product", "104", woo_product(104, "D4", "3.00", 1));
  {
    store::Event seed{.system = "erp", .topic = "inventoryItem.changed", .record = "inventoryItem", .source_id = "4",
                      .dedupe_scope = "inventory", .dedupe_key = "seed-D4", .payload = erp_item(4, "D4", "3.00", 1),
                      .work = {{.domain = "inventory", .key = "D4"}}};
    auto accepted = must(w.store->accept(seed));
    w.engine->wake();
    REQUIRE(accepted.work_ids.size() == 1);
    REQUIRE(eventually([&] { return w.finished(accepted.work_ids[0]); }));
  }
  // D4's sync wrote the product found by sku (104); now the ERP item is not listed any more.
  REQUIRE(must(w.store->xref("inventory", "D4")).has_value());

  core::Reconciler reconciler(*w.router, *w.store, w.systems);
  core::ReconcileReport first = must_report(reconciler.run({.domain = "inventory"}));
  CHECK(first.owner_records == 3);
  CHECK(first.compared == 2);
  CHECK(first.drifted == 1);
  CHECK(first.missing_in_target == 1);
  CHECK(first.missing_in_owner == 1);
  CHECK(first.drift_total() == 3);
  CHECK(first.by_field == std::map<std::string, std::int64_t>{{"regular_price", 1}, {"stock_quantity", 1}});
  CHECK(first.money_difference == "1.25");  // 20.00 - 18.75, exact
  CHECK(first.repairs_queued == 0);
  REQUIRE(first.examples.size() == 3);
  CHECK(first.examples[0].key == "B2");
  CHECK(first.examples[0].kind == "changed");
  CHECK(first.examples[1].kind == "missing_in_target");
  CHECK(first.examples[2].kind == "missing_in_owner");
  CHECK(first.examples[2].target_id == "104");
  CHECK(core::reconcile_report_json(first).find(R"("money_difference":1.25)") != std::string::npos);

  core::ReconcileReport repaired = must_report(reconciler.run({.domain = "inventory", .repair = true}));
  CHECK(repaired.drift_total() == 3);
  CHECK(repaired.repairs_queued == 2);  // B2 and C3; a product without its item is reported, not deleted
  REQUIRE(eventually([&] { return all_done(*w.store); }));

  core::ReconcileReport after = must_report(reconciler.run({.domain = "inventory", .repair = true}));
  CHECK(after.drifted == 0);
  CHECK(after.missing_in_target == 0);
  CHECK(after.missing_in_owner == 1);
  CHECK(after.money_difference == "0");
  CHECK(after.repairs_queued == 0);
  auto products = w.woo.records("product");
  bool b2_fixed = false;
  for (const auto& p : products)
    if (p.json.find(R"("sku":"B2")") != std::string::npos)
      b2_fixed = p.json.find(R"("stock_quantity":4)") != std::string::npos && p.json.find("20.0") != std::string::npos;
  CHECK(b2_fixed);
  // The repairs are audited as the reconciler's.
  int by_reconcile = 0;
  for (const auto& a : must(w.store->audit()))
    if (a.actor == "reconcile" && a.action == "write") ++by_reconcile;
  CHECK(by_reconcile == 2);
}

TEST_CASE("reconcile: `reconcile ... on FIELDS` compares those fields only", "[core][reconcile]") {
  CompileResult compiled = compile_source("recon_on.loom", std::string(kReconcileMapping).replace(
      std::string(kReconcileMapping).find("reconcile every 1h"), 18, "reconcile every 1h on stock_quantity"));
  INFO(compiled.diagnostics);
  REQUIRE(compiled.mapping);
  EngineWorld w(EngineWorld::fast_options(), compiled.mapping);
  w.erp.put("inventoryItem", "2", erp_item(2, "B2", "20.00", 4));
  w.woo.put("product", "102", woo_product(102, "B2", "18.75", 4));
  core::Reconciler reconciler(*w.router, *w.store, w.systems);
  core::ReconcileReport report = must_report(reconciler.run({.domain = "inventory"}));
  CHECK(report.compared == 1);
  CHECK(report.drifted == 0);  // the price differs, but only stock is reconciled
}

TEST_CASE("reconcile: an unknown domain is a usage error", "[core][reconcile]") {
  EngineWorld w(EngineWorld::fast_options(), reconcile_mapping());
  core::Reconciler reconciler(*w.router, *w.store, w.systems);
  auto unknown = reconciler.run({.domain = "nope"});
  REQUIRE(std::holds_alternative<core::ReconcileError>(unknown));
  CHECK(std::get<core::ReconcileError>(unknown).kind == core::ReconcileFailure::kUsage);
}

TEST_CASE("reconcile: a synced record the flow no longer takes is filtered, not missing its owner", "[core][reconcile]") {
  std::string text = kReconcileMapping;
  const std::string flow = "flow erp.inventoryItem -> woo.product {";
  text.replace(text.find(flow), flow.size(), "flow erp.inventoryItem -> woo.product when salable {");
  CompileResult compiled = compile_source("recon_when.loom", text);
  INFO(compiled.diagnostics);
  REQUIRE(compiled.mapping);
  EngineWorld w(EngineWorld::fast_options(), compiled.mapping);
  w.engine->start();
  w.woo.put("product", "104", woo_product(104, "D4", "3.00", 1));
  store::Event seed{.system = "erp", .topic = "inventoryItem.changed", .record = "inventoryItem", .source_id = "4",
                    .dedupe_scope = "inventory", .dedupe_key = "seed-D4", .payload = erp_item(4, "D4", "3.00", 1),
                    .work = {{.domain = "inventory", .key = "D4"}}};
  auto accepted = must(w.store->accept(seed));
  w.engine->wake();
  REQUIRE(eventually([&] { return w.finished(accepted.work_ids[0]); }));
  // Since its sync the item stopped being salable: still listed by the ERP, no longer the flow's.
  std::string unsalable = erp_item(4, "D4", "3.00", 1);
  unsalable.replace(unsalable.find(R"("salable":true)"), 14, R"("salable":false)");
  w.erp.put("inventoryItem", "4", unsalable);
  core::Reconciler reconciler(*w.router, *w.store, w.systems);
  core::ReconcileReport report = must_report(reconciler.run({.domain = "inventory"}));
  CHECK(report.filtered == 1);
  CHECK(report.missing_in_owner == 0);
  CHECK(report.drift_total() == 0);
}

TEST_CASE("reconcile: a repair is queued even where the mapping's idempotency key saw the version before",
          "[core][reconcile]") {
  // The repair brings the same version of the owner's record once more, on purpose: the domain's
  // idempotency key (the code alone here) must not drop it as a copy of the first delivery.
  std::string text = kReconcileMapping;
  const std::string sync = "sync event on erp \"inventoryItem.changed\"\n";
  text.insert(text.find(sync) + sync.size(), "  idempotency erp.inventoryItem.code\n");
  CompileResult compiled = compile_source("recon_idem.loom", text);
  INFO(compiled.diagnostics);
  REQUIRE(compiled.mapping);
  EngineWorld w(EngineWorld::fast_options(), compiled.mapping);
  w.engine->start();
  w.erp.put("inventoryItem", "2", erp_item(2, "B2", "20.00", 4));
  auto work = w.deliver("erp", "inventoryItem.changed", "2", erp_item(2, "B2", "20.00", 4), "d-1");
  REQUIRE(work.size() == 1);
  REQUIRE(eventually([&] { return w.finished(work[0]); }));
  // Edited in the store behind the service's back.
  auto products = w.woo.records("product");
  REQUIRE(products.size() == 1);
  w.woo.put("product", products[0].id, woo_product(std::stoi(products[0].id), "B2", "18.00", 4));
  core::Reconciler reconciler(*w.router, *w.store, w.systems);
  core::ReconcileReport found = must_report(reconciler.run({.domain = "inventory", .repair = true}));
  CHECK(found.drifted == 1);
  CHECK(found.repairs_queued == 1);
  REQUIRE(eventually([&] { return all_done(*w.store); }));
  CHECK(must_report(reconciler.run({.domain = "inventory"})).drift_total() == 0);
}

TEST_CASE("reconcile: the target is listed once and matched by key, not read record by record", "[core][reconcile]") {
  EngineWorld w(EngineWorld::fast_options(), reconcile_mapping());
  w.woo.page_size = 2;
  w.erp.page_size = 2;
  for (int i = 1; i <= 5; ++i) {
    const std::string code = "K" + std::to_string(i);
    w.erp.put("inventoryItem", std::to_string(i), erp_item(i, code, "1.00", i));
    w.woo.put("product", std::to_string(100 + i), woo_product(100 + i, code, "1.00", i));
  }
  w.erp.put("inventoryItem", "6", erp_item(6, "K6", "1.00", 6));  // not in the store: looked up, then missing
  const size_t finds_before = w.woo.finds();
  core::Reconciler reconciler(*w.router, *w.store, w.systems);
  core::ReconcileReport report = must_report(reconciler.run({.domain = "inventory"}));
  CHECK(report.compared == 5);
  CHECK(report.drifted == 0);
  CHECK(report.missing_in_target == 1);
  CHECK(w.woo.finds() - finds_before == 1);  // only the key the listing did not show
}
