// The WooCommerce REST client: URL, auth, budget, classification, counters.
#include "woocommerce/woo_api.hpp"

#include <chrono>

#include "woocommerce/woo_crypto.hpp"

namespace syncloom::connectors::woo {

Api::Api(ApiSettings settings)
    : settings_(std::move(settings)), http_(settings_.http), gate_(settings_.budget) {}

Reply Api::call(const Call& call) {
  std::string url = settings_.base_url + settings_.api_root + "/" + call.path;
  Params params = call.query;
  http::Request request;
  request.method = call.method;
  request.correlation_id = call.correlation_id;
  request.body = call.body;
  if (!call.body.empty()) request.headers.push_back({"Content-Type", "application/json"});
  request.headers.push_back({"Accept", "application/json"});
  std::string_view key = settings_.consumer_key.reveal(), secret = settings_.consumer_secret.reveal();
  request.redact = {std::string(secret)};
  auto ticket = gate_.acquire();  // held until the answer is in: the concurrency budget counts in-flight calls
  switch (settings_.auth) {
    case AuthMode::kBasic:
      request.headers.push_back({"Authorization", "Basic " + base64(std::string(key) + ":" + std::string(secret))});
      break;
    case AuthMode::kQuery:
      params.emplace_back("consumer_key", std::string(key));
      params.emplace_back("consumer_secret", std::string(secret));
      break;
    case AuthMode::kOAuth1: {
      // Signed after the budget wait, so that the timestamp is fresh when the request leaves.
      auto now = std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch());
      oauth1_sign(call.method, url, params, key, secret, now.count(), random_nonce());
      break;
    }
  }
  request.url = params.empty() ? url : url + "?" + encode_query(params);
  http::Response response = http_.send(request);
  Reply reply{classify(response), std::move(response)};
  reply.response.body.clear();  // parsed into answer.body; the text is not needed twice
  const Outcome& outcome = reply.answer.outcome;
  switch (outcome.kind) {
    case OutcomeKind::kOk: break;
    case OutcomeKind::kRetryable: ++retryable_; break;
    case OutcomeKind::kPermanent: ++permanent_; break;
    case OutcomeKind::kAuth: ++auth_; break;
  }
  if (outcome.throttled) {
    ++throttled_;
    // The whole connector slows down, not only this caller: another request now would be refused too.
    gate_.hold(outcome.retry_after.value_or(std::chrono::milliseconds(1000)));
  }
  return reply;
}

void Api::count_webhook(WebhookVerdict verdict) {
  switch (verdict) {
    case WebhookVerdict::kEvents: ++verified_; break;
    case WebhookVerdict::kPing: ++pings_; break;
    case WebhookVerdict::kForged: ++forged_; break;
    case WebhookVerdict::kUnsigned: ++unsigned_; break;
    case WebhookVerdict::kTruncated: ++truncated_; break;
    case WebhookVerdict::kMalformed: ++malformed_; break;
  }
}

ConnectorStats Api::stats() const {
  ConnectorStats s;
  http::ClientStats h = http_.stats();
  s.requests = h.requests;
  s.connections = h.connections;
  s.seconds_in_requests = h.seconds;
  s.retryable = retryable_;
  s.permanent = permanent_;
  s.auth_failures = auth_;
  s.throttled = throttled_;
  BudgetGate::Use use = gate_.use();
  s.budget_waits = use.waits;
  s.in_flight = use.in_flight;
  s.max_in_flight = use.max_in_flight;
  s.webhooks_verified = verified_;
  s.webhooks_forged = forged_;
  s.webhooks_unsigned = unsigned_;
  s.webhooks_truncated = truncated_;
  s.webhooks_malformed = malformed_;
  s.webhook_pings = pings_;
  return s;
}

}  // namespace syncloom::connectors::woo
