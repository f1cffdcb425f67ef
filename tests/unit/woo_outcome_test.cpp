// Classification of WooCommerce answers: error bodies from the samples, throttling, HTML and cut-off JSON.
#include <catch2/catch.hpp>

#include "common/budget.hpp"
#include "woo_test_util.hpp"
#include "woocommerce/woo_outcome.hpp"

using namespace syncloom::connectors;
using syncloom::http::Response;
using syncloom::http::Transport;

namespace {

Response answer(int status, std::string body, std::string type = "application/json; charset=UTF-8",
                std::vector<syncloom::http::Header> extra = {}) {
  Response r;
  r.status = status;
  r.body = std::move(body);
  r.headers = {{"Content-Type", std::move(type)}};
  r.headers.insert(r.headers.end(), extra.begin(), extra.end());
  return r;
}

}  // namespace

TEST_CASE("2xx JSON is ok with its body", "[woo][outcome]") {
  auto a = woo::classify(answer(200, syncloom::test::woo_sample("order.json")));
  CHECK(a.outcome.ok());
  CHECK(a.body.at("total").text() == "29.35");
}

TEST_CASE("the samples' error bodies are permanent with WooCommerce's code and message", "[woo][outcome]") {
  auto a = woo::classify(answer(404, syncloom::test::woo_sample("error-wc-invalid-resource.json")));
  CHECK(a.outcome.kind == OutcomeKind::kPermanent);
  CHECK(a.outcome.code == "woocommerce_rest_term_invalid");
  CHECK(a.outcome.message == "Resource doesn't exist.");
  CHECK(a.outcome.http_status == 404);
  auto b = woo::classify(answer(404, syncloom::test::woo_sample("error-rest-no-route.json")));
  CHECK(b.outcome.code == "rest_no_route");
}

TEST_CASE("a 400 names the parameter WooCommerce names", "[woo][outcome]") {
  auto a = woo::classify(answer(400, R"j({"code":"rest_invalid_param","message":"Invalid parameter(s): per_page",)j"
                                     R"j("data":{"status":400,"params":{"per_page":"per_page must be between 1 (inclusive) and 100 (inclusive)"}}})j"));
  CHECK(a.outcome.kind == OutcomeKind::kPermanent);
  CHECK(a.outcome.field == "per_page");
  for (int status : {409, 410, 413}) CHECK(woo::classify(answer(status, "{}")).outcome.kind == OutcomeKind::kPermanent);
}

TEST_CASE("401 and 403 are auth failures", "[woo][outcome]") {
  auto a = woo::classify(answer(401, R"({"code":"woocommerce_rest_authentication_error","message":"Invalid signature - provided signature does not match.","data":{"status":401}})"));
  CHECK(a.outcome.kind == OutcomeKind::kAuth);
  CHECK(a.outcome.code == "woocommerce_rest_authentication_error");
  CHECK(woo::classify(answer(403, "{}")).outcome.kind == OutcomeKind::kAuth);
}

TEST_CASE("408, 429 and 5xx are retryable; 429 and 503 with Retry-After throttle", "[woo][outcome]") {
  auto t = woo::classify(answer(429, "{}", "application/json", {{"Retry-After", "7"}}));
  CHECK(t.outcome.kind == OutcomeKind::kRetryable);
  CHECK(t.outcome.throttled);
  REQUIRE(t.outcome.retry_after);
  CHECK(t.outcome.retry_after->count() == 7000);
  auto u = woo::classify(answer(503, "<html>busy</html>", "text/html", {{"Retry-After", "2"}}));
  CHECK(u.outcome.throttled);
  CHECK(u.outcome.message.find("text/html") != std::string::npos);
  auto v = woo::classify(answer(500, "{\"code\":\"internal_server_error\",\"message\":\"boom\",\"data\":{\"status\":500}}"));
  CHECK(v.outcome.kind == OutcomeKind::kRetryable);
  CHECK_FALSE(v.outcome.throttled);
  CHECK(v.outcome.message == "boom");
  CHECK(woo::classify(answer(408, "")).outcome.kind == OutcomeKind::kRetryable);
}

TEST_CASE("Retry-After as an HTTP date", "[woo][outcome]") {
  auto now = std::chrono::system_clock::from_time_t(1793000000);  // 2026-10-26 ...
  auto later = woo::parse_retry_after("Mon, 26 Oct 2026 07:33:50 GMT", now);
  REQUIRE(later);
  CHECK(later->count() == 30000);
  CHECK(woo::parse_retry_after("Mon, 26 Oct 2020 07:33:20 GMT", now)->count() == 0);
  CHECK_FALSE(woo::parse_retry_after("soon", now));
  CHECK_FALSE(woo::parse_retry_after("12abc", now));  // Tryton read this as 12 before both shared one parser
}

TEST_CASE("answers that are not the API's are retryable with a reason", "[woo][outcome]") {
  auto html = woo::classify(answer(200, "<!DOCTYPE html><html>Maintenance</html>", "text/html; charset=UTF-8"));
  CHECK(html.outcome.kind == OutcomeKind::kRetryable);
  CHECK(html.outcome.code == "not_json");
  CHECK(html.outcome.message.find("text/html") != std::string::npos);
  auto cut = woo::classify(answer(200, R"({"id":727,"total":"29.)"));
  CHECK(cut.outcome.kind == OutcomeKind::kRetryable);
  CHECK(cut.outcome.code == "malformed_body");
  Response large;
  large.transport = Transport::kTooLarge;
  large.error = "body over 1024 bytes";
  auto big = woo::classify(large);
  CHECK(big.outcome.kind == OutcomeKind::kRetryable);
  CHECK(big.outcome.code == "too_large");
  CHECK(woo::classify(answer(302, "", "text/html", {{"Location", "https://shop/?consumer_secret=x"}})).outcome.message.find("consumer_secret=[redacted]") != std::string::npos);
}

// Found by fuzz_connectors (fuzz/regressions_connectors/retry_after_date_year2): a date outside
// system_clock's range (years before 1678 or after 2261) overflowed the conversion to nanoseconds, and a
// huge number of seconds overflowed the conversion to milliseconds.
TEST_CASE("Retry-After far away is capped, never overflows", "[woo][outcome]") {
  auto now = std::chrono::system_clock::from_time_t(1793000000);
  CHECK(woo::parse_retry_after("Wed, 21 Oct 2 07:28:00 GMT", now)->count() == 0);
  CHECK(woo::parse_retry_after("Fri, 31 Dec 9999 23:59:59 GMT", now) == std::chrono::milliseconds(kMaxRetryAfter));
  CHECK(woo::parse_retry_after("9223372036854775807", now) == std::chrono::milliseconds(kMaxRetryAfter));
  CHECK(woo::parse_retry_after("3600", now)->count() == 3600000);
  auto t = woo::classify(answer(429, "{}", "application/json", {{"Retry-After", "99999999999999999"}}));
  CHECK(t.outcome.retry_after == std::chrono::milliseconds(kMaxRetryAfter));
  CHECK(t.outcome.throttled);
}
