// The sync plan's lookups and pure policy functions: listeners of a topic, retry waits, cron instants.
#include "syncloom/sync_plan.hpp"

#include "syncloom/frontend/cron.hpp"

namespace syncloom {

const char* write_mode_name(WriteMode mode) {
  switch (mode) {
    case WriteMode::kUpsert: return "upsert";
    case WriteMode::kUpdateOnly: return "update_only";
    case WriteMode::kCreateOnly: return "create_only";
  }
  return "?";
}

const char* trigger_kind_name(Trigger::Kind kind) {
  switch (kind) {
    case Trigger::Kind::kRealtime: return "realtime";
    case Trigger::Kind::kEvent: return "event";
    case Trigger::Kind::kBatch: return "batch";
  }
  return "?";
}

const char* conflict_kind_name(ConflictPolicy::Kind kind) {
  switch (kind) {
    case ConflictPolicy::Kind::kOwnerWins: return "owner_wins";
    case ConflictPolicy::Kind::kNewestWins: return "newest_wins";
    case ConflictPolicy::Kind::kDeltaMerge: return "delta_merge";
  }
  return "?";
}

std::string topic_record(std::string_view system, std::string_view topic) {
  return std::string(system) + "." + std::string(topic.substr(0, topic.find('.')));
}

RetryWindow retry_window(const RetryPolicy& policy, int64_t retry) {
  RetryWindow w{policy.backoff_min_ms, policy.backoff_min_ms};
  if (policy.backoff_max_ms <= w.min_ms) return w;
  // min * 2^retry, doubled step by step so that no retry count overflows.
  int64_t ceiling = w.min_ms;
  for (int64_t k = 0; k < std::max<int64_t>(retry, 1) && ceiling < policy.backoff_max_ms; ++k)
    ceiling = ceiling > policy.backoff_max_ms / 2 ? policy.backoff_max_ms : std::max<int64_t>(ceiling * 2, 1);
  w.max_ms = std::min(ceiling, policy.backoff_max_ms);
  return w;
}

int64_t retry_delay_ms(const RetryPolicy& policy, int64_t retry, uint64_t random) {
  RetryWindow w = retry_window(policy, retry);
  uint64_t span = uint64_t(w.max_ms - w.min_ms) + 1;  // at most 7 days of milliseconds: the modulo's bias is nil
  return w.min_ms + int64_t(random % span);
}

std::vector<Listener> SyncPlan::listeners(std::string_view system, std::string_view topic) const {
  std::vector<Listener> out;
  auto listens = [&](const std::string& s, const std::vector<std::string>& topics) {
    if (s != system) return false;
    for (const auto& t : topics)
      if (t == topic) return true;
    return false;
  };
  const std::string record = topic_record(system, topic);
  for (size_t d = 0; d < domains.size(); ++d)
    for (size_t t = 0; t < domains[d].triggers.size(); ++t) {
      const Trigger& trigger = domains[d].triggers[t];
      if (trigger.kind == Trigger::Kind::kBatch || !listens(trigger.system, trigger.topics)) continue;
      Listener l;
      l.domain = d;
      l.trigger = t;
      // A topic's events run the domain's flows of the record it carries, and only those (docs/language.md).
      for (size_t f = 0; f < domains[d].flows.size(); ++f)
        if (domains[d].flows[f].info.source == record) l.flows.push_back(f);
      out.push_back(std::move(l));
    }
  for (size_t w = 0; w < workflows.size(); ++w) {
    if (listens(workflows[w].start.system, workflows[w].start.topics)) {
      Listener l;
      l.kind = Listener::Kind::kWorkflowStart;
      l.workflow = w;
      out.push_back(std::move(l));
    }
    for (size_t s = 0; s < workflows[w].steps.size(); ++s)
      for (size_t a = 0; a < workflows[w].steps[s].awaits.size(); ++a)
        if (listens(workflows[w].steps[s].awaits[a].event.system, workflows[w].steps[s].awaits[a].event.topics)) {
          Listener l;
          l.kind = Listener::Kind::kAwait;
          l.workflow = w;
          l.step = s;
          l.await = a;
          out.push_back(std::move(l));
        }
  }
  return out;
}

const DomainPlan* SyncPlan::domain(std::string_view name) const {
  for (const auto& d : domains)
    if (d.name == name) return &d;
  return nullptr;
}

const WorkflowPlan* SyncPlan::workflow(std::string_view name) const {
  for (const auto& w : workflows)
    if (w.name == name) return &w;
  return nullptr;
}

std::optional<int64_t> next_cron_fire(std::string_view cron, int64_t after_unix_seconds, std::string* error) {
  std::string why;
  std::optional<frontend::CronSpec> spec = frontend::parse_cron(cron, why);
  if (!spec) {
    if (error) *error = "invalid cron expression `" + std::string(cron) + "`: " + why;
    return std::nullopt;
  }
  if (auto never = frontend::never_fires(*spec)) {
    if (error) *error = "cron schedule `" + std::string(cron) + "` never fires: " + *never;
    return std::nullopt;
  }
  std::optional<int64_t> next = frontend::next_fire(*spec, after_unix_seconds);
  if (!next && error) *error = "cron schedule `" + std::string(cron) + "` does not fire between that instant and the year 9999";
  return next;
}

}  // namespace syncloom
