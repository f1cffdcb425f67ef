// The nets under lost webhook deliveries: the content-hash poll (a first poll records, later ones queue what
// changed without a delivery, deduplicated against those that arrived; a failed page moves no hash) and the
// webhook watch (ours that the store disabled are re-enabled and counted, others left alone, a catch-up asked).
#include "engine_fixture.hpp"
#include "syncloom/core/hash_poll.hpp"
#include "syncloom/core/webhook_watch.hpp"

using namespace syncloom;
using namespace syncloom::test;

namespace {

std::string customer(int id, const std::string& email, const std::string& first) {
  return R"({"id":)" + std::to_string(id) + R"(,"email":")" + email + R"(","first_name":")" + first +
         R"(","last_name":"Doe","date_modified_gmt":"2026-01-01T10:00:00"})";
}

size_t pending_in(store::Store& store, const std::string& domain) {
  auto status = store.domain_status();
  REQUIRE(status.ok());
  for (const auto& d : *status)
    if (d.domain == domain) return static_cast<size_t>(d.pending);
  return 0;
}

}  // namespace

TEST_CASE("hash poll: the first poll records, the next queues only what changed, deduplicated", "[core][hash_poll]") {
  EngineWorld w;
  w.woo.page_size = 2;
  for (int i = 1; i <= 3; ++i) w.woo.put("customer", std::to_string(i), customer(i, "c" + std::to_string(i) + "@x.io", "Ann"));
  core::HashPoller poller(*w.router, *w.store, {{.system = "woo", .connector = &w.woo, .records = {"customer"}}}, w.log,
                          w.metrics, [] {});
  auto first = poller.poll_now();
  REQUIRE(first.size() == 1);
  CHECK(first[0].baseline);
  CHECK(first[0].listed == 3);
  CHECK(first[0].queued == 0);
  CHECK(pending_in(*w.store, "customers") == 0);

  // Nothing changed: nothing queued.
  auto quiet = poller.poll_now("woo");
  CHECK_FALSE(quiet[0].baseline);
  CHECK(quiet[0].changed == 0);
  // Customer 2 edited without its webhook (and without a new date_modified), customer 4 created unseen.
  w.woo.put("customer", "2", customer(2, "c2@x.io", "Bea"));
  w.woo.put("customer", "4", customer(4, "c4@x.io", "Cy"));
  auto found = poller.poll_now();
  CHECK(found[0].changed == 2);
  CHECK(found[0].queued == 2);
  CHECK(pending_in(*w.store, "customers") == 2);
  auto claimed = w.store->claim({.owner = "t", .lease_ms = 1000, .limit = 10});
  REQUIRE(claimed.ok());
  std::set<std::string> topics;
  for (const auto& item : *claimed) topics.insert(item.topic);
  CHECK(topics == std::set<std::string>{"customer.updated", "customer.created"});
  CHECK(w.metrics.counter("syncloom_hash_poll_queued_total", "", {{"system", "woo"}, {"record", "customer"}}).value() == 2);
  // Seen now: the next poll finds nothing.
  CHECK(poller.poll_now()[0].changed == 0);
}

TEST_CASE("hash poll: a change a webhook already delivered is a duplicate, not new work", "[core][hash_poll]") {
  EngineWorld w;
  w.woo.put("customer", "1", customer(1, "a@x.io", "Ann"));
  core::HashPoller poller(*w.router, *w.store, {{.system = "woo", .connector = &w.woo, .records = {"customer"}}}, w.log,
                          w.metrics, [] {});
  poller.poll_now();  // baseline
  const std::string edited = customer(1, "a@x.io", "Anna");
  w.woo.put("customer", "1", edited);
  // The webhook of the edit arrived, deduplicated as the hash poll's event would be.
  w.deliver("woo", "customer.updated", "1", edited,
            "customer:1:2026-01-01T10:00:00#" + core::content_hash(edited));
  CHECK(pending_in(*w.store, "customers") == 1);
  auto round = poller.poll_now();
  CHECK(round[0].changed == 1);
  CHECK(round[0].queued == 0);  // the same change: a duplicate
  CHECK(pending_in(*w.store, "customers") == 1);
}

TEST_CASE("hash poll: a failed page keeps its hashes, so the next poll finds the change again", "[core][hash_poll]") {
  EngineWorld w;
  w.woo.put("customer", "1", customer(1, "a@x.io", "Ann"));
  core::HashPoller poller(*w.router, *w.store, {{.system = "woo", .connector = &w.woo, .records = {"customer"}}}, w.log,
                          w.metrics, [] {});
  poller.poll_now();
  w.woo.put("customer", "1", customer(1, "a@x.io", "Anna"));
  w.woo.failing_lists = 1;
  auto failed = poller.poll_now();
  CHECK_FALSE(failed[0].error.empty());
  CHECK(w.metrics.counter("syncloom_hash_poll_failures_total", "", {{"system", "woo"}, {"record", "customer"}}).value() == 1);
  CHECK(poller.poll_now()[0].queued == 1);
}

TEST_CASE("webhook watch: ours that the store disabled are re-enabled, counted, and a catch-up asked for",
          "[core][webhooks]") {
  EngineWorld w;
  w.woo.set_subscriptions({
      {.id = "1", .topic = "order.created", .delivery_url = "https://sync.example.com/webhooks/woo", .status = "disabled", .failures = 7},
      {.id = "2", .topic = "order.updated", .delivery_url = "https://sync.example.com/webhooks/woo/", .status = "active"},
      // Another application's webhook, and one of a topic no mapping listens to: left alone.
      {.id = "3", .topic = "order.created", .delivery_url = "https://crm.example.com/hook", .status = "disabled"},
      {.id = "4", .topic = "coupon.created", .delivery_url = "https://sync.example.com/webhooks/woo", .status = "disabled"},
  });
  std::vector<std::string> catch_ups;
  core::WebhookWatch watch({{.system = "woo", .connector = &w.woo,
                             .topics = {"order.created", "order.updated", "customer.created"}}},
                           w.log, w.metrics, [&](const std::string& s) { catch_ups.push_back(s); });
  auto checks = watch.check_now();
  REQUIRE(checks.size() == 1);
  CHECK(checks[0].listed);
  CHECK(checks[0].reenabled == 1);
  CHECK(checks[0].active == 1);
  CHECK(checks[0].missing == std::vector<std::string>{"customer.created"});
  CHECK(w.woo.reactivated() == std::vector<std::string>{"1"});
  CHECK(catch_ups == std::vector<std::string>{"woo"});
  CHECK(w.metrics.counter("syncloom_webhooks_reenabled_total", "", {{"system", "woo"}, {"topic", "order.created"}}).value() == 1);
  CHECK(w.metrics.gauge("syncloom_webhooks_missing", "", {{"system", "woo"}}).value() == 1);
  // All ours active now: the next check changes nothing and asks for no catch-up.
  auto again = watch.check_now();
  CHECK(again[0].reenabled == 0);
  CHECK(again[0].active == 2);
  CHECK(catch_ups.size() == 1);
}
