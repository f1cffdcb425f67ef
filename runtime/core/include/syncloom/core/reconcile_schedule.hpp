// The reconcile passes the service runs itself: the mapping's `reconcile every 1h on stock_quantity` schedules
// and passes asked for through the admin API, one at a time on a thread of their own (a pass over a large
// catalogue takes minutes and must hold up neither sweeps nor admin requests). A fire is claimed in the
// store, so of several workers sharing it one reconciles; each pass's report is kept in the store, where
// any worker's admin API reads the last one. Metrics: syncloom_reconcile_* (docs/operations.md).
//
//   ReconcileScheduler passes(router, store, systems, log, metrics, {.repair = true});
//   passes.start();
//   passes.request("inventory", /*repair=*/false, [](const std::string& json) { ... });
//   passes.stop();
#pragma once
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "syncloom/core/log.hpp"
#include "syncloom/core/metrics.hpp"
#include "syncloom/core/reconcile.hpp"

namespace syncloom::core {

struct ReconcileScheduleOptions {
  bool repair = true;       ///< whether scheduled passes queue repairs (service key `reconcile: repair | report`)
  bool scheduled = true;    ///< run the mapping's schedules (off: only requested passes run)
  unsigned page_size = 0;   ///< 0: each system's maximum
  store::Clock clock = {};  ///< tests pass a manual one
  std::function<void()> wake = {};  ///< called when a pass queued repairs (the engine's wake)
};

enum class ReconcileRequest : unsigned char {
  kQueued,          ///< the pass runs next on the reconcile thread
  kAlreadyQueued,   ///< a pass of that domain is running or queued: this request joins it
  kUnknownDomain,   ///< no domain of that name with a flow from its owner
};

class ReconcileScheduler {
 public:
  /// Called with the pass's record (reconcile_pass_json) when it ends.
  using Done = std::function<void(const std::string& pass_json)>;

  ReconcileScheduler(const EventRouter& router, store::Store& store, Systems systems, Logger& log, Metrics& metrics,
                     ReconcileScheduleOptions options);
  ~ReconcileScheduler();
  void start();
  void stop();  ///< after the pass in progress; queued requests are answered as not run

  /// Runs every scheduled pass that is due now, on the calling thread; returns how many ran.
  size_t run_due();
  /// Queues a pass of `domain` now; `done` (may be empty) gets its record when it ends.
  ReconcileRequest request(const std::string& domain, bool repair, Done done = {});
  /// Runs queued requests on the calling thread (tests; the thread does it every round).
  size_t run_requests();

  /// The state of a domain's passes as JSON: whether one is running or queued, its schedules with the
  /// next fire, and the last pass's record from the store (null before the first).
  std::string status_json(const std::string& domain) const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace syncloom::core
