// The WooCommerce connector against a fake store on loopback: get, find, writes and batches, throttling,
// answers that are not the API's, auth failures, webhook management, the request log and the budget.
#include <catch2/catch.hpp>

#include <random>
#include <set>

#include "syncloom/http/client.hpp"
#include "woo_connector_util.hpp"
#include "woo_fake_store.hpp"

using namespace syncloom::connectors;
using namespace syncloom::test;

TEST_CASE("get converts to the schema shape; a missing id is ok and not found", "[woo][connector]") {
  FakeStore store;
  store.seed_orders(3);
  auto c = connect(store.url());
  Fetched f = c->get("order", "1001");
  REQUIRE(f.outcome.ok());
  CHECK(f.found);
  CHECK(f.id == "1001");
  CHECK(f.version == "2026-12-01T10:00:01Z");
  CHECK(f.json.find(R"("total":29.35)") != std::string::npos);
  Fetched none = c->get("order", "999");
  CHECK(none.outcome.ok());
  CHECK_FALSE(none.found);
  CHECK(c->get("nonsense", "1").outcome.kind == OutcomeKind::kPermanent);
}

TEST_CASE("stock and prices go through products/batch and variations/batch with per-item outcomes", "[woo][connector]") {
  FakeStore store;
  auto product = *syncloom::wire::parse(syncloom::test::woo_sample("product.json")).value;
  store.add_product(product);
  auto variation = *syncloom::wire::parse(syncloom::test::woo_sample("variation.json")).value;
  variation.set("parent_id", syncloom::wire::Value::integer(22));
  store.add_product(variation);  // /products/<id> serves variations too
  auto c = connect(store.url());
  std::vector<WriteRequest> writes = {
      {.record = "product", .mode = WriteMode::kUpdate, .id = "794", .json = R"({"regular_price":24.50,"stock_quantity":7,"manage_stock":true})"},
      {.record = "product", .mode = WriteMode::kUpdate, .id = "9999", .json = R"({"regular_price":1.00})"},
      {.record = "variation", .mode = WriteMode::kUpdate, .id = "732", .json = R"({"sale_price":null})"},
      {.record = "product", .mode = WriteMode::kCreate, .json = R"({"name":"Dup","sku":"DUPLICATE"})"},
  };
  auto results = c->write_batch(writes);
  REQUIRE(results.size() == 4);
  CHECK(results[0].outcome.ok());
  CHECK(results[0].id == "794");
  CHECK(store.product(794).at("regular_price").text() == "24.50");
  CHECK(store.product(794).at("regular_price").is_string());  // decimals go out as strings
  CHECK(results[1].outcome.kind == OutcomeKind::kPermanent);
  CHECK(results[1].outcome.code == "woocommerce_rest_product_invalid_id");
  CHECK(results[2].outcome.ok());
  CHECK(store.product(732).at("sale_price").text().empty());  // null clears: ""
  CHECK(results[3].outcome.kind == OutcomeKind::kPermanent);
  CHECK(results[3].outcome.code == "product_invalid_sku");
  bool variations_batch = false;
  for (const auto& q : store.queries()) variations_batch |= q.starts_with("POST /wp-json/wc/v3/products/22/variations/batch");
  CHECK(variations_batch);
}

TEST_CASE("batches are split in chunks of 100", "[woo][connector]") {
  FakeStore store;
  auto c = connect(store.url());
  std::vector<WriteRequest> writes;
  for (int i = 0; i < 250; ++i)
    writes.push_back({.record = "product", .mode = WriteMode::kCreate, .json = R"({"name":"P","sku":"S)" + std::to_string(i) + R"("})"});
  auto results = c->write_batch(writes);
  REQUIRE(results.size() == 250);
  for (const auto& r : results) CHECK(r.outcome.ok());
  int batches = 0;
  for (const auto& q : store.queries()) batches += q.starts_with("POST /wp-json/wc/v3/products/batch");
  CHECK(batches == 3);
}

TEST_CASE("create with a key searches first and answers the existing record", "[woo][connector]") {
  FakeStore store;
  auto product = *syncloom::wire::parse(syncloom::test::woo_sample("product.json")).value;
  product.set("sku", syncloom::wire::Value::string("BAR3"));
  store.add_product(product);
  auto c = connect(store.url());
  Written w = c->write({.record = "product", .mode = WriteMode::kCreateIfAbsent, .key = {"sku", "BAR3"}, .json = R"({"name":"x"})"});
  REQUIRE(w.outcome.ok());
  CHECK(w.id == "794");
  CHECK_FALSE(w.created);
  Written missing = c->write({.record = "product", .mode = WriteMode::kUpdate, .key = {"sku", "NOPE"}, .json = "{}"});
  CHECK(missing.outcome.kind == OutcomeKind::kPermanent);
  CHECK(missing.outcome.field == "sku");
  Written order = c->write({.record = "order", .mode = WriteMode::kCreate, .json = R"({"status":"processing","set_paid":true})"});
  REQUIRE(order.outcome.ok());
  CHECK(order.created);
  CHECK(order.version == "2026-12-02T08:00:00Z");
}

