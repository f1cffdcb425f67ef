// The worker threads: claim, run, heartbeat, drain on stop; and the realtime API's wait for one item.
#include <unistd.h>

#include <algorithm>
#include <limits>

#include "engine_impl.hpp"

namespace syncloom::core {


SyncEngine::Impl::Impl(const EventRouter& r, store::Store& s, Systems sys, Logger& l, Metrics& m, EngineOptions o)
    : router(r), store(s), systems(std::move(sys)), log(l), metrics(m), options(std::move(o)), refs(s),
      random(options.seed ? options.seed : std::random_device{}()) {
  for (const auto& [name, connector] : systems) breakers.emplace(name, std::make_unique<CircuitBreaker>(options.circuit));
  // One group per target system, in the order the mapping's domains (then workflows) first write to it.
  auto assign = [&](const std::string& domain, const std::string& target) {
    auto it = std::find(group_system.begin(), group_system.end(), target);
    if (it == group_system.end()) {
      group_system.push_back(target);
      group_domains.emplace_back();
      it = group_system.end() - 1;
    }
    group_domains[static_cast<size_t>(it - group_system.begin())].push_back(domain);
  };
  for (const DomainPlan& d : router.plan().domains)
    if (!d.flows.empty()) assign(d.name, split_record(d.flows.front().info.target).system);
  for (const WorkflowPlan& w : router.plan().workflows) {
    std::string target;
    for (const StepPlan& step : w.steps)
      if (target.empty() && !step.flows.empty()) target = split_record(step.flows.front().info.target).system;
    if (target.empty()) target = group_system.empty() ? "" : group_system.front();  // checks and awaits only
    assign(std::string(kWorkflowPrefix) + w.name, target);
  }
  if (group_system.empty()) {
    group_system.push_back("");
    group_domains.emplace_back();
  }
  group_domains.front().emplace_back(kMalformedDomain);  // verified deliveries that are not records: dead-lettered
}

CircuitBreaker* SyncEngine::Impl::breaker(std::string_view system) {
  auto it = breakers.find(system);
  return it == breakers.end() ? nullptr : it->second.get();
}

uint64_t SyncEngine::Impl::next_random() {
  std::lock_guard lock(mutex);
  return random();
}

void SyncEngine::Impl::pause(const std::string& system, std::chrono::milliseconds wait) {
  std::lock_guard lock(mutex);
  auto until = CircuitBreaker::Clock::now() + wait;
  auto& at = paused_until[system];
  if (until > at) at = until;
}

std::vector<std::string> SyncEngine::Impl::claimable_domains(size_t group) {
  auto now = CircuitBreaker::Clock::now();
  const std::string& system = group_system[group];
  CircuitBreaker* b = breaker(system);
  bool blocked = b && b->state(now) == CircuitState::kOpen;
  {
    std::lock_guard lock(mutex);
    auto it = paused_until.find(system);
    blocked |= it != paused_until.end() && it->second > now;
  }
  if (!blocked) return group_domains[group];
  std::vector<std::string> domains;
  for (const std::string& d : group_domains[group])
    if (d == kMalformedDomain) domains.push_back(d);
  return domains;
}

void SyncEngine::Impl::worker_loop(size_t group, unsigned index) {
  char host[256] = "host";
  gethostname(host, sizeof host - 1);
  const std::string owner = options.owner + ":" + host + ":" + std::to_string(getpid()) + ":" + group_system[group] +
                            ":" + std::to_string(index);
  while (running.load()) {
    uint64_t seen;
    {
      std::lock_guard lock(mutex);
      seen = wake_generation;
    }
    auto domains = claimable_domains(group);
    if (domains.empty()) domains.push_back("!none");  // an empty list would mean every domain
    auto claimed = store.claim({.owner = owner, .lease_ms = options.lease.count(), .limit = 1, .domains = domains});
    if (!claimed.ok()) {
      log.error("claim failed", {{"error", claimed.error().message}});
    } else if (!claimed->empty()) {
      const store::WorkItem& item = claimed->front();
      {
        std::lock_guard lock(mutex);
        in_flight[item.id] = item.generation;
      }
      run_item(item);
      {
        std::lock_guard lock(mutex);
        in_flight.erase(item.id);
      }
      continue;
    }
    std::unique_lock lock(mutex);
    wakeup.wait_for(lock, options.idle_poll, [&] { return !running.load() || wake_generation != seen; });
  }
}

void SyncEngine::Impl::heartbeat_loop() {
  const auto period = std::max(options.lease / 3, std::chrono::milliseconds(50));
  std::unique_lock lock(mutex);
  auto next = std::chrono::steady_clock::now() + period;
  while (running.load() || !in_flight.empty()) {
    // `wakeup` also rings on every wake() (each webhook batch): only the period or the end moves this
    // loop on, or every delivery would cost a heartbeat write per running item.
    if (wakeup.wait_until(lock, next, [&] { return !running.load() && in_flight.empty(); })) break;
    next = std::chrono::steady_clock::now() + period;
    std::map<std::int64_t, std::int64_t> items = in_flight;
    lock.unlock();
    for (const auto& [id, generation] : items) {
      auto beat = store.heartbeat(id, generation, options.lease.count());
      if (!beat.ok() || *beat != store::Transition::kLost) continue;
      std::lock_guard still(mutex);  // finished meanwhile (released or completed): not a lost lease
      auto it = in_flight.find(id);
      if (it != in_flight.end() && it->second == generation)
        log.warn("lease lost while running", {Field::number("work_id", id)});
    }
    lock.lock();
    if (!running.load() && in_flight.empty()) break;
  }
}

void SyncEngine::Impl::finished(const store::WorkItem& item, ItemOutcome outcome) {
  outcome.work_id = item.id;
  std::vector<std::function<void(const ItemOutcome&)>> callbacks;
  {
    std::lock_guard lock(mutex);
    auto [first, last] = waiters.equal_range(item.id);
    for (auto it = first; it != last; ++it) callbacks.push_back(std::move(it->second));
    waiters.erase(first, last);
  }
  for (auto& done : callbacks) done(outcome);
}

SyncEngine::SyncEngine(const EventRouter& router, store::Store& store, Systems systems, Logger& log, Metrics& metrics,
                       EngineOptions options)
    : impl_(std::make_unique<Impl>(router, store, std::move(systems), log, metrics, std::move(options))) {}

SyncEngine::~SyncEngine() { stop(std::chrono::milliseconds(0)); }

void SyncEngine::start() {
  if (impl_->running.exchange(true)) return;
  for (size_t g = 0; g < impl_->group_system.size(); ++g) {
    auto it = impl_->systems.find(impl_->group_system[g]);
    unsigned budget = it == impl_->systems.end() ? 1 : it->second->config().budget.concurrency;
    unsigned n = std::max(1u, std::min(budget, impl_->options.workers));
    for (unsigned i = 0; i < n; ++i) impl_->threads.emplace_back([this, g, i] { impl_->worker_loop(g, i); });
  }
  impl_->heartbeat_thread = std::thread([this] { impl_->heartbeat_loop(); });
}

void SyncEngine::stop(std::chrono::milliseconds deadline) {
  impl_->running.store(false);
  wake();
  // Workers finish the item in hand (a write already sent is best completed, not abandoned); `deadline`
  // bounds the wait for the connectors' own timeouts only through them, so it is advisory here.
  (void)deadline;
  for (auto& t : impl_->threads)
    if (t.joinable()) t.join();
  impl_->threads.clear();
  {
    std::lock_guard lock(impl_->mutex);
    impl_->wakeup.notify_all();
  }
  if (impl_->heartbeat_thread.joinable()) impl_->heartbeat_thread.join();
}

void SyncEngine::wake() {
  std::lock_guard lock(impl_->mutex);
  ++impl_->wake_generation;
  impl_->wakeup.notify_all();
}

void SyncEngine::when_finished(std::int64_t work_id, std::function<void(const ItemOutcome&)> done) {
  {
    std::lock_guard lock(impl_->mutex);
    impl_->waiters.emplace(work_id, done);
  }
  // It may have finished before the waiter was registered: look, and answer now if so.
  auto item = impl_->store.work_item(work_id);
  if (!item.ok()) return;
  if (item->state != store::WorkState::kDone && item->state != store::WorkState::kDead) return;
  ItemOutcome outcome;
  outcome.state = store::work_state_name(item->state);
  outcome.outcome = item->outcome;
  outcome.error = item->last_error;
  if (item->state == store::WorkState::kDead) {
    // Answer as a live item would: the dead letter's reason ("permanent"), not the state's name again.
    auto letters = impl_->store.dead_letters(
        {.domain = item->domain, .include_closed = true, .limit = std::numeric_limits<int>::max()});
    if (letters.ok())
      for (const store::DeadLetter& letter : *letters)
        if (letter.work_id == item->id) outcome.outcome = letter.reason, outcome.error = letter.error;
  } else if (auto x = impl_->store.xref(item->domain, item->key); x.ok() && *x) {
    outcome.target_id = (*x)->target_id;  // a dead item wrote nothing: an earlier item's document is not its answer
  }
  impl_->finished(*item, outcome);
}

std::vector<ConnectorHealth> SyncEngine::health() const {
  std::vector<ConnectorHealth> out;
  auto now = CircuitBreaker::Clock::now();
  for (const auto& [name, connector] : impl_->systems) {
    ConnectorHealth h;
    h.system = name;
    h.kind = connector->config().kind;
    h.stats = connector->stats();
    h.budget_concurrency = connector->config().budget.concurrency;
    if (auto* b = impl_->breaker(name)) {
      h.circuit = b->state(now);
      h.circuit_opened = b->times_opened();
    }
    out.push_back(std::move(h));
  }
  return out;
}

unsigned SyncEngine::busy() const {
  std::lock_guard lock(impl_->mutex);
  return static_cast<unsigned>(impl_->in_flight.size());
}

}  // namespace syncloom::core
