// The admin API's status: per domain queue counts and lag from the store, intake per scope, and the
// figures the engine supplies (connectors, service).
#include <catch2/catch.hpp>

#include "admin_fixture.hpp"

using namespace syncloom;
using namespace syncloom::service;
using namespace syncloom::service::testing;

TEST_CASE("status gives queues, lag, intake, connectors and the service's figures", "[service][admin]") {
  AdminSources sources;
  sources.connectors = [] {
    return std::vector<ConnectorStatus>{{.name = "erp", .kind = "tryton", .in_flight = 3, .max_in_flight = 4,
                                         .budget_concurrency = 4, .requests = 812, .throttled = 2, .retryable = 1,
                                         .permanent = 5, .circuit = "half_open"}};
  };
  sources.extra = [] {
    wire::Value v = wire::Value::object();
    v.set("workers", wire::Value::integer(4));
    return v;
  };
  AdminFixture f(sources);
  f.dead("orders", "1", "{}", "permanent", "x");
  store::Event pending{.system = "woocommerce", .topic = "order.created", .dedupe_scope = "orders", .dedupe_key = "p1",
                       .payload = "{}", .work = {{.domain = "orders", .key = "2"}}};
  REQUIRE(f.store->accept(pending).ok());
  REQUIRE(f.store->accept(pending)->duplicate);  // a second delivery: counted as a duplicate
  f.advance(90'500);

  auto status = AdminFixture::body(f.get("/v1/admin/status"));
  CHECK(status.at("now").text() == "2026-01-01T00:01:30.500Z");
  REQUIRE(status.at("domains").size() == 1);
  const wire::Value& orders = status.at("domains")[0];
  CHECK(orders.at("domain").text() == "orders");
  CHECK(orders.at("pending").as_int64() == 1);
  CHECK(orders.at("running").as_int64() == 0);
  CHECK(orders.at("dead").as_int64() == 1);
  CHECK(orders.at("last_success").is_null());
  CHECK(orders.at("oldest_pending").text() == "2026-01-01T00:00:00.000Z");
  CHECK(orders.at("lag_ms").as_int64() == 90'500);
  REQUIRE(status.at("intake").size() == 1);
  CHECK(status.at("intake")[0].at("received").as_int64() == 2);
  CHECK(status.at("intake")[0].at("duplicates").as_int64() == 1);
  REQUIRE(status.at("connectors").size() == 1);
  auto erp = connector_status_from_json(status.at("connectors")[0]);
  REQUIRE(erp);
  CHECK(erp->name == "erp");
  CHECK(erp->in_flight == 3);
  CHECK(erp->requests == 812);
  CHECK(erp->circuit == "half_open");
  CHECK(status.at("service").at("workers").as_int64() == 4);
}

TEST_CASE("status without engine figures still answers the store's", "[service][admin]") {
  AdminFixture f;
  auto status = AdminFixture::body(f.get("/v1/admin/status"));
  CHECK(status.at("domains").size() == 0);
  CHECK(status.at("connectors").is_array());
  CHECK(status.at("service").is_object());
  CHECK(f.post("/v1/admin/status", "").status == 405);
}

TEST_CASE("time text and parsing for the operations surface", "[service][admin]") {
  CHECK(utc_text(kStart) == "2026-01-01T00:00:00.000Z");
  CHECK(utc_text(kStart + 3'723'004, false) == "2026-01-01T01:02:03Z");
  CHECK(parse_utc("2026-01-01T01:00:00+01:00") == kStart);
  CHECK(parse_utc("2026-01-01") == kStart);
  CHECK(parse_utc("2026-01-01T00:00:00.250Z") == kStart + 250);
  CHECK_FALSE(parse_utc("2026-13-01"));
  CHECK_FALSE(parse_utc("24h"));
  CHECK_FALSE(connector_status_from_json(wire::Value::object()));
}
