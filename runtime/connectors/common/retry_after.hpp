// Retry-After (RFC 9110 section 10.2.3), as every connector reads it.
#pragma once
#include <chrono>
#include <optional>
#include <string_view>

#include "syncloom/http/client.hpp"

namespace syncloom::connectors {

/// Retry-After as seconds ("120") or an HTTP date ("Wed, 21 Oct 2026 07:28:00 GMT"), relative to `now`;
/// at most kMaxRetryAfter (common/budget.hpp), 0 for a date in the past, nullopt for anything else
/// (trailing text included: "12abc" is not a wait).
std::optional<std::chrono::milliseconds> parse_retry_after(std::string_view value,
                                                           std::chrono::system_clock::time_point now);

/// The Retry-After of an answer, if it has a valid one.
std::optional<std::chrono::milliseconds> retry_after(const http::Response& response);

}  // namespace syncloom::connectors
