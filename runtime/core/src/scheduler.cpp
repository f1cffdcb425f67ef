// The batch triggers: sweeps of a domain's source records on interval and cron schedules, remembered in the store.
#include <set>

#include "periodic_loop.hpp"
#include "syncloom/core/event_sources.hpp"

namespace syncloom::core {

struct Scheduler::Impl {
  const EventRouter& router;
  store::Store& store;
  Systems systems;
  Logger& log;
  Metrics& metrics;
  std::function<void()> wake;
  store::Clock clock;
  PeriodicLoop loop{};

  store::TimeMs now() const { return clock ? clock() : store::system_clock_ms(); }
  store::Result<size_t> sweep(const DomainPlan& domain, store::TimeMs fire);
};

Scheduler::Scheduler(const EventRouter& router, store::Store& store, Systems systems, Logger& log, Metrics& metrics,
                     std::function<void()> wake, store::Clock clock)
    : impl_(new Impl{router, store, std::move(systems), log, metrics, std::move(wake), std::move(clock), {}}) {}

Scheduler::~Scheduler() { stop(); }

store::Result<size_t> Scheduler::Impl::sweep(const DomainPlan& domain, store::TimeMs fire) {
  std::set<std::string> sources;
  for (const PlanFlow& flow : domain.flows) sources.insert(flow.info.source);
  size_t queued = 0, listed = 0;
  const std::string run = std::to_string(fire);
  for (const std::string& source : sources) {
    auto [system, record] = split_record(source);
    auto it = systems.find(system);
    if (it == systems.end()) return store::Error{store::ErrorCode::kInvalidArgument, "no system `" + system + "` configured"};
    connectors::ListQuery query{.record = record};
    for (;;) {
      connectors::Page page = it->second->list(query);
      if (!page.outcome.ok())
        return store::Error{store::ErrorCode::kIo, "sweep of " + source + ": " + connectors::describe(page.outcome)};
      Routed all;
      for (const connectors::Fetched& f : page.records) {
        auto r = router.route_to(domain.name, system, record, f.id, f.json,
                                 {"sweep", "sweep:" + run + ":" + f.id, kPriorityBatch}, new_correlation_id());
        if (r) all.append(std::move(*r));
      }
      listed += page.records.size();
      auto accepted = accept_routed(store, metrics, all);
      if (!accepted.ok()) return accepted.error();
      queued += *accepted;
      if (*accepted && wake) wake();
      if (page.next_page.empty()) break;
      query.page = page.next_page;
    }
  }
  metrics.counter("syncloom_sweeps_total", "Batch sweeps run", {{"domain", domain.name}}).add();
  metrics.gauge("syncloom_sweep_records", "Records listed by the last sweep", {{"domain", domain.name}})
      .set(static_cast<double>(listed));
  log.info("swept", {{"domain", domain.name}, Field::number("listed", static_cast<int64_t>(listed)),
                     Field::number("queued", static_cast<int64_t>(queued))});
  return queued;
}

size_t Scheduler::run_due() {
  size_t ran = 0;
  for (const DomainPlan& domain : impl_->router.plan().domains) {
    for (size_t t = 0; t < domain.triggers.size(); ++t) {
      const Trigger& trigger = domain.triggers[t];
      if (trigger.kind != Trigger::Kind::kBatch || !trigger.schedule) continue;
      const std::string name = domain.name + "#" + std::to_string(t);
      auto last = impl_->store.cursor("schedule", name);
      if (!last.ok()) continue;
      store::TimeMs now = impl_->now(), due = now;
      if (*last) {
        store::TimeMs at = std::stoll(**last);
        if (trigger.schedule->kind == Schedule::Kind::kEvery) {
          due = at + trigger.schedule->every_ms;
        } else {
          auto next = next_cron_fire(trigger.schedule->cron, at / 1000);
          due = next ? *next * 1000 : INT64_MAX;
        }
      }
      if (due > now) continue;
      auto swept = impl_->sweep(domain, now);
      if (!swept.ok()) {
        // The fire time is not recorded, so the next round tries again.
        impl_->log.warn("sweep failed", {{"domain", domain.name}, {"error", swept.error().message}});
        continue;
      }
      auto saved = impl_->store.set_cursor("schedule", name, std::to_string(now));
      if (!saved.ok()) impl_->log.error("cannot record the sweep", {{"domain", domain.name}, {"error", saved.error().message}});
      ++ran;
    }
  }
  return ran;
}

store::Result<size_t> Scheduler::sweep(const std::string& domain) {
  const DomainPlan* plan = impl_->router.plan().domain(domain);
  if (!plan) return store::Error{store::ErrorCode::kNotFound, "no domain `" + domain + "`"};
  return impl_->sweep(*plan, impl_->now());
}

void Scheduler::start() {
  impl_->loop.start(std::chrono::milliseconds(1000), [this] {
    run_due();
    if (fire_workflow_timeouts(impl_->router, impl_->store, impl_->metrics, impl_->log, impl_->now()) && impl_->wake)
      impl_->wake();
  });
}

void Scheduler::stop() { impl_->loop.stop(); }

}  // namespace syncloom::core
