// `--since` and duration options: an ISO 8601 instant or an age ("24h"), as the UTC instant connectors take.
#pragma once
#include <chrono>
#include <cstdint>
#include <string>

namespace syncloom::cli {

/// "2026-11-30T10:00:00+01:00" -> "2026-11-30T09:00:00Z"; "2026-11-30" -> midnight UTC; "24h" -> now - 24 h.
bool resolve_since(const std::string& text, std::string& instant, std::string& why);
/// The same, as microseconds since the epoch (`syncloom dlq list --since`).
bool resolve_since_micros(const std::string& text, int64_t& micros, std::string& why);
/// "90s", "15min", "2h", "7d", "0s" -> seconds.
bool parse_seconds(const std::string& text, std::chrono::seconds& out, std::string& why);

}  // namespace syncloom::cli
