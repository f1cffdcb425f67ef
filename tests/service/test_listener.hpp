// A listener on a free loopback port with the service's routes, for the listener tests: webhooks and
// sync handlers the test controls, /health, /ready, /metrics, an admin route, and the request log kept.
#pragma once

#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "syncloom/service/http_listener.hpp"

namespace syncloom::service::testing {

struct TestListener {
  /// What the webhook and sync routes do with a request; by default answer 200 at once with the param.
  std::function<void(HttpRequest, Responder)> on_webhook;
  std::function<void(HttpRequest, Responder)> on_sync;
  std::mutex mutex;
  std::vector<std::string> log_lines;
  std::vector<HttpRequest> webhooks;  ///< every webhook request as the handler received it
  std::unique_ptr<HttpListener> listener;

  /// Starts with `config` (port 0 = a free one); the sync route's deadline is `sync_deadline`.
  explicit TestListener(ListenerConfig config = {}, std::chrono::milliseconds sync_deadline = std::chrono::seconds(2));
  ~TestListener();
  uint16_t port() const { return listener->port(); }
  std::vector<std::string> logs();
};

/// Waits (up to 2 s) until `read(listener.stats())` reaches `want`; returns the last value read. Counters
/// are bumped on a listener thread, a moment after the client sees the effect.
template <class Read>
uint64_t wait_counter(const HttpListener& listener, uint64_t want, Read read) {
  uint64_t got = 0;
  for (int i = 0; i < 400 && (got = read(listener.stats())) < want; ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  return got;
}

}  // namespace syncloom::service::testing
