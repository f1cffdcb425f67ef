// The plain values the HTTP listener hands to the service and takes back: request, response, limits, counters.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "syncloom/connectors/connector.hpp"
#include "syncloom/connectors/system_config.hpp"

namespace syncloom::service {

/// A request as it arrived: the body's bytes and every header unmodified (webhook signatures are over them).
struct HttpRequest {
  std::string method{};                        ///< "POST", "GET", ...
  std::string path{};                          ///< the target without its query string, e.g. "/webhooks/woo"
  std::string query{};                         ///< after '?', raw (not decoded); "" when absent
  std::string param{};                         ///< the `{name}` segment of the route, e.g. "woo"; the rest for `*`
  std::vector<connectors::Header> headers{};   ///< in arrival order, names as sent
  std::string body{};                          ///< raw bytes

  /// The first header of that name (case-insensitive), if any.
  std::optional<std::string_view> header(std::string_view name) const;
};

/// What the service answers. `content_type` "" sends no Content-Type.
struct HttpResponse {
  unsigned status = 200;
  std::string content_type = "application/json";
  std::string body{};
  std::vector<connectors::Header> headers{};  ///< extra headers (e.g. Retry-After)

  /// A JSON error body {"error": message}.
  static HttpResponse error(unsigned status, std::string_view message);
  static HttpResponse text(unsigned status, std::string body, std::string content_type = "text/plain; charset=utf-8");
};

/// The listener's limits. Every one, when hit, gives a clear status and a counter, never a stalled listener.
struct ListenerConfig {
  std::string address = "127.0.0.1";  ///< an IP address or a name (resolved at start); loopback by default
  uint16_t port = 0;                  ///< 0 = any free port (read it back with HttpListener::port)
  unsigned threads = 2;               ///< I/O threads; handlers must not block them
  uint64_t max_body_bytes = 1u << 20;          ///< larger: 413
  uint32_t max_header_bytes = 16u << 10;       ///< request line + headers larger: 431
  unsigned max_connections = 1024;             ///< more at once: a 503 and the connection closed
  std::chrono::milliseconds header_timeout{10'000};  ///< a started request's headers must arrive in this: 408
  std::chrono::milliseconds body_timeout{30'000};    ///< then its body: 408
  std::chrono::milliseconds idle_timeout{60'000};    ///< a keep-alive connection with no request: closed
                                                     ///< (a new one gets min(idle, header) for its first byte)
  std::chrono::milliseconds handler_timeout{30'000}; ///< a handler that never answers: 503 after this
  connectors::Secret admin_token{};  ///< the bearer token of /v1/admin/... (config's `admin_token`); empty: 403
};

/// One line of the request log (no header values, no query: either can carry a secret).
struct RequestLogEntry {
  std::string_view method{};
  std::string_view path{};
  unsigned status = 0;
  uint64_t bytes_in = 0;   ///< body bytes received
  uint64_t bytes_out = 0;  ///< body bytes sent
  double ms = 0;           ///< from the first byte of the request to the response written
};

/// The entry as one JSON line (no trailing newline): {"method":..,"path":..,"status":..,"bytes_in":..,...}.
std::string to_json_line(const RequestLogEntry& entry);

/// Counters as plain data for /metrics (a snapshot; each is monotonic except the gauges).
struct ListenerStats {
  uint64_t connections_accepted = 0;
  uint64_t connections_refused = 0;   ///< over max_connections (answered 503)
  uint64_t connections_open = 0;      ///< gauge
  uint64_t requests = 0;              ///< complete requests handed to routing
  uint64_t requests_in_flight = 0;    ///< gauge: handed to a handler, not answered yet
  uint64_t responses_2xx = 0, responses_4xx = 0, responses_5xx = 0;
  uint64_t body_too_large = 0;        ///< 413
  uint64_t header_too_large = 0;      ///< 431
  uint64_t malformed = 0;             ///< 400 for bad HTTP
  uint64_t request_timeouts = 0;      ///< 408: a started request too slow (slowloris)
  uint64_t idle_closed = 0;           ///< keep-alive connections closed for idleness
  uint64_t not_found = 0;             ///< 404
  uint64_t method_not_allowed = 0;    ///< 405
  uint64_t unauthorized = 0;          ///< 401 / 403 on the admin API
  uint64_t handler_timeouts = 0;      ///< 503/504: the handler did not answer in time
  uint64_t accept_errors = 0;         ///< accept() failed (e.g. out of file descriptors); retried after 50 ms
  uint64_t bytes_in = 0, bytes_out = 0;
};

}  // namespace syncloom::service
