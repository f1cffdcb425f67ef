// The one HTTP client layer (over libcurl, which no header here exposes): connection reuse, TLS
// verification on by default, connect and total timeouts, proxies from the environment (loopback never
// proxied), compression, request logs with credentials redacted, a body size limit, and a seam for fault
// injection in tests. Members have `{}` initializers so that designated initializers may leave any out.
//
//   syncloom::http::Client client({.timeout = std::chrono::seconds(30)});
//   auto response = client.send({.method = "GET", .url = "http://127.0.0.1:8765/wp-json/wc/v3/orders"});
//   if (response.transport != Transport::kOk) ...  // never throws; every failure is a value
#pragma once
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace syncloom::http {

struct Header {
  std::string name{};
  std::string value{};
};

struct Request {
  std::string method = "GET";
  std::string url{};
  std::vector<Header> headers{};
  std::string body{};
  std::chrono::milliseconds timeout{0};  ///< 0: the client's default
  std::string correlation_id{};          ///< appears in the request log line
  /// Further strings to blank out of the request log (a password inside a JSON-RPC login body).
  /// Authorization/Cookie headers and credential query parameters are always redacted.
  std::vector<std::string> redact{};
  /// May the request be sent twice? libcurl silently resends a request whose reused connection dies
  /// before any answer, which for a `create` the server already committed makes a duplicate. A request
  /// that is not idempotent goes over a fresh connection instead, where libcurl never resends; its
  /// caller decides what to do after a failure (search before retrying). Unset: by method (POST and
  /// PATCH are not idempotent; GET, HEAD, PUT, DELETE are). JSON-RPC reads over POST say true.
  std::optional<bool> idempotent{};
};

/// Whether `request` may be resent: its `idempotent`, else by its method.
bool is_idempotent(const Request& request);

/// How the exchange went below HTTP. Only kOk carries a status.
enum class Transport : unsigned char {
  kOk,
  kTimeout,    ///< connect or total timeout
  kConnect,    ///< refused, reset, unreachable
  kResolve,    ///< host name did not resolve
  kTls,        ///< certificate or handshake failure
  kTooLarge,   ///< the body exceeded ClientOptions::max_body_bytes (reading stopped there)
  kTruncated,  ///< the connection closed before the body announced by Content-Length was complete
  kOther,
};

const char* transport_name(Transport t);  ///< "ok", "timeout", ...

struct Response {
  Transport transport = Transport::kOk;
  std::string error{}; ///< libcurl's or our explanation when transport != kOk
  int status = 0;
  std::vector<Header> headers{};  ///< of the final answer (names as sent)
  std::string body{};           ///< decompressed
  double seconds = 0;           ///< wall time of the exchange
  bool new_connection = false;  ///< this request opened a TCP connection (false: reused one)

  /// The first header `name` (case-insensitive), or nullptr.
  const std::string* header(std::string_view name) const;
  /// The media type without parameters, lower case ("application/json"); "" when absent.
  std::string content_type() const;
};

/// Tests only: sees every request before it is sent and may answer in its place, and may change the
/// answer afterwards (drop, delay, reset, truncate, replace with an HTML error page ...).
class FaultInjector {
 public:
  virtual ~FaultInjector() = default;
  /// An answer to use instead of sending `request`; nullopt: send it.
  virtual std::optional<Response> before(const Request& request) = 0;
  /// Called with the real answer; may modify it.
  virtual void after(const Request& request, Response& response) = 0;
};

struct ClientOptions {
  std::chrono::milliseconds connect_timeout{5000};
  std::chrono::milliseconds timeout{60000};
  uint64_t max_body_bytes = 64ull << 20;
  bool verify_tls = true;
  /// PEM file of the certificate authorities to trust instead of the system's (a private CA); "" = system.
  std::string ca_file{};
  std::string user_agent = "syncloom/0.1";
  unsigned max_idle_connections = 8;  ///< kept open for reuse, per client
  /// One line per request: "GET http://host/path?consumer_key=[redacted] -> 200 12ms 512B cid=...".
  std::function<void(std::string_view line)> log{};
  std::shared_ptr<FaultInjector> faults{};
};

struct ClientStats {
  uint64_t requests = 0;
  uint64_t connections = 0;  ///< TCP connections opened
  double seconds = 0;        ///< total wall time inside send()
};

/// Thread-safe: concurrent send() calls each use their own libcurl handle from a pool, which keeps its
/// connections open for the next request.
class Client {
 public:
  explicit Client(ClientOptions options = {});
  ~Client();
  Client(const Client&) = delete;
  Client& operator=(const Client&) = delete;

  Response send(const Request& request);
  ClientStats stats() const;
  const ClientOptions& options() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

/// Percent-encodes per RFC 3986 (unreserved characters kept): for query strings and OAuth 1.0a.
std::string url_encode(std::string_view text);
/// "http://h/p?a=1&consumer_secret=cs_x" -> "http://h/p?a=1&consumer_secret=[redacted]" (also
/// oauth_signature, password, token, key-like parameters).
std::string redact_url(std::string_view url);

}  // namespace syncloom::http
