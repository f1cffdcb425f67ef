// How a WooCommerce answer is classified: ok with a parsed JSON body, or retryable, permanent or auth
// with WooCommerce's own code, message and the parameter it names (docs/connectors.md "Outcomes").
#pragma once
#include <chrono>
#include <optional>
#include <string>
#include <string_view>

#include "common/retry_after.hpp"
#include "syncloom/connectors/outcome.hpp"
#include "syncloom/http/client.hpp"
#include "syncloom/wire/value.hpp"

namespace syncloom::connectors::woo {

struct Answer {
  Outcome outcome;
  wire::Value body;  ///< the parsed JSON when outcome is ok (null for an empty 2xx body)
};

/// Classifies one HTTP exchange. Never throws; every answer that is not the documented JSON is an
/// outcome with a reason (HTML with status 200, cut-off JSON, a body over the limit, a reset).
Answer classify(const http::Response& response);

/// The outcome of a WooCommerce error object {"code","message","data":{"status","params"}} with `status`
/// (also used for per-item errors inside a batch answer).
Outcome error_outcome(const wire::Value& error, int status);

/// Retry-After is read as every connector reads it (common/retry_after.hpp).
using connectors::parse_retry_after;

}  // namespace syncloom::connectors::woo
