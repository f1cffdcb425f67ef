// The service's reconcile passes (reconcile_schedule.hpp): the mapping's schedules and the admin API's
// requests, run one at a time on the reconcile thread, each recorded in the store and in metrics.
#include "syncloom/core/reconcile_schedule.hpp"

#include <ctime>
#include <map>
#include <mutex>
#include <vector>

#include "periodic_loop.hpp"
#include "schedule_fire.hpp"
#include "syncloom/wire/value.hpp"

namespace syncloom::core {
namespace {

constexpr const char* kFireCursor = "schedule";     // (kFireCursor, "DOMAIN#reconcile#N"): the last fire
constexpr const char* kPassCursor = "reconcile";    // (kPassCursor, DOMAIN): the last pass's record

std::string utc_text(store::TimeMs ms) {
  std::time_t s = static_cast<std::time_t>(ms / 1000);
  std::tm tm{};
  gmtime_r(&s, &tm);
  char out[32];
  std::strftime(out, sizeof out, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return out;
}

std::string fire_name(const std::string& domain, size_t index) {
  return domain + "#reconcile#" + std::to_string(index);
}

struct Pending {
  bool repair = false;
  std::vector<ReconcileScheduler::Done> done;
};

}  // namespace

struct ReconcileScheduler::Impl {
  const EventRouter& router;
  store::Store& store;
  Systems systems;
  Logger& log;
  Metrics& metrics;
  ReconcileScheduleOptions options;
  PeriodicLoop loop{};

  mutable std::mutex mutex;                  // guards the three below
  std::map<std::string, Pending> queued{};   // by domain, in name order (requests are rare)
  std::string running{};                     // the domain being reconciled, "" when idle
  bool stopped = false;
  std::map<std::string, store::TimeMs> retry_at{};  // reconcile thread only

