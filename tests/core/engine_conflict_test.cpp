// Conflict policies: both sides change a record between two syncs; owner_wins, newest_wins and delta_merge
// each give their documented result (docs/semantics.md, "Retry, conflicts and reconciliation").
#include "engine_fixture.hpp"

namespace syncloom::test {
namespace {

// customers go woo -> erp (a timestamp decides newest_wins), stock goes erp -> woo (delta_merge adds).
std::shared_ptr<const Mapping> conflict_mapping(const std::string& customer_policy, const std::string& stock_policy) {
  std::string text = R"(mapping conflict_test version 1

system woo: woocommerce
system erp: tryton

domain customers {
  owner woo
  key lower(woo.customer.email) <-> erp.customer.code
  sync event on woo "customer.created", "customer.updated"
  conflict )" + customer_policy + R"(
  flow woo.customer -> erp.customer {
    name = trim(first_name + " " + last_name)
    code = lower(email)
  }
}

domain stock {
  owner erp
  key erp.inventoryItem.code <-> woo.product.sku
  sync event on erp "inventoryItem.changed"
  conflict )" + stock_policy + R"(
  flow erp.inventoryItem -> woo.product update {
    manage_stock   = true
    stock_quantity = int(forecast_quantity) ?? 0
  }
}
)";
  CompileResult compiled = compile_source("conflict_test.loom", text);
  INFO(compiled.diagnostics);
  REQUIRE(compiled.mapping);
  return compiled.mapping;
}

std::string customer(const std::string& first, const std::string& modified) {
  return R"({"id":7,"email":"Ann@Example.com","first_name":")" + first + R"(","last_name":"Lee","date_modified_gmt":")" +
         modified + R"("})";
}

std::string item(int forecast) {
  return R"({"id":1,"code":"A","name":"A","salable":true,"type":"goods","forecast_quantity":)" + std::to_string(forecast) +
         ".0}";
}

struct ConflictWorld : EngineWorld {
  ConflictWorld(const std::string& customer_policy, const std::string& stock_policy)
      : EngineWorld(fast_options(), conflict_mapping(customer_policy, stock_policy)) {
    engine->start();
  }
  ~ConflictWorld() { engine->stop(std::chrono::seconds(2)); }

  std::string field(FakeConnector& system, const std::string& record, const std::string& name) {
    auto records = system.records(record);
    REQUIRE(records.size() == 1);
    nlohmann::json doc = nlohmann::json::parse(records[0].json);
    return doc[name].is_string() ? doc[name].get<std::string>() : doc[name].dump();
  }
  // The other side edits its copy: `changes` merged into the record, stamped `stamp`.
  void edit(FakeConnector& system, const std::string& record, const nlohmann::json& changes) {
    auto records = system.records(record);
    REQUIRE(records.size() == 1);
    nlohmann::json doc = nlohmann::json::parse(records[0].json);
    doc.update(changes);
    system.put(record, records[0].id, doc.dump());
  }
};

TEST_CASE("newest_wins keeps the target's newer change, and the source's next change wins", "[engine][conflict]") {
  ConflictWorld w("newest_wins by woo.customer.date_modified_gmt", "owner_wins");
  w.erp.set_write_stamp("write_date", "2026-12-01T10:00:05");
  CHECK(w.sync("woo", "customer.updated", "7", customer("Ann", "2026-12-01T10:00:00"), "c1").outcome == "synced");
  CHECK(w.field(w.erp, "customer", "name") == "Ann Lee");

  // The ERP edits the party at 11:00; the store's change of 10:30 arrives after it (a late webhook).
  w.edit(w.erp, "customer", {{"name", "Ann Lee (ERP)"}, {"write_date", "2026-12-01T11:00:00"}});
  store::WorkItem late = w.sync("woo", "customer.updated", "7", customer("Anna", "2026-12-01T10:30:00"), "c2");
  CHECK(late.outcome == "kept");
  CHECK(w.field(w.erp, "customer", "name") == "Ann Lee (ERP)");
  auto audit = w.store->audit(late.id);
  REQUIRE(audit.ok());
  REQUIRE(audit->size() == 1);
  CHECK(audit->front().action == "kept");
  CHECK(audit->front().detail.find("2026-12-01T11:00:00") != std::string::npos);

  // The store changes again at 12:00, after the ERP's edit: the store's version wins.
  w.erp.set_write_stamp("write_date", "2026-12-01T12:00:03");
  CHECK(w.sync("woo", "customer.updated", "7", customer("Annie", "2026-12-01T12:00:00"), "c3").outcome == "synced");
  CHECK(w.field(w.erp, "customer", "name") == "Annie Lee");

  // An older store version arriving late is not a conflict but a stale copy: skipped, whatever the policy
  // (the newest source version written stays written).
  CHECK(w.sync("woo", "customer.updated", "7", customer("Anne", "2026-12-01T09:00:00"), "c4").outcome == "stale");
  CHECK(w.field(w.erp, "customer", "name") == "Annie Lee");
}

