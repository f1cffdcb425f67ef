// Retention of the recorded inbox: every so often, events older than `service.retention` that nothing needs
// any longer are pruned (Store::prune_events says what stays), counted in metrics (docs/runtime.md, "Retention").
#pragma once
#include <chrono>
#include <memory>

#include "syncloom/core/log.hpp"
#include "syncloom/core/metrics.hpp"
#include "syncloom/store/store.hpp"

namespace syncloom::core {

struct RetentionOptions {
  std::chrono::milliseconds retention{30LL * 86'400'000};
  /// Between pruning rounds; zero: a quarter of the retention, between a second and an hour.
  std::chrono::milliseconds period{0};
  int batch = 1000;  ///< events per transaction: intake and workers get the writer between batches
};

class Pruner {
 public:
  Pruner(store::Store& store, Logger& log, Metrics& metrics, RetentionOptions options, store::Clock clock = {});
  ~Pruner();
  void start();
  void stop();
  /// One round now: prunes every due event, batch by batch. Answers the totals, or the first store error.
  store::Result<store::Pruned> prune_now();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace syncloom::core
