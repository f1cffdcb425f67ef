// The WooCommerce connector against a live store, when one is named: SYNCLOOM_WOO_URL, SYNCLOOM_WOO_KEY,
// SYNCLOOM_WOO_SECRET (for instance syncloom-woosim started with --seed). Skipped otherwise. Only what
// holds for any store with some orders and products: sweeps without repeats that match X-WP-Total,
// get and find agree with the listing, deltas, check().
#include <catch2/catch.hpp>

#include <cstdlib>
#include <set>
#include <thread>

#include "syncloom/connectors/connector.hpp"
#include "http_test_servers.hpp"
#include "syncloom/wire/value.hpp"

#pragma GCC diagnostic ignored "-Wmissing-field-initializers"  // designated initializers of connector.hpp structs

using namespace syncloom::connectors;

namespace {

std::unique_ptr<Connector> live_store() {
  const char* url = std::getenv("SYNCLOOM_WOO_URL");
  if (!url || !*url) return nullptr;
  SystemConfig config;
  config.name = "woo";
  config.kind = "woocommerce";
  config.url = url;
  auto env = [](const char* name) { const char* v = std::getenv(name); return std::string(v ? v : ""); };
  config.settings["consumer_key"] = {env("SYNCLOOM_WOO_KEY"), true, 0};
  config.settings["consumer_secret"] = {env("SYNCLOOM_WOO_SECRET"), true, 0};
  std::string hook_secret = env("SYNCLOOM_WOO_WEBHOOK_SECRET");
  config.settings["webhook_secret"] = {hook_secret.empty() ? "syncloomLiveTest1" : hook_secret, true, 0};
  if (!env("SYNCLOOM_WOO_AUTH").empty()) config.settings["auth"] = {env("SYNCLOOM_WOO_AUTH"), false, 0};
  if (!env("SYNCLOOM_WOO_CA_FILE").empty()) config.settings["ca_file"] = {env("SYNCLOOM_WOO_CA_FILE"), false, 0};
  Made made = make_connector(config);
  INFO(made.error);
  REQUIRE(made.connector);
  return std::move(made.connector);
}

std::vector<Fetched> sweep(Connector& c, ListQuery query, uint64_t* total) {
  std::vector<Fetched> all;
  for (int guard = 0; guard < 10000; ++guard) {
    Page page = c.list(query);
    INFO(describe(page.outcome));
    REQUIRE(page.outcome.ok());
    if (query.page.empty()) *total = page.total;
    for (Fetched& f : page.records) all.push_back(std::move(f));
    if (page.next_page.empty()) break;
    query.page = page.next_page;
  }
  return all;
}

}  // namespace

TEST_CASE("live store: sweeps are complete and without repeats; get and find agree", "[woo][live]") {
  auto c = live_store();
  if (!c) {
    SUCCEED("SYNCLOOM_WOO_URL not set: no live store to test against");
    return;
  }
  for (const char* record : {"order", "product", "customer", "coupon"}) {
    INFO(record);
    uint64_t total = 0;
    auto all = sweep(*c, {.record = record, .page_size = 7}, &total);
    std::set<std::string> ids;
    for (const Fetched& f : all) ids.insert(f.id);
    CHECK(ids.size() == all.size());
    CHECK(all.size() == total);
    if (all.empty()) continue;
    Fetched one = c->get(record, all.front().id);
    INFO(describe(one.outcome));
    REQUIRE(one.outcome.ok());
    CHECK(one.found);
    CHECK(one.json == all.front().json);
  }
  uint64_t total = 0;
  auto products = sweep(*c, {.record = "product"}, &total);
  for (const Fetched& p : products) {
    auto parsed = syncloom::wire::parse(p.json);
    REQUIRE(parsed.value);
    std::string sku = parsed.value->at("sku").text();
    if (sku.empty()) continue;
    Fetched found = c->find("product", {"sku", sku});
    INFO(describe(found.outcome));
    REQUIRE(found.outcome.ok());
    CHECK(found.id == p.id);
    break;
  }
}

TEST_CASE("live store: a delta from the newest instant lists only the overlap", "[woo][live]") {
  auto c = live_store();
  if (!c) {
    SUCCEED("SYNCLOOM_WOO_URL not set");
    return;
  }
  uint64_t total = 0;
  Page last;
  auto all = sweep(*c, {.record = "order"}, &total);
  if (all.empty()) return;
  std::string newest;
  for (const Fetched& f : all) newest = std::max(newest, f.version);
  auto recent = sweep(*c, {.record = "order", .since = newest, .overlap = std::chrono::seconds(0)}, &total);
  CHECK(recent.size() < all.size() + 1);
  for (const Fetched& f : recent) CHECK(f.version >= newest);
  for (const CheckStep& step : c->check()) {
    INFO(step.what << ": " << describe(step.outcome));
    CHECK(step.outcome.ok());
  }
}