TEST_CASE("newest_wins: the source's change after the target's is written", "[engine][conflict]") {
  ConflictWorld w("newest_wins by woo.customer.date_modified_gmt", "owner_wins");
  w.erp.set_write_stamp("write_date", "2026-12-01T10:00:05");
  w.sync("woo", "customer.updated", "7", customer("Ann", "2026-12-01T10:00:00"), "c1");
  w.edit(w.erp, "customer", {{"name", "Ann Lee (ERP)"}, {"write_date", "2026-12-01T11:00:00"}});
  CHECK(w.sync("woo", "customer.updated", "7", customer("Anna", "2026-12-01T11:30:00"), "c2").outcome == "synced");
  CHECK(w.field(w.erp, "customer", "name") == "Anna Lee");
}

TEST_CASE("owner_wins writes the owner's version over the target's change", "[engine][conflict]") {
  ConflictWorld w("owner_wins", "owner_wins");
  w.erp.set_write_stamp("write_date", "2026-12-01T10:00:05");
  w.sync("woo", "customer.updated", "7", customer("Ann", "2026-12-01T10:00:00"), "c1");
  w.edit(w.erp, "customer", {{"name", "Ann Lee (ERP)"}, {"write_date", "2026-12-01T11:00:00"}});
  CHECK(w.sync("woo", "customer.updated", "7", customer("Anna", "2026-12-01T10:30:00"), "c2").outcome == "synced");
  CHECK(w.field(w.erp, "customer", "name") == "Anna Lee");

  // And stock: the ERP's figure replaces the store's, whatever the store sold meanwhile.
  w.woo.put("product", "5", R"({"id":5,"sku":"A","manage_stock":true,"stock_quantity":0})");
  w.sync("erp", "inventoryItem.changed", "1", item(10), "i1");
  w.edit(w.woo, "product", {{"stock_quantity", 7}});
  w.sync("erp", "inventoryItem.changed", "1", item(15), "i2");
  CHECK(w.field(w.woo, "product", "stock_quantity") == "15");
}

TEST_CASE("delta_merge adds both sides' changes since the last sync", "[engine][conflict]") {
  ConflictWorld w("owner_wins", "delta_merge on stock_quantity");
  w.woo.put("product", "5", R"({"id":5,"sku":"A","manage_stock":true,"stock_quantity":0})");
  CHECK(w.sync("erp", "inventoryItem.changed", "1", item(10), "i1").outcome == "synced");
  CHECK(w.field(w.woo, "product", "stock_quantity") == "10");  // the first sync has no base: as mapped

  // The store sells 3 (10 -> 7) while the ERP receives 5 (10 -> 15): 7 + 5.
  w.edit(w.woo, "product", {{"stock_quantity", 7}});
  store::WorkItem merged = w.sync("erp", "inventoryItem.changed", "1", item(15), "i2");
  CHECK(merged.outcome == "synced");
  CHECK(w.field(w.woo, "product", "stock_quantity") == "12");
  auto audit = w.store->audit(merged.id);
  REQUIRE(audit.ok());
  REQUIRE(audit->size() == 1);
  CHECK(audit->front().detail == "delta_merge: stock_quantity = 7 + (15 - 10) = 12");

  // The store sells 2 more (12 -> 10) and the ERP ships 2 elsewhere (15 -> 13): 10 - 2.
  w.edit(w.woo, "product", {{"stock_quantity", 10}});
  w.sync("erp", "inventoryItem.changed", "1", item(13), "i3");
  CHECK(w.field(w.woo, "product", "stock_quantity") == "8");

  // Only the store changed (the same ERP figure comes again): nothing is written, the store's sale stays.
  w.edit(w.woo, "product", {{"stock_quantity", 6}});
  CHECK(w.sync("erp", "inventoryItem.changed", "1", item(13), "i4").outcome == "unchanged");
  CHECK(w.field(w.woo, "product", "stock_quantity") == "6");
}

}  // namespace
}  // namespace syncloom::test
