// What the Tryton contract tests share: a connector to the server the ctest fixture started
// (scripts/tryton start into $SYNCLOOM_TRYTON_DIR), unique references, and JSON helpers.
#pragma once
#include <atomic>
#include <chrono>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>

#include <catch2/catch.hpp>

#include "syncloom/connectors/connector.hpp"
#include "syncloom/http/client.hpp"
#include "syncloom/wire/value.hpp"
#include "tryton/tryton_connector.hpp"

namespace tryton_test {

using namespace syncloom;
using namespace syncloom::connectors;

inline std::string server_dir() {
  const char* dir = std::getenv("SYNCLOOM_TRYTON_DIR");
  return dir ? dir : "";
}

inline wire::Value json(std::string_view text) {
  auto parsed = wire::parse(text);
  INFO(text);
  INFO(parsed.error);
  REQUIRE(parsed.value);
  return *parsed.value;
}

/// DIR/setup.json: url, database and the ids the set-up created.
inline const wire::Value& setup() {
  static wire::Value value = [] {
    std::ifstream in(server_dir() + "/setup.json");
    INFO("no " << server_dir() << "/setup.json: run through ctest (its fixture starts Tryton)");
    REQUIRE(in);
    std::stringstream s;
    s << in.rdbuf();
    return json(s.str());
  }();
  return value;
}

inline int64_t setup_id(std::string_view key) { return setup().at(key).as_int64().value_or(0); }

inline SystemConfig config(std::string password = "admin") {
  SystemConfig c;
  c.name = "erp";
  c.kind = "tryton";
  c.url = setup().at("url").text();
  c.settings["database"] = {setup().at("database").text(), false, 0};
  c.settings["user"] = {"admin", false, 0};
  c.settings["password"] = {std::move(password), true, 0};
  c.timeout = std::chrono::seconds(120);
  return c;
}

inline std::unique_ptr<TrytonConnector> connect(std::shared_ptr<http::FaultInjector> faults = nullptr,
                                                SystemConfig c = config()) {
  Environment env;
  env.schema_dir = SYNCLOOM_SOURCE_DIR "/schemas";
  env.faults = std::move(faults);
  std::string error;
  auto connector = TrytonConnector::make(c, env, &error);
  INFO(error);
  REQUIRE(connector);
  return connector;
}

/// A reference no other test (or earlier run against the same server) uses.
inline std::string unique(std::string_view prefix) {
  static std::atomic<int> counter{0};
  auto now = std::chrono::system_clock::now().time_since_epoch();
  return std::string(prefix) + "-" + std::to_string(std::chrono::duration_cast<std::chrono::microseconds>(now).count()) +
         "-" + std::to_string(counter++);
}

inline std::string describe_written(const Written& w) { return describe(w.outcome) + " id=" + w.id + " " + w.json; }

/// A customer with one address and an e-mail; its id.
inline std::string make_customer(Connector& c, const std::string& code) {
  Written w = c.write({.record = "customer", .mode = WriteMode::kCreate,
                       .json = R"({"name":"Jane )" + code + R"(","code":")" + code +
                               R"(","addresses":[{"street":"1 Main St","postal_code":"12345","city":"Springfield"}],)"
                               R"("contact_mechanisms":[{"type":"email","value":")" + code + R"(@example.com"}]})"});
  INFO(describe_written(w));
  REQUIRE(w.outcome.ok());
  return w.id;
}

/// A salable product in the shop category (so the State Tax applies), with `stock` units in storage.
inline std::string make_product(TrytonConnector& c, const std::string& sku, const std::string& price, int stock) {
  Written w = c.write({.record = "inventoryItem", .mode = WriteMode::kCreate,
                       .json = R"({"name":"Shirt )" + sku + R"(","suffix_code":")" + sku + R"(","type":"goods",)"
                               R"("list_price":)" + price + R"(,"cost_price":5.00,"default_uom":1,"salable":true,)"
                               R"("account_category":)" + std::to_string(setup_id("product_category")) + "}"});
  INFO(describe_written(w));
  REQUIRE(w.outcome.ok());
  if (stock > 0) {
    std::string inventory;
    Outcome o = c.call("model.stock.inventory.create",
                       R"([[{"location":)" + std::to_string(setup_id("storage_location")) +
                           R"(,"lines":[["create",[{"product":)" + w.id + R"(,"quantity":)" + std::to_string(stock) + ".0}]]]}]]",
                       &inventory);
    INFO(describe(o));
    REQUIRE(o.ok());
    o = c.call("model.stock.inventory.confirm", "[" + inventory + "]", nullptr);
    INFO(describe(o));
    REQUIRE(o.ok());
  }
  return w.id;
}

inline std::string sale_json(const std::string& reference, const std::string& party, const std::string& product,
                             const std::string& quantity, const std::string& price) {
  return R"({"reference":")" + reference + R"(","description":"test sale","party":)" + party +
         R"(,"lines":[{"type":"line","product":)" + product + R"(,"quantity":)" + quantity + R"(,"unit":1,"unit_price":)" +
         price + R"(,"description":"Shirt"},{"type":"line","description":"Shipping: Flat rate","quantity":1.0,"unit":1,"unit_price":5.00}]})";
}

}  // namespace tryton_test
