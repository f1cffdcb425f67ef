// What every connector shares: budgets (concurrency and rate), rates, constant-time comparison, outcomes,
// and the schema-driven conversion between wire JSON and the schema's shape.
#include <catch2/catch.hpp>

#include <atomic>
#include <thread>
#include <vector>

#include "common/budget.hpp"
#include "common/shape.hpp"
#include "syncloom/connectors/connector.hpp"

using namespace syncloom::connectors;
using namespace std::chrono_literals;

TEST_CASE("budget: no more than N in flight, whatever the number of callers", "[connectors]") {
  BudgetGate gate({.concurrency = 3, .requests = 1000, .window = 1000ms});
  std::atomic<int> in_flight{0}, peak{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 12; ++t)
    threads.emplace_back([&] {
      for (int i = 0; i < 5; ++i) {
        auto ticket = gate.acquire();
        int now = ++in_flight;
        int seen = peak.load();
        while (now > seen && !peak.compare_exchange_weak(seen, now)) {
        }
        std::this_thread::sleep_for(1ms);
        --in_flight;
      }
    });
  for (auto& t : threads) t.join();
  CHECK(peak.load() <= 3);
  CHECK(gate.use().max_in_flight <= 3);
  CHECK(gate.use().started == 60);
  CHECK(gate.use().in_flight == 0);
}

TEST_CASE("budget: at most R starts per sliding window", "[connectors]") {
  BudgetGate gate({.concurrency = 10, .requests = 5, .window = 200ms});
  auto start = std::chrono::steady_clock::now();
  for (int i = 0; i < 11; ++i) auto ticket = gate.acquire();
  // 11 starts at 5 per 200 ms need at least two full windows after the first five.
  CHECK(std::chrono::steady_clock::now() - start >= 400ms);
  CHECK(gate.use().waits >= 2);  // the 6th start waits for the window, and the 11th
}

TEST_CASE("budget: hold() delays every start", "[connectors]") {
  BudgetGate gate({.concurrency = 10, .requests = 100, .window = 1000ms});
  gate.hold(150ms);
  auto start = std::chrono::steady_clock::now();
  auto ticket = gate.acquire();
  CHECK(std::chrono::steady_clock::now() - start >= 150ms);
}

TEST_CASE("rates: requests per window", "[connectors]") {
  std::string error;
  auto r = parse_rate("20/s", {}, &error);
  REQUIRE(r);
  CHECK(r->requests == 20);
  CHECK(r->window == 1000ms);
  r = parse_rate("6000/5min", {}, &error);
  REQUIRE(r);
  CHECK(r->requests == 6000);
  CHECK(r->window == 300000ms);
  CHECK_FALSE(parse_rate("20", {}, &error));
  CHECK_THAT(error, Catch::Contains("requests per window"));
  CHECK_FALSE(parse_rate("0/s", {}, &error));
  CHECK_FALSE(parse_rate("5/fortnight", {}, &error));
  CHECK_THAT(error, Catch::Contains("unknown window unit `fortnight`"));
}

TEST_CASE("secrets compare in constant time and by value", "[connectors]") {
  CHECK(constant_time_equal("abc", "abc"));
  CHECK_FALSE(constant_time_equal("abc", "abd"));
  CHECK_FALSE(constant_time_equal("abc", "abcd"));
  CHECK_FALSE(constant_time_equal("", "a"));
  CHECK(constant_time_equal("", ""));
  CHECK(Secret("s3cret").equals("s3cret"));
}

TEST_CASE("outcomes describe themselves in one line", "[connectors]") {
  Outcome o = Outcome::permanent("Invalid ID.", "woocommerce_rest_shop_order_invalid_id", "id", 400);
  CHECK(describe(o) == "permanent: HTTP 400 (woocommerce_rest_shop_order_invalid_id) field id: Invalid ID.");
  o = Outcome::retryable("slow down", "rate_limited", 429);
  o.retry_after = 2000ms;
  CHECK(describe(o) == "retryable: HTTP 429 (rate_limited): slow down [retry after 2000 ms]");
  CHECK(describe(Outcome::success()) == "ok");
}

TEST_CASE("shape: WooCommerce money strings become exact decimals and back", "[connectors]") {
  std::string error;
  auto woo = shape::load_system_schema("woocommerce", "", &error);
  REQUIRE(woo);
  const auto* order = woo->find_record("order");
  REQUIRE(order);
  auto parsed = syncloom::wire::parse(
      R"({"id":727,"total":"29.35","discount_total":"0.00","date_paid_gmt":"","line_items":[{"total":"6.00","price":3,"taxes":[{"id":75,"total":"0.9","subtotal":"0.9"}]}],"customer_note":"","plugin_field":"12.5"})");
  REQUIRE(parsed.value);
  syncloom::wire::Value v = *parsed.value;
  shape::normalise_read(*order->type, v);
  CHECK(syncloom::wire::dump(v) ==
        R"({"id":727,"total":29.35,"discount_total":0.00,"date_paid_gmt":null,"line_items":[{"total":6.00,"price":3,"taxes":[{"id":75,"total":0.9,"subtotal":0.9}]}],"customer_note":"","plugin_field":"12.5"})");
  shape::decimals_to_strings(*order->type, v);
  CHECK(v.at("total").is_string());
  CHECK(v.at("total").text() == "29.35");
  CHECK(v.at("line_items")[0].at("price").text() == "3");
  CHECK(shape::is_decimal_text("-10.00"));
  CHECK_FALSE(shape::is_decimal_text("1e3"));
  CHECK_FALSE(shape::is_decimal_text("12."));
  CHECK(shape::is_decimal_text("0.50"));
  CHECK(shape::is_decimal_text("-0"));
  // Found by fuzz_connectors (fuzz/regressions_connectors/leading_zero_decimal): JSON has no leading
  // zeros, so "06.50" written as a number made the record unreadable; it stays a string, which the
  // pipeline rejects naming the field.
  CHECK_FALSE(shape::is_decimal_text("06.50"));
  CHECK_FALSE(shape::is_decimal_text("-00"));
  auto money = syncloom::wire::parse(R"({"id":1,"total":"06.50"})");
  REQUIRE(money.value);
  shape::normalise_read(*order->type, *money.value);
  CHECK(syncloom::wire::dump(*money.value) == R"({"id":1,"total":"06.50"})");
}