TEST_CASE("live store: batches give per-item outcomes; a sweep stays exact while products change", "[woo][live]") {
  auto c = live_store();
  if (!c) {
    SUCCEED("SYNCLOOM_WOO_URL not set");
    return;
  }
  uint64_t total = 0;
  auto products = sweep(*c, {.record = "product"}, &total);
  if (products.size() < 4) return;
  // Write each product's own regular price back (a no-op for the store's data), plus an unknown id.
  std::vector<WriteRequest> writes;
  for (const Fetched& p : products) {
    auto parsed = syncloom::wire::parse(p.json);
    const syncloom::wire::Value& price = parsed.value->at("regular_price");
    if (!price.is_number()) continue;
    writes.push_back({.record = "product", .mode = WriteMode::kUpdate, .id = p.id,
                      .json = "{\"regular_price\":" + price.text() + "}"});
  }
  writes.push_back({.record = "product", .mode = WriteMode::kUpdate, .id = "987654", .json = R"({"regular_price":1.00})"});
  auto results = c->write_batch(writes);
  REQUIRE(results.size() == writes.size());
  for (size_t i = 0; i + 1 < results.size(); ++i) {
    INFO(describe(results[i].outcome));
    CHECK(results[i].outcome.ok());
    CHECK(results[i].id == writes[i].id);
  }
  INFO(describe(results.back().outcome));
  CHECK(results.back().outcome.kind == OutcomeKind::kPermanent);

  // Edit a product not read yet, after the first page: it moves to the end and must appear once.
  ListQuery query{.record = "product", .page_size = 3};
  std::vector<std::string> ids;
  bool edited = false;
  for (int guard = 0; guard < 1000; ++guard) {
    Page page = c->list(query);
    REQUIRE(page.outcome.ok());
    for (const Fetched& f : page.records) ids.push_back(f.id);
    if (!edited) {
      edited = true;
      std::this_thread::sleep_for(std::chrono::milliseconds(1100));  // a newer second than any read so far
      Written w = c->write({.record = "product", .mode = WriteMode::kUpdate, .id = products[products.size() / 2].id,
                            .json = R"({"name":"edited while listed"})"});
      INFO(describe(w.outcome));
      CHECK(w.outcome.ok());
    }
    if (page.next_page.empty()) break;
    query.page = page.next_page;
  }
  CHECK(std::set<std::string>(ids.begin(), ids.end()).size() == ids.size());
  CHECK(ids.size() == products.size());
}

TEST_CASE("live store: a webhook we create delivers signed events the connector verifies", "[woo][live]") {
  auto c = live_store();
  if (!c) {
    SUCCEED("SYNCLOOM_WOO_URL not set");
    return;
  }
  // A receiver on loopback hands each delivery to the connector, as the sync service will.
  std::mutex mutex;
  std::vector<WebhookVerdict> verdicts;
  std::vector<std::string> topics;
  syncloom::test::LoopbackServer receiver([&](httplib::Server& s) {
    s.Post("/hooks", [&](const httplib::Request& req, httplib::Response& res) {
      std::vector<Header> headers;
      for (const auto& [name, value] : req.headers) headers.push_back({name, value});
      WebhookResult result = c->receive({req.body, headers});
      std::lock_guard lock(mutex);
      verdicts.push_back(result.verdict);
      for (const Event& e : result.events) topics.push_back(e.topic + " " + e.id);
      res.status = result.http_status;
    });
  });
  Written hook = c->subscribe("product.updated", receiver.url("/hooks"));
  INFO(describe(hook.outcome));
  REQUIRE(hook.outcome.ok());
  uint64_t total = 0;
  auto products = sweep(*c, {.record = "product"}, &total);
  REQUIRE_FALSE(products.empty());
  Written w = c->write({.record = "product", .mode = WriteMode::kUpdate, .id = products[0].id, .json = R"({"name":"hooked"})"});
  REQUIRE(w.outcome.ok());
  for (int i = 0; i < 100; ++i) {
    {
      std::lock_guard lock(mutex);
      if (std::count(verdicts.begin(), verdicts.end(), WebhookVerdict::kEvents) > 0) break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  std::lock_guard lock(mutex);
  CHECK(std::count(verdicts.begin(), verdicts.end(), WebhookVerdict::kEvents) >= 1);
  CHECK(std::count(verdicts.begin(), verdicts.end(), WebhookVerdict::kForged) == 0);
  CHECK(std::find(topics.begin(), topics.end(), "product.updated " + products[0].id) != topics.end());
  CHECK(c->stats().webhooks_forged == 0);
}

TEST_CASE("live store: refunds are listed from GET /refunds and polled as refund.created", "[woo][live]") {
  auto c = live_store();
  if (!c) {
    SUCCEED("SYNCLOOM_WOO_URL not set: no live store to test against");
    return;
  }
  // No webhook topic carries a refund: the runtime polls it; order changes come by webhook.
  CHECK_FALSE(c->pushes("refund.created"));
  CHECK(c->pushes("order.updated"));
  CHECK(c->pushes("action.woocommerce_order_refunded"));

  uint64_t total = 0;
  std::vector<Fetched> refunds = sweep(*c, {.record = "refund", .page_size = 2}, &total);
  REQUIRE_FALSE(refunds.empty());
  CHECK(refunds.size() == total);
  std::set<std::string> ids;
  for (const Fetched& r : refunds) {
    CHECK(ids.insert(r.id).second);
    auto doc = syncloom::wire::parse(r.json);
    REQUIRE(doc.value);
    CHECK(doc.value->at("parent_id").as_int64().value_or(0) > 0);  // the order it refunds
    CHECK(doc.value->at("amount").is_number());  // the schema's decimal, exact
  }

  EventPage polled = c->poll({.topic = "refund.created"});
  INFO(describe(polled.outcome));
  REQUIRE(polled.outcome.ok());
  REQUIRE_FALSE(polled.events.empty());
  CHECK(polled.events.front().record == "refund");
  CHECK(polled.events.front().dedupe_key.starts_with("refund:" + polled.events.front().id + ":"));
  // From the newest instant on, only the overlap's refunds come again (none is older than the overlap).
  std::string newest = polled.high_water;
  REQUIRE_FALSE(newest.empty());
  EventPage delta = c->poll({.topic = "refund.created", .since = newest, .overlap = std::chrono::seconds(0)});
  REQUIRE(delta.outcome.ok());
  for (const Event& e : delta.events) {
    auto doc = syncloom::wire::parse(e.json);
    REQUIRE(doc.value);
    CHECK(doc.value->at("date_created_gmt").text() + "Z" >= newest);
  }
}
