// Keeping a system's webhooks alive: WooCommerce disables a webhook after its deliveries failed several
// times in a row (an outage of ours, a proxy's 502s) and from then on sends nothing, silently. The watch
// lists each watched system's webhooks every so often, re-enables the disabled or paused ones that deliver
// a topic the mapping listens to, to this service's /webhooks/SYSTEM, counts that, and asks for a catch-up
// (the content-hash poll) of what was lost meanwhile. Webhooks of other topics or URLs are left alone.
//
//   WebhookWatch watch({{"woo", &connector, {"order.created", "order.updated"}, 5min}}, log, metrics,
//                      [&](const std::string& system) { hash_poller.request(system); });
//   watch.start(); ... watch.stop();
#pragma once
#include <chrono>
#include <functional>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "syncloom/connectors/connector.hpp"
#include "syncloom/core/log.hpp"
#include "syncloom/core/metrics.hpp"

namespace syncloom::core {

struct WatchedWebhooks {
  std::string system;                       ///< the mapping's name, also the path of /webhooks/SYSTEM
  connectors::Connector* connector = nullptr;
  std::set<std::string> topics;             ///< the pushed topics the mapping listens to
  std::chrono::milliseconds every{300'000};
};

/// What one check of one system found.
struct WebhookCheck {
  std::string system;
  bool listed = false;           ///< the webhooks could be listed
  std::string error{};           ///< why not
  size_t active = 0, reenabled = 0, failed = 0;  ///< ours: active, re-enabled now, could not be re-enabled
  std::vector<std::string> missing{};  ///< topics listened to without any webhook of ours
};

class WebhookWatch {
 public:
  WebhookWatch(std::vector<WatchedWebhooks> systems, Logger& log, Metrics& metrics,
               std::function<void(const std::string& system)> reenabled);
  ~WebhookWatch();
  void start();
  void stop();
  /// Checks every watched system now, on the calling thread.
  std::vector<WebhookCheck> check_now();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace syncloom::core
