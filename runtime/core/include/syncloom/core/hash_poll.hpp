// The content-hash poll: the safety net for a store whose webhooks are lossy (deliveries dropped, a webhook
// disabled after failures) and whose date_modified is not always bumped, so a `modified_after` poll misses
// the change too. Every so often it lists every record of the kinds the mapping listens to, hashes each
// one's content, and compares with the hash it kept (Store::record_hashes): a record whose content changed
// since, or that it never saw, goes to the inbox as the event a webhook would have delivered
// (`order.updated`, `order.created`), deduplicated against the deliveries that did arrive. The first poll of
// a kind only records the hashes (a sweep is what syncs a new installation). The hashes move only after
// the events of a page are durable, so a crash repeats a page and never skips one.
//
//   HashPoller hashes(router, store, {{"woo", &connector, {"order", "customer"}, 15min}}, log, metrics, wake);
//   hashes.start(); hashes.request("woo");  // a catch-up now (a webhook was re-enabled)
#pragma once
#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "syncloom/core/event_router.hpp"
#include "syncloom/core/log.hpp"
#include "syncloom/core/metrics.hpp"
#include "syncloom/store/store.hpp"

namespace syncloom::core {

struct HashPolled {
  std::string system;                          ///< the mapping's name
  connectors::Connector* connector = nullptr;
  std::vector<std::string> records;            ///< the record kinds the mapping listens to: "order", "customer"
  std::chrono::milliseconds every{900'000};
};

/// One record kind's poll.
struct HashPollRound {
  std::string system, record;
  bool baseline = false;        ///< the first poll of this kind: hashes recorded, nothing queued
  size_t listed = 0;            ///< records listed
  size_t changed = 0;           ///< whose content differs from the hash kept (or was never seen)
  size_t queued = 0;            ///< events accepted as new: changes no webhook or poll had brought
  std::string error{};          ///< the listing failed ("" when it ran to its end)
};

class HashPoller {
 public:
  HashPoller(const EventRouter& router, store::Store& store, std::vector<HashPolled> systems, Logger& log,
             Metrics& metrics, std::function<void()> wake, store::Clock clock = {});
  ~HashPoller();
  void start();
  void stop();
  /// Polls every kind of `system` ("" every system) now, on the calling thread.
  std::vector<HashPollRound> poll_now(const std::string& system = "");
  /// Asks the thread for a poll of `system` now, whatever its interval.
  void request(const std::string& system);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace syncloom::core