TEST_CASE("429 with Retry-After is retryable and throttles the connector", "[woo][connector]") {
  FakeStore store;
  store.seed_orders(1);
  auto c = connect(store.url());
  store.inject(1, 429, "application/json", R"({"code":"too_many","message":"Slow down","data":{"status":429}})", "1");
  Fetched f = c->get("order", "1000");
  CHECK(f.outcome.kind == OutcomeKind::kRetryable);
  CHECK(f.outcome.throttled);
  CHECK(f.outcome.retry_after == std::chrono::milliseconds(1000));
  auto started = std::chrono::steady_clock::now();
  CHECK(c->get("order", "1000").outcome.ok());
  CHECK(std::chrono::steady_clock::now() - started >= std::chrono::milliseconds(900));  // held by the gate
  CHECK(c->stats().throttled == 1);
}

TEST_CASE("HTML with 200, cut-off JSON and 5xx are retryable with a reason", "[woo][connector]") {
  FakeStore store;
  store.seed_orders(1);
  auto c = connect(store.url());
  store.inject(1, 200, "text/html", "<html><body>Maintenance</body></html>");
  CHECK(c->get("order", "1000").outcome.code == "not_json");
  store.inject(1, 200, "application/json", R"({"id":1000,"total":"29.)");
  CHECK(c->get("order", "1000").outcome.code == "malformed_body");
  store.inject(1, 502, "text/html", "<html>Bad Gateway</html>");
  Page p = c->list({.record = "order"});
  CHECK(p.outcome.kind == OutcomeKind::kRetryable);
  CHECK(p.outcome.http_status == 502);
}

TEST_CASE("a refused key is an auth failure", "[woo][connector]") {
  FakeStore store;
  SystemConfig config = woo_config(store.url());
  config.settings["consumer_key"] = {"ck_wrong", true, 3};
  auto c = make_connector(config).connector;
  REQUIRE(c);
  Fetched f = c->get("order", "1");
  CHECK(f.outcome.kind == OutcomeKind::kAuth);
  CHECK(f.outcome.http_status == 401);
}

TEST_CASE("webhooks: subscribe with our secret, list, re-enable a disabled one", "[woo][connector]") {
  FakeStore store;
  store.add_webhook(142, "disabled");
  auto c = connect(store.url());
  Subscriptions subs = c->subscriptions();
  REQUIRE(subs.outcome.ok());
  REQUIRE(subs.subscriptions.size() == 1);
  CHECK(subs.subscriptions[0].status == "disabled");
  Written reactivated = c->reactivate("142");
  INFO(describe(reactivated.outcome));
  CHECK(reactivated.outcome.ok());
  CHECK(c->subscriptions().subscriptions[0].status == "active");
  Written made = c->subscribe("order.updated", "https://sync.example/hooks/woo");
  CHECK(made.outcome.ok());
  CHECK(store.last_webhook_secret_ == "whsec123");
}

TEST_CASE("the request log never shows the secrets", "[woo][connector][redact]") {
  FakeStore store;
  store.seed_orders(2);
  std::vector<std::string> lines;
  std::mutex mutex;
  Environment env;
  env.request_log = [&](std::string_view line) {
    std::lock_guard lock(mutex);
    lines.emplace_back(line);
  };
  auto c = connect(store.url(), env);
  read_all(*c, {.record = "order"});
  c->subscribe("order.updated", "https://sync.example/hooks");
  REQUIRE(lines.size() >= 2);
  for (const auto& line : lines) {
    CHECK(line.find("cs_test_secret") == std::string::npos);
    CHECK(line.find("whsec123") == std::string::npos);
    CHECK(line.find("oauth_signature=[redacted]") != std::string::npos);
  }
}

TEST_CASE("the budget bounds requests in flight", "[woo][connector]") {
  FakeStore store;
  store.seed_orders(1);
  auto c = connect(store.url(), {}, Budget{.concurrency = 2, .requests = 1000, .window = std::chrono::milliseconds(1000)});
  std::vector<std::thread> threads;
  for (int t = 0; t < 6; ++t)
    threads.emplace_back([&] {
      for (int i = 0; i < 5; ++i) c->get("order", "1000");
    });
  for (auto& t : threads) t.join();
  CHECK(c->stats().max_in_flight <= 2);
  CHECK(c->stats().requests == 30);
}

TEST_CASE("find by sku keeps the record's kind: variations for variation, products for product", "[woo][connector]") {
  FakeStore store;
  auto product = *syncloom::wire::parse(syncloom::test::woo_sample("product.json")).value;
  product.set("sku", syncloom::wire::Value::string("TEE"));
  store.add_product(product);
  auto variation = *syncloom::wire::parse(syncloom::test::woo_sample("variation.json")).value;
  variation.set("sku", syncloom::wire::Value::string("TEE"));  // SKUs are not unique across variations
  variation.set("type", syncloom::wire::Value::string("variation"));
  variation.set("parent_id", syncloom::wire::Value::integer(22));
  store.add_product(variation);
  auto c = connect(store.url());
  Fetched v = c->find("variation", {"sku", "TEE"});
  REQUIRE(v.outcome.ok());
  CHECK(v.id == "732");
  CHECK(v.matches == 1);
  CHECK(v.json.find(R"("parent_id":22)") != std::string::npos);
  Fetched p = c->find("product", {"sku", "TEE"});
  CHECK(p.id == "794");
  CHECK(p.matches == 1);
  CHECK(c->find("product", {"colour", "red"}).outcome.field == "colour");
}

