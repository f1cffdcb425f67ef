// ref() through the store: a key synced by one domain (the cross-reference recorded when its work item
// completed) resolves in another domain's flow, on both engines; an unsynced key rejects as "not synced".
#include <catch2/catch.hpp>

#include <filesystem>
#include <unistd.h>

#include "syncloom/core/store_refs.hpp"

namespace {

const char* kMapping = R"(mapping refs_through_store version 1

system woo: woocommerce
system erp: tryton

domain customers {
  owner woo
  key lower(woo.customer.email) <-> erp.customer.code
  flow woo.customer -> erp.customer {
    name = first_name
    code = lower(email)
  }
}

domain orders {
  owner woo
  key "WOO-" + string(woo.order.id) <-> erp.salesOrder.reference
  flow woo.order -> erp.salesOrder {
    reference = "WOO-" + string(id)
    party     = ref(customers, lower(billing.email ?? ""))
  }
}
)";

}  // namespace

TEST_CASE("store refs: one domain's cross-reference resolves another domain's ref()", "[core]") {
  auto dir = std::filesystem::path(SYNCLOOM_BINARY_DIR) / ("store-refs-" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  auto opened = syncloom::store::open_sqlite_store((dir / "s.db").string());
  REQUIRE(opened.ok());
  auto& store = *opened.value();

  auto compiled = syncloom::compile_source("refs.loom", kMapping);
  INFO(compiled.diagnostics);
  REQUIRE(compiled.mapping);
  auto customers = compiled.mapping->pipeline("customers");
  REQUIRE(customers);
  std::string customer = R"({"id":25,"email":"Jane@Example.com","first_name":"Jane"})";
  auto identity = customers->identity(customer);
  REQUIRE(identity.key);
  CHECK(*identity.key == R"("jane@example.com")");
  std::string key = syncloom::core::store_key(*identity.key);
  CHECK(key == "jane@example.com");

  // The customers domain syncs Jane: its work item completes with the party id Tryton answered.
  syncloom::store::Event event;
  event.system = "woo";
  event.topic = "customer.created";
  event.record = "customer";
  event.source_id = "25";
  event.dedupe_scope = "customers";
  event.dedupe_key = "customer:25:1";
  event.payload = customer;
  event.work.push_back({.domain = "customers", .key = key});
  auto accepted = store.accept(event);
  REQUIRE(accepted.ok());
  auto claimed = store.claim({.owner = "test", .lease_ms = 10000, .limit = 1});
  REQUIRE(claimed.ok());
  REQUIRE(claimed->size() == 1);
  syncloom::store::Completion done;
  done.xref = syncloom::store::Xref{.target_system = "erp", .target_id = "7"};
  REQUIRE(store.complete((*claimed)[0].id, (*claimed)[0].generation, done).ok());

  syncloom::core::StoreRefs refs(store);
  auto orders = compiled.mapping->pipeline("orders");
  REQUIRE(orders);
  for (const auto& p : {*orders, orders->reference()}) {
    auto synced = p.run(R"({"id":727,"billing":{"email":"JANE@example.com"}})", &refs);
    INFO(synced.error);
    REQUIRE(synced.outcome == syncloom::Outcome::kOutput);
    CHECK(synced.output == R"({"reference":"WOO-727","party":7})");
    auto unsynced = p.run(R"({"id":728,"billing":{"email":"bob@example.com"}})", &refs);
    CHECK(unsynced.outcome == syncloom::Outcome::kRejected);
    CHECK_THAT(unsynced.error, Catch::Contains("bob@example.com"));
  }
  CHECK(refs.store_errors() == 0);
  std::filesystem::remove_all(dir);
}
