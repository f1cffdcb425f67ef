// The workers: claim work items from the store, run the domain's flow, write through the target's
// connector, and record the outcome (done with its cross-reference, waiting to retry, or dead-lettered).
//
//   SyncEngine engine(router, store, systems, log, metrics, {.workers = 4});
//   engine.start();
//   ... store.accept(event); engine.wake(); ...
//   engine.stop(std::chrono::seconds(30));  // drains what is running, releases nothing half-done
#pragma once
#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "syncloom/connectors/connector.hpp"
#include "syncloom/core/circuit_breaker.hpp"
#include "syncloom/core/event_router.hpp"
#include "syncloom/core/log.hpp"
#include "syncloom/core/metrics.hpp"
#include "syncloom/store/store.hpp"

namespace syncloom::core {

/// The connectors by the mapping's system names ("woo", "erp"). Not owned.
using Systems = std::map<std::string, connectors::Connector*, std::less<>>;

struct EngineOptions {
  unsigned workers = 4;                              ///< per target system, at most its concurrency budget
  std::chrono::milliseconds lease{15000};            ///< renewed every lease/3 while an item runs
  std::chrono::milliseconds ref_wait{300000};        ///< how long an item waits for a ref() to another domain
  std::chrono::milliseconds idle_poll{250};          ///< how often an idle worker looks for due work
  CircuitPolicy circuit{};
  std::string owner = "syncloom";                    ///< the lease owner's prefix ("host:pid")
  store::Clock clock{};                              ///< empty: wall clock
  uint64_t seed = 0;                                 ///< the backoff jitter's seed (0: random)
};

/// How one work item ended, for the realtime process API (answered once the item is done or dead).
struct ItemOutcome {
  std::int64_t work_id = 0;
  std::string state;        ///< "done", "dead", "waiting" (the deadline passed first)
  std::string outcome;      ///< "synced", "filtered", "unchanged", or the dead-letter reason
  std::string target_id;    ///< the document written
  std::string error;        ///< dead: why
  std::string error_field;  ///< the field the system or the mapping names
};

/// Per connector, for status and /metrics.
struct ConnectorHealth {
  std::string system, kind;
  connectors::ConnectorStats stats;
  unsigned budget_concurrency = 0;
  CircuitState circuit = CircuitState::kClosed;
  uint64_t circuit_opened = 0;
};

class SyncEngine {
 public:
  SyncEngine(const EventRouter& router, store::Store& store, Systems systems, Logger& log, Metrics& metrics,
             EngineOptions options);
  ~SyncEngine();
  SyncEngine(const SyncEngine&) = delete;
  SyncEngine& operator=(const SyncEngine&) = delete;

  void start();
  /// Stops claiming, lets running items finish until `deadline`, then releases what is still running
  /// (their writes are idempotent, so the next run repeats them safely). Idempotent.
  void stop(std::chrono::milliseconds deadline);
  /// New work may be claimable: wakes an idle worker now instead of at its next poll.
  void wake();

  /// Calls `done` once work item `work_id` is done or dead (from a worker thread, or at once when it
  /// already is). For the realtime API; the caller applies its own deadline.
  void when_finished(std::int64_t work_id, std::function<void(const ItemOutcome&)> done);

  std::vector<ConnectorHealth> health() const;
  /// Items being worked on right now.
  unsigned busy() const;

  struct Impl;  ///< internal (engine_impl.hpp)

 private:
  std::unique_ptr<Impl> impl_;
};

}  // namespace syncloom::core
