// The WooCommerce REST client of one connector: URL building, authentication, the budget gate, the
// classification of answers and the connector's counters. Every request of the connector goes through
// call(), so no caller can pass the budget.
#pragma once
#include <atomic>
#include <memory>
#include <string>

#include "common/budget.hpp"
#include "syncloom/connectors/connector.hpp"
#include "syncloom/http/client.hpp"
#include "woocommerce/woo_auth.hpp"
#include "woocommerce/woo_outcome.hpp"

namespace syncloom::connectors::woo {

struct ApiSettings {
  std::string base_url;                        ///< "http://127.0.0.1:8765" (no trailing slash)
  std::string api_root = "/wp-json/wc/v3";    ///< setting `api_root`
  AuthMode auth = AuthMode::kOAuth1;
  Secret consumer_key, consumer_secret;
  Budget budget;
  http::ClientOptions http;
};

struct Call {
  std::string method = "GET";
  std::string path{}; ///< below the API root: "orders", "products/22/variations/batch"
  Params query{};
  std::string body{};  ///< JSON
  std::string correlation_id{};
};

struct Reply {
  Answer answer;
  http::Response response;  ///< status and headers of the HTTP answer (X-WP-Total, Link, ...); body moved out
  const std::string* header(std::string_view name) const { return response.header(name); }
};

class Api {
 public:
  explicit Api(ApiSettings settings);
  Reply call(const Call& call);
  /// The connector's counters (requests, connections, outcomes, budget use).
  ConnectorStats stats() const;
  /// Lets the webhook receiver count its verdicts in the same counters.
  void count_webhook(WebhookVerdict verdict);
  const ApiSettings& settings() const { return settings_; }

 private:
  ApiSettings settings_;
  http::Client http_;
  BudgetGate gate_;
  std::atomic<uint64_t> retryable_{0}, permanent_{0}, auth_{0}, throttled_{0};
  std::atomic<uint64_t> verified_{0}, forged_{0}, unsigned_{0}, truncated_{0}, malformed_{0}, pings_{0};
};

}  // namespace syncloom::connectors::woo
