// What every call across the connector interface answers: an outcome value, never an exception.
#pragma once
#include <chrono>
#include <optional>
#include <string>

namespace syncloom::connectors {

/// How a caller should treat a failed call. The connector decides, because only it knows the system:
/// a WooCommerce 400 `rest_invalid_param` is permanent, a Tryton `UserError` is permanent, a Tryton
/// answer of HTTP 200 with an HTML body is retryable (a proxy error page), a 429 is retryable.
enum class OutcomeKind : unsigned char {
  kOk,         ///< done; `Written::id` / `Fetched::json` hold the answer
  kRetryable,  ///< timeout, connection error, 408, 429, 5xx, a body that is not the API's: try again later
  kPermanent,  ///< the system refused this input (validation, business rule): retrying changes nothing
  kAuth,       ///< credentials refused, after one re-login or token refresh inside the connector
};

const char* outcome_kind_name(OutcomeKind kind);  ///< "ok", "retryable", "permanent", "auth"

struct Outcome {
  OutcomeKind kind = OutcomeKind::kOk;
  /// The system's own message when it gave one ("A value is required for field \"Unit Price\" ..."),
  /// else ours ("HTTP 200 with text/html body, expected JSON"). Never contains credentials.
  std::string message{};
  std::string code{};   ///< the system's error code: "woocommerce_rest_invalid_id", "UserError", "timeout"
  std::string field{};  ///< the field the system names, when it names one ("sku", "lines.unit_price")
  int http_status = 0;  ///< 0 when no HTTP answer arrived
  /// Retryable outcomes: how long the system asked us to wait (Retry-After), when it said.
  std::optional<std::chrono::milliseconds> retry_after{};
  /// A throttling answer (429, 503 with Retry-After): the caller slows the whole connector down and
  /// does not count it as a failed attempt (docs/design.md, "Connectors").
  bool throttled = false;

  bool ok() const { return kind == OutcomeKind::kOk; }
  static Outcome success() { return {}; }
  static Outcome retryable(std::string message, std::string code = {}, int http_status = 0);
  static Outcome permanent(std::string message, std::string code = {}, std::string field = {}, int http_status = 0);
  static Outcome auth(std::string message, int http_status = 0);
};

/// "retryable: HTTP 503 (timeout): the message" — one line for logs and the dead-letter queue.
std::string describe(const Outcome& outcome);

}  // namespace syncloom::connectors
