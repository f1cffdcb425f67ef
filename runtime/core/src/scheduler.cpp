// The batch triggers: sweeps of a domain's source records on interval and cron schedules, remembered in the store.
#include <map>
#include <set>

#include "periodic_loop.hpp"
#include "schedule_fire.hpp"
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
  std::map<std::string, store::TimeMs> retry_at{};  // a failed sweep's trigger: not again before this

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
      const store::TimeMs now = impl_->now();
      if (auto r = impl_->retry_at.find(name); r != impl_->retry_at.end() && r->second > now) continue;
      // Claimed before it runs: of several workers sharing the store, one sweeps each fire.
      auto claimed = claim_due_fire(impl_->store, "schedule", name, *trigger.schedule, now);
      if (!claimed.ok()) {
        impl_->log.error("cannot claim the sweep", {{"domain", domain.name}, {"error", claimed.error().message}});
        continue;
      }
      if (!*claimed) continue;
      auto swept = impl_->sweep(domain, now);
      if (!swept.ok()) {
        // The fire is given back, so the trigger stays due; this worker tries again in half a minute.
        impl_->log.warn("sweep failed", {{"domain", domain.name}, {"error", swept.error().message}});
        unclaim_fire(impl_->store, "schedule", name, now, **claimed);
        impl_->retry_at[name] = now + kRetryFailedFireMs;
        continue;
      }
      impl_->retry_at.erase(name);
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
