// The one HTTP/1.1 listener of the sync service (Boost.Beast; docs/design.md "The HTTP listener"):
// routes, asynchronous answers, limits, counters, a JSON request log and a graceful stop.
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "syncloom/service/http_types.hpp"

namespace syncloom::service {

namespace detail {
class Session;
class ListenerImpl;
}  // namespace detail

/// The right to answer one request, once, from any thread. Answering never blocks: the response is
/// handed to the connection's own executor. A Responder dropped without answering answers 500, so a
/// request can never hang on a lost handle. Answers after the route's deadline are ignored (the client
/// already has its 504/503), and so are answers after the listener's stop deadline. A Responder is
/// move-only: to keep one in a std::function, hold it in a shared_ptr.
///
///   router.add("POST", "/webhooks/{system}", [&](HttpRequest req, Responder r) {
///     auto pending = std::make_shared<Responder>(std::move(r));
///     store.append(std::move(req), [pending] { pending->respond({.status = 200}); });  // on commit
///   });
class Responder {
 public:
  Responder() = default;
  Responder(Responder&&) noexcept = default;
  Responder& operator=(Responder&&) noexcept;
  Responder(const Responder&) = delete;
  Responder& operator=(const Responder&) = delete;
  ~Responder();

  /// Sends `response` (the first call only; false when already answered, the deadline passed or the
  /// listener has stopped).
  bool respond(HttpResponse response);
  /// Whether this still holds an unanswered request.
  explicit operator bool() const { return session_ != nullptr; }

 private:
  friend class detail::Session;
  Responder(std::shared_ptr<detail::Session> session, uint64_t request_id);
  std::shared_ptr<detail::Session> session_{};
  uint64_t request_id_ = 0;
};

/// Takes the request (moved) and, now or later, answers through the Responder.
using Handler = std::function<void(HttpRequest, Responder)>;

/// How a route is served.
struct RouteOptions {
  bool admin = false;  ///< requires `Authorization: Bearer <ListenerConfig::admin_token>`
  std::optional<std::chrono::milliseconds> deadline{};  ///< unanswered by then: 504 (else handler_timeout: 503)
};

/// Routes, registered before the listener starts. A pattern is a path whose segments are literal,
/// `{name}` (one non-empty segment, given as HttpRequest::param) or a last `*` (the non-empty rest).
/// A path matching a pattern under another method answers 405 with Allow; matching none, 404.
class Router {
 public:
  void add(std::string method, std::string pattern, Handler handler, RouteOptions options = {});

  struct Route {
    std::string method, pattern;
    Handler handler;
    RouteOptions options;
  };
  const std::vector<Route>& routes() const { return routes_; }

 private:
  std::vector<Route> routes_{};
};

/// What HttpListener::stop did.
struct StopReport {
  uint64_t drained = 0;    ///< in-flight requests answered during the stop
  uint64_t abandoned = 0;  ///< connections still busy at the deadline, closed unanswered
};

/// Result of starting: the listener or why it could not bind.
class HttpListener;
struct StartResult {
  std::unique_ptr<HttpListener> listener{};
  std::string error{};  ///< e.g. "cannot listen on 127.0.0.1:8080: Address already in use"
};

class HttpListener {
 public:
  /// Binds `config.address:config.port` and starts serving on `config.threads` threads.
  /// `log` (may be empty) receives one entry per answered request, on a listener thread: keep it short.
  static StartResult start(ListenerConfig config, Router router,
                           std::function<void(const RequestLogEntry&)> log = {});
  ~HttpListener();  ///< stop(0 ms) if still running
  HttpListener(const HttpListener&) = delete;
  HttpListener& operator=(const HttpListener&) = delete;

  uint16_t port() const;  ///< the bound port (the one chosen when ListenerConfig::port was 0), also after stop
  ListenerStats stats() const;

  /// Stops accepting, closes idle connections, lets in-flight requests be answered until `deadline`,
  /// then closes the rest and joins the threads. Idempotent.
  StopReport stop(std::chrono::milliseconds deadline);

 private:
  explicit HttpListener(std::shared_ptr<detail::ListenerImpl> impl);
  std::shared_ptr<detail::ListenerImpl> impl_;  // shared: a Responder held past stop() keeps it alive
};

}  // namespace syncloom::service
