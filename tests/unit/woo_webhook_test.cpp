// Webhook verification with the documented vector (API-FACTS.md), forged, unsigned and truncated
// deliveries, the ping, and dedupe keys.
#include <catch2/catch.hpp>

#include "woo_test_util.hpp"
#include "woocommerce/woo_webhook.hpp"

using namespace syncloom::connectors;
using syncloom::test::woo_schema;

namespace {

WebhookResult deliver(std::string_view body, std::vector<Header> headers, std::string secret = "wc-erp-test-secret") {
  return woo::receive_webhook({body, headers}, Secret(std::move(secret)), woo_schema());
}

std::vector<Header> signed_headers(std::string signature, std::string topic = "order.updated") {
  return {{"X-WC-Webhook-Topic", std::move(topic)}, {"x-wc-webhook-signature", std::move(signature)},
          {"X-WC-Webhook-Delivery-ID", "d41d8cd98f00b204e9800998ecf8427e"}};
}

}  // namespace

TEST_CASE("the documented signature vectors verify", "[woo][webhook]") {
  std::string body = R"({"id":727,"status":"processing","total":"29.35"})";
  CHECK(woo::webhook_signature(body, "wc-erp-test-secret") == "U0s4o96y0dJkmcticyx35vqL6gfiN8CJ6PFz1N7Wtgc=");
  std::string body2 = R"({"id":727,"permalink":"https:\/\/example.com\/"})";
  CHECK(woo::webhook_signature(body2, "wc-erp-test-secret") == "OLhqOkmz0IOAimuXGpOPobJfwcWNrltms5sm+LTORtM=");

  WebhookResult result = deliver(body, signed_headers("U0s4o96y0dJkmcticyx35vqL6gfiN8CJ6PFz1N7Wtgc="));
  REQUIRE(result.verdict == WebhookVerdict::kEvents);
  REQUIRE(result.events.size() == 1);
  CHECK(result.events[0].topic == "order.updated");
  CHECK(result.events[0].record == "order");
  CHECK(result.events[0].id == "727");
  CHECK(result.events[0].json == R"({"id":727,"status":"processing","total":29.35})");
  // Verified over the raw bytes: the escaped "\/" form is what was signed.
  CHECK(deliver(body2, signed_headers("OLhqOkmz0IOAimuXGpOPobJfwcWNrltms5sm+LTORtM=")).verdict == WebhookVerdict::kEvents);
  CHECK(deliver(R"({"id":727,"permalink":"https://example.com/"})",
                signed_headers("OLhqOkmz0IOAimuXGpOPobJfwcWNrltms5sm+LTORtM="))
            .verdict == WebhookVerdict::kForged);
}

TEST_CASE("forged, unsigned and truncated deliveries are refused", "[woo][webhook]") {
  std::string body = R"({"id":727,"status":"processing","total":"29.35"})";
  std::string good = "U0s4o96y0dJkmcticyx35vqL6gfiN8CJ6PFz1N7Wtgc=";
  SECTION("a changed body") {
    auto r = deliver(R"({"id":727,"status":"processing","total":"0.01"})", signed_headers(good));
    CHECK(r.verdict == WebhookVerdict::kForged);
    CHECK(r.http_status == 401);
  }
  SECTION("another secret") { CHECK(deliver(body, signed_headers(good), "other").verdict == WebhookVerdict::kForged); }
  SECTION("no signature") {
    auto r = deliver(body, {{"X-WC-Webhook-Topic", "order.updated"}});
    CHECK(r.verdict == WebhookVerdict::kUnsigned);
    CHECK(r.http_status == 401);
  }
  SECTION("a body shorter than its Content-Length") {
    auto headers = signed_headers(good);
    headers.push_back({"Content-Length", "96"});
    CHECK(deliver(body, headers).verdict == WebhookVerdict::kTruncated);
  }
  SECTION("cut-off JSON signed as it is") {
    std::string cut = body.substr(0, 30);
    auto r = deliver(cut, signed_headers(woo::webhook_signature(cut, "wc-erp-test-secret")));
    CHECK(r.verdict == WebhookVerdict::kTruncated);
    CHECK(r.reason.find("wc-erp-test-secret") == std::string::npos);
  }
  SECTION("an unknown topic") {
    std::string action = R"({"action":"woocommerce_x","arg":1})";
    auto r = deliver(action, signed_headers(woo::webhook_signature(action, "wc-erp-test-secret"), "action.woocommerce_x"));
    CHECK(r.verdict == WebhookVerdict::kMalformed);
  }
}

TEST_CASE("the unsigned creation ping is answered without a signature check", "[woo][webhook]") {
  auto r = deliver("webhook_id=142", {{"Content-Type", "application/x-www-form-urlencoded"}});
  CHECK(r.verdict == WebhookVerdict::kPing);
  CHECK(r.http_status == 200);
  CHECK(r.events.empty());
  CHECK(deliver("webhook_id=142&x=1", {}).verdict == WebhookVerdict::kUnsigned);
}

TEST_CASE("dedupe keys come from resource, id and date_modified_gmt, never the delivery id", "[woo][webhook]") {
  std::string order = syncloom::test::woo_sample("order.json");
  auto sign = [](const std::string& b) { return signed_headers(woo::webhook_signature(b, "wc-erp-test-secret")); };
  auto a = deliver(order, sign(order));
  REQUIRE(a.verdict == WebhookVerdict::kEvents);
  CHECK(a.events[0].dedupe_key == "order:727:2017-03-22T19:28:08");
  CHECK(a.events[0].occurred_at == "2017-03-22T19:28:08Z");
  auto headers = sign(order);
  headers[2].value = "another-delivery-id";
  CHECK(deliver(order, headers).events[0].dedupe_key == a.events[0].dedupe_key);
  std::string deleted = R"({"id":727})";
  auto d = deliver(deleted, signed_headers(woo::webhook_signature(deleted, "wc-erp-test-secret"), "order.deleted"));
  REQUIRE(d.verdict == WebhookVerdict::kEvents);
  CHECK(d.events[0].deleted);
  CHECK(d.events[0].json == R"({"id":727})");
  CHECK(d.events[0].dedupe_key.starts_with("order:727:sha256:"));
}

// Found by fuzz_connectors (fuzz/regressions_connectors/webhook_content_length_overflow): std::stoull threw
// out of receive_webhook on a Content-Length too long for 64 bits.
TEST_CASE("a Content-Length too large for any integer is a truncated delivery, not an exception", "[woo][webhook]") {
  std::string body = R"({"id":727,"status":"processing","total":"29.35"})";
  auto headers = signed_headers("U0s4o96y0dJkmcticyx35vqL6gfiN8CJ6PFz1N7Wtgc=");
  headers.push_back({"Content-Length", "80156666666666666666666666666666666"});
  auto r = deliver(body, headers);
  CHECK(r.verdict == WebhookVerdict::kTruncated);
  CHECK(r.http_status == 400);
  headers.back().value = "-1";  // not a length at all: judged by the signature, which matches
  CHECK(deliver(body, headers).verdict == WebhookVerdict::kEvents);
}
