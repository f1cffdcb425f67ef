// The pruning round of the recorded inbox, on its own background thread (a PeriodicLoop).
#include "syncloom/core/retention.hpp"

#include <algorithm>

#include "periodic_loop.hpp"

namespace syncloom::core {

struct Pruner::Impl {
  store::Store& store;
  Logger& log;
  Metrics& metrics;
  RetentionOptions options;
  store::Clock clock;
  PeriodicLoop loop{};

  store::TimeMs now() const { return clock ? clock() : store::system_clock_ms(); }
};

Pruner::Pruner(store::Store& store, Logger& log, Metrics& metrics, RetentionOptions options, store::Clock clock)
    : impl_(new Impl{store, log, metrics, options, std::move(clock)}) {}

Pruner::~Pruner() { stop(); }

store::Result<store::Pruned> Pruner::prune_now() {
  Impl& i = *impl_;
  const store::TimeMs before = i.now() - i.options.retention.count();
  store::Pruned total;
  std::int64_t after = 0;  // events up to here were pruned or are kept: the next pass starts after them
  for (;;) {
    auto pass = i.store.prune_events(before, std::max(1, i.options.batch), after);
    if (!pass.ok()) {
      i.metrics.counter("syncloom_prune_errors_total", "Pruning passes the store refused").add();
      i.log.error("pruning the inbox failed", {{"error", pass.error().message}});
      return pass.error();
    }
    total.events += pass->events;
    total.work_items += pass->work_items;
    total.attempts += pass->attempts;
    i.metrics.counter("syncloom_events_pruned_total", "Inbox events removed past the retention").add(static_cast<uint64_t>(pass->events));
    i.metrics.counter("syncloom_work_items_pruned_total", "Work items removed with their pruned events").add(static_cast<uint64_t>(pass->work_items));
    if (!pass->more) break;
    after = pass->last_id;
  }
  if (total.events > 0)
    i.log.info("pruned the inbox", {Field::number("events", total.events), Field::number("work_items", total.work_items),
                                    Field::number("attempts", total.attempts)});
  return total;
}

void Pruner::start() {
  using std::chrono::milliseconds;
  milliseconds period = impl_->options.period;
  if (period.count() <= 0) period = std::clamp(impl_->options.retention / 4, milliseconds(1000), milliseconds(3'600'000));
  impl_->loop.start(period, [this] { (void)prune_now(); });
}

void Pruner::stop() { impl_->loop.stop(); }

}  // namespace syncloom::core
