// Where events come from besides webhooks: polling the systems that push nothing (Tryton), and the batch
// schedules (`sync batch every 15m`, `cron "0 2 * * *"`) that sweep a domain's source records.
//
//   Poller poller(router, store, systems, log, metrics, [&] { engine.wake(); }, {});
//   Scheduler scheduler(router, store, systems, log, metrics, [&] { engine.wake(); });
//   poller.start(); scheduler.start(); ... scheduler.stop(); poller.stop();
#pragma once
#include <chrono>
#include <functional>
#include <memory>
#include <map>
#include <set>
#include <string>

#include "syncloom/core/event_router.hpp"
#include "syncloom/core/log.hpp"
#include "syncloom/core/metrics.hpp"
#include "syncloom/core/sync_engine.hpp"
#include "syncloom/store/store.hpp"

namespace syncloom::core {

/// Accepts routed events and counts them (received, deduplicated, filtered) per domain; returns how many
/// were accepted as new, or the first store error.
store::Result<size_t> accept_routed(store::Store& store, Metrics& metrics, const Routed& routed);

/// The intake counters, for a source that accepts events itself (the webhook route, asynchronously):
/// the domains a record was filtered out of, and the acceptance of one event with work in `domain`
/// (filtered and workflow events, which have none, are not counted here).
void count_filtered(Metrics& metrics, const Routed& routed);
void count_accepted(Metrics& metrics, std::string_view domain, bool duplicate);

struct PollerOptions {
  std::chrono::seconds overlap{300};         ///< listed again before the cursor (late commits, clock skew)
  /// The systems to poll (mapping names) and how often: those without webhooks (Tryton), and those whose
  /// webhooks get a polling safety net (a WooCommerce store's `poll_interval`: deliveries can be lost).
  std::map<std::string, std::chrono::milliseconds, std::less<>> systems;
  /// A system listed here is polled for these topics only: those it does not push (a store's refunds),
  /// when its webhooks get no polling safety net.
  std::map<std::string, std::set<std::string>, std::less<>> only_topics;
};

/// Polls each topic the mapping listens to on the polled systems, from its stored cursor, into the inbox.
/// The cursor moves only after every page of a poll is durable, so a crash repeats a poll and never skips.
class Poller {
 public:
  Poller(const EventRouter& router, store::Store& store, Systems systems, Logger& log, Metrics& metrics,
         std::function<void()> wake, PollerOptions options);
  ~Poller();
  void start();
  void stop();
  /// One round over every polled topic (tests and `syncloom run --once` call it directly). Returns the
  /// events accepted as new.
  size_t poll_once();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

/// Queues a timeout event for every workflow await due by `now` (once per wait); returns how many were new.
/// The scheduler calls it every round.
size_t fire_workflow_timeouts(const EventRouter& router, store::Store& store, Metrics& metrics, Logger& log,
                              store::TimeMs now);

/// Runs the batch triggers: a full sweep of the domain's source records on each fire. The last fire of each
/// trigger is kept in the store, so a restart neither repeats a sweep nor skips one that fell due while
/// the service was down; a trigger that never fired fires at start (the first sync of a new install).
class Scheduler {
 public:
  Scheduler(const EventRouter& router, store::Store& store, Systems systems, Logger& log, Metrics& metrics,
            std::function<void()> wake, store::Clock clock = {});
  ~Scheduler();
  void start();
  void stop();
  /// Fires every trigger that is due now; returns how many sweeps ran.
  size_t run_due();
  /// Sweeps `domain` now, whatever its schedule; returns the records queued, or the error.
  store::Result<size_t> sweep(const std::string& domain);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace syncloom::core