  store::TimeMs now() const { return options.clock ? options.clock() : store::system_clock_ms(); }
  std::string run_pass(const std::string& domain, const std::optional<std::vector<std::string>>& fields, bool repair,
                       const std::string& trigger, bool* failed);
  void count(const std::string& domain, const ReconcileReport* report, const std::string& result, double seconds);
};

ReconcileScheduler::ReconcileScheduler(const EventRouter& router, store::Store& store, Systems systems, Logger& log,
                                       Metrics& metrics, ReconcileScheduleOptions options)
    : impl_(new Impl{router, store, std::move(systems), log, metrics, std::move(options), {}, {}, {}, {}, false, {}}) {}

ReconcileScheduler::~ReconcileScheduler() { stop(); }

void ReconcileScheduler::Impl::count(const std::string& domain, const ReconcileReport* report, const std::string& result,
                                     double seconds) {
  metrics.counter("syncloom_reconcile_runs_total", "Reconcile passes run, by result (clean, drift, failed)",
                  {{"domain", domain}, {"result", result}}).add();
  metrics.gauge("syncloom_reconcile_seconds", "How long the last reconcile pass took", {{"domain", domain}}).set(seconds);
  if (!report) return;
  metrics.gauge("syncloom_reconcile_last_success_timestamp_seconds", "When the last reconcile pass that ran to its end finished",
                {{"domain", domain}}).set(static_cast<double>(now()) / 1000.0);
  metrics.gauge("syncloom_reconcile_api_seconds", "Time the last reconcile pass spent inside the systems' APIs",
                {{"domain", domain}}).set(report->api_seconds);
  metrics.gauge("syncloom_reconcile_records", "Records of the owner the last reconcile pass listed", {{"domain", domain}})
      .set(static_cast<double>(report->owner_records));
  auto drift = [&](const char* kind, std::int64_t n) {
    metrics.gauge("syncloom_reconcile_drift_records", "Records the last reconcile pass found drifted, by kind",
                  {{"domain", domain}, {"kind", kind}}).set(static_cast<double>(n));
  };
  drift("changed", report->drifted);
  drift("missing_in_target", report->missing_in_target);
  drift("missing_in_owner", report->missing_in_owner);
  for (const auto& [field, n] : report->by_field)
    metrics.counter("syncloom_reconcile_drift_fields_total", "Drifted fields found by reconcile passes",
                    {{"domain", domain}, {"field", field}}).add(static_cast<uint64_t>(n));
  metrics.counter("syncloom_reconcile_repairs_total", "Repairs reconcile passes queued", {{"domain", domain}})
      .add(static_cast<uint64_t>(report->repairs_queued));
}

std::string ReconcileScheduler::Impl::run_pass(const std::string& domain,
                                               const std::optional<std::vector<std::string>>& fields, bool repair,
                                               const std::string& trigger, bool* failed) {
  const store::TimeMs started = now();
  const auto t0 = std::chrono::steady_clock::now();
  log.info("reconcile started", {{"domain", domain}, {"trigger", trigger}, Field::boolean("repair", repair)});
  Reconciler reconciler(router, store, systems);
  auto result = reconciler.run({.domain = domain, .repair = repair, .page_size = options.page_size, .fields = fields});
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  const store::TimeMs finished = now();

  wire::Value pass = wire::Value::object();
  pass.set("domain", wire::Value::string(domain));
  pass.set("trigger", wire::Value::string(trigger));
  pass.set("repair", wire::Value::boolean(repair));
  pass.set("started_at", wire::Value::string(utc_text(started)));
  pass.set("finished_at", wire::Value::string(utc_text(finished)));
  if (auto* error = std::get_if<ReconcileError>(&result)) {
    *failed = true;
    pass.set("result", wire::Value::string("failed"));
    pass.set("error", wire::Value::string(error->message));
    pass.set("report", wire::Value());
    count(domain, nullptr, "failed", seconds);
    log.warn("reconcile failed", {{"domain", domain}, {"trigger", trigger}, {"error", error->message}});
  } else {
    *failed = false;
    const ReconcileReport& report = std::get<ReconcileReport>(result);
    const char* verdict = report.drift_total() ? "drift" : "clean";
    pass.set("result", wire::Value::string(verdict));
    auto parsed = wire::parse(reconcile_report_json(report));
    pass.set("report", parsed.value ? std::move(*parsed.value) : wire::Value());
    count(domain, &report, verdict, seconds);
    log.info("reconciled", {{"domain", domain}, {"trigger", trigger}, {"result", verdict},
                            Field::number("records", report.owner_records), Field::number("drift", report.drift_total()),
                            Field::number("repairs_queued", report.repairs_queued),
                            {"money_difference", report.money_difference}});
    if (report.repairs_queued && options.wake) options.wake();
  }
  std::string json = wire::dump(pass);
  auto saved = store.set_cursor(kPassCursor, domain, json);
  if (!saved.ok()) log.error("cannot record the reconcile pass", {{"domain", domain}, {"error", saved.error().message}});
  return json;
}

size_t ReconcileScheduler::run_due() {
  size_t ran = 0;
  for (const DomainPlan& domain : impl_->router.plan().domains) {
    for (size_t i = 0; i < domain.reconciles.size(); ++i) {
      const Reconcile& clause = domain.reconciles[i];
      const std::string name = fire_name(domain.name, i);
      const store::TimeMs now = impl_->now();
      if (auto r = impl_->retry_at.find(name); r != impl_->retry_at.end() && r->second > now) continue;
      auto claimed = claim_due_fire(impl_->store, kFireCursor, name, clause.schedule, now);
      if (!claimed.ok()) {
        impl_->log.error("cannot claim the reconcile", {{"domain", domain.name}, {"error", claimed.error().message}});
        continue;
      }
      if (!*claimed) continue;
      {
        std::lock_guard lock(impl_->mutex);
        impl_->running = domain.name;
      }
      bool failed = false;
      impl_->run_pass(domain.name, clause.fields, impl_->options.repair, "schedule", &failed);
      {
        std::lock_guard lock(impl_->mutex);
        impl_->running.clear();
      }
      if (failed) {
        // A system was down: the fire is given back and tried again in half a minute, not in an hour.
        unclaim_fire(impl_->store, kFireCursor, name, now, **claimed);
        impl_->retry_at[name] = now + kRetryFailedFireMs;
      } else {
        impl_->retry_at.erase(name);
      }
      ++ran;
    }
  }
  return ran;
}

ReconcileRequest ReconcileScheduler::request(const std::string& domain, bool repair, Done done) {
  const DomainPlan* plan = impl_->router.plan().domain(domain);
  bool has_flow = false;
  if (plan)
    for (const PlanFlow& f : plan->flows) has_flow |= reads_system(f, plan->owner);
  if (!has_flow) return ReconcileRequest::kUnknownDomain;
  ReconcileRequest answer = ReconcileRequest::kQueued;
  {
    std::lock_guard lock(impl_->mutex);
    auto [it, fresh] = impl_->queued.try_emplace(domain);
    if (!fresh) answer = ReconcileRequest::kAlreadyQueued;
    it->second.repair |= repair;  // a joined request that repairs makes the pass repair
    if (done) it->second.done.push_back(std::move(done));
  }
  impl_->loop.wake();
  return answer;
}

size_t ReconcileScheduler::run_requests() {
  size_t ran = 0;
  for (;;) {
    std::string domain;
    Pending pending;
    {
      std::lock_guard lock(impl_->mutex);
      if (impl_->queued.empty() || impl_->stopped) return ran;
      auto it = impl_->queued.begin();
      domain = it->first;
      pending = std::move(it->second);
      impl_->queued.erase(it);
      impl_->running = domain;
    }
    bool failed = false;
    std::string json = impl_->run_pass(domain, std::nullopt, pending.repair, "admin", &failed);
    {
      std::lock_guard lock(impl_->mutex);
      impl_->running.clear();
    }
    for (Done& done : pending.done) done(json);
    ++ran;
  }
}

void ReconcileScheduler::start() {
  impl_->loop.start(std::chrono::milliseconds(1000), [this] {
    run_requests();
    if (impl_->options.scheduled) run_due();
  });
}

void ReconcileScheduler::stop() {
  {
    std::lock_guard lock(impl_->mutex);
    impl_->stopped = true;
  }
  impl_->loop.stop();
  // Requests that never ran are answered, so no admin request waits for ever.
  std::map<std::string, Pending> left;
  {
    std::lock_guard lock(impl_->mutex);
    left.swap(impl_->queued);
  }
  for (auto& [domain, pending] : left)
    for (Done& done : pending.done)
      done(R"({"domain":)" + wire::dump(wire::Value::string(domain)) +
           R"(,"result":"not_run","error":"the service stopped before the pass ran"})");
}

std::string ReconcileScheduler::status_json(const std::string& domain) const {
  wire::Value out = wire::Value::object();
  out.set("domain", wire::Value::string(domain));
  {
    std::lock_guard lock(impl_->mutex);
    out.set("running", wire::Value::boolean(impl_->running == domain));
    out.set("queued", wire::Value::boolean(impl_->queued.contains(domain)));
  }
  wire::Value schedules = wire::Value::array();
  if (const DomainPlan* plan = impl_->router.plan().domain(domain)) {
    for (size_t i = 0; i < plan->reconciles.size(); ++i) {
      const Reconcile& clause = plan->reconciles[i];
      wire::Value s = wire::Value::object();
      s.set("schedule", wire::Value::string(clause.schedule.text));
      wire::Value fields = wire::Value::array();
      for (const std::string& f : clause.fields) fields.push_back(wire::Value::string(f));
      s.set("fields", std::move(fields));
      auto last = impl_->store.cursor(kFireCursor, fire_name(domain, i));
      if (last.ok()) {
        const store::TimeMs due = schedule_due(clause.schedule, *last, impl_->now());
        s.set("next_fire", due == INT64_MAX ? wire::Value() : wire::Value::string(utc_text(due)));
      }
      schedules.push_back(std::move(s));
    }
  }
  out.set("schedules", std::move(schedules));
  out.set("scheduled_repair", wire::Value::boolean(impl_->options.repair));
  auto last = impl_->store.cursor(kPassCursor, domain);
  wire::Value last_pass;
  if (last.ok() && *last)
    if (auto parsed = wire::parse(**last); parsed.value) last_pass = std::move(*parsed.value);
  out.set("last", std::move(last_pass));
  return wire::dump(out);
}

}  // namespace syncloom::core
