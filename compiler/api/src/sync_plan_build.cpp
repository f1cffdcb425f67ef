// The sync plan from the checked AST (owners, triggers, policies, steps) and the lowered IR (per flow: write
// mode, target key, identity parts, filter), so that the plan says what the compiled pipelines actually do.
#include "sync_plan_build.hpp"

#include <map>
#include <set>

namespace syncloom::detail {
namespace {

namespace fe = frontend;

/// A duration in the language's shortest exact form: 300000 is "5m", 1500 "1500ms".
std::string duration_text(int64_t ms) {
  static constexpr std::pair<int64_t, const char*> kUnits[] = {{86'400'000, "d"}, {3'600'000, "h"}, {60'000, "m"}, {1'000, "s"}};
  for (auto [size, unit] : kUnits)
    if (ms != 0 && ms % size == 0) return std::to_string(ms / size) + unit;
  return std::to_string(ms) + "ms";
}

class Builder {
 public:
  Builder(const fe::Program& program, const diag::SourceManager& sources, const ir::Module& module)
      : program_(program), sources_(sources), module_(module) {}

  SyncPlan run() {
    const fe::Module& root = *program_.modules.front();
    SyncPlan plan;
    plan.mapping = root.name.text;
    plan.version = root.version;
    for (const auto& d : root.domains) plan.domains.push_back(domain(d));
    for (size_t i = 0; i < root.workflows.size(); ++i) plan.workflows.push_back(workflow(root.workflows[i], module_.workflows.at(i)));
    plan.systems = systems(plan);
    return plan;
  }

 private:
  /// The source text of a node, on one line: runs of white space and comments become one space.
  std::string text(const fe::Span& span) const {
    std::string_view file = sources_.text(span.file);
    if (span.end > file.size() || span.begin > span.end) return "";
    std::string_view raw = file.substr(span.begin, span.end - span.begin);
    std::string out;
    char quote = 0;
    bool space = false;
    for (size_t i = 0; i < raw.size(); ++i) {
      char c = raw[i];
      if (quote) {
        out += c;
        if (c == '\\' && i + 1 < raw.size()) out += raw[++i];
        else if (c == quote) quote = 0;
        continue;
      }
      if (c == '#') {
        while (i + 1 < raw.size() && raw[i + 1] != '\n') ++i;
        space = true;
        continue;
      }
      if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
        space = true;
        continue;
      }
      if (space && !out.empty()) out += ' ';
      space = false;
      if (c == '"' || c == '\'') quote = c;
      out += c;
    }
    return out;
  }

  /// The `system.record` node an expression reads (`woo.order` in `lower(woo.order.number)`), or null.
  static const fe::Expr* record_node(const fe::Expr* e) {
    if (e == nullptr) return nullptr;
    if (e->kind == fe::ExprKind::kMember && e->operands[0] && e->operands[0]->kind == fe::ExprKind::kName &&
        e->operands[0]->ref == fe::NameRef::kSystem)
      return e;
    for (const auto& op : e->operands)
      if (const fe::Expr* r = record_node(op.get())) return r;
    return nullptr;
  }

  static std::string record_name(const fe::Expr* record) {
    return record ? record->operands[0]->text + "." + record->text : std::string();
  }

  /// The field path of `e` within `record` when `e` is a chain of members down to it ("billing.email"), else "".
  static std::string field_path(const fe::Expr* e, const fe::Expr* record) {
    std::string path;
    while (e && e != record && e->kind == fe::ExprKind::kMember) {
      path = path.empty() ? e->text : e->text + "." + path;
      e = e->operands[0].get();
    }
    return e == record && record ? path : std::string();
  }

  KeySide key_side(const fe::Expr* e) const {
    KeySide side;
    const fe::Expr* record = record_node(e);
    if (record) side.system = record->operands[0]->text;
    side.record = record_name(record);
    // A plain field: `erp.salesOrder.reference`, the record's own member (what the target is searched by).
    if (record && e->kind == fe::ExprKind::kMember && e->operands[0].get() == record) side.field = e->text;
    side.text = text(e->span);
    return side;
  }

  static Schedule schedule(const fe::Schedule& s) {
    Schedule out;
    if (s.kind == fe::Schedule::Kind::kCron) {
      out.kind = Schedule::Kind::kCron;
      out.cron = s.cron;
      out.text = s.cron;
    } else {
      out.every_ms = s.every.millis;
      out.text = s.every.text;
    }
    return out;
  }

  /// The policy a `retry` statement writes over `fallback` (the default, or a step's workflow's policy):
  /// `retry N` alone keeps the fallback's backoff.
  static RetryPolicy retry(const std::optional<fe::RetryDecl>& decl, const RetryPolicy& fallback) {
    if (!decl) return fallback;
    RetryPolicy out = fallback;
    out.declared = true;
    out.attempts = decl->attempts;
    if (decl->backoff_min && decl->backoff_max) {
      out.backoff_declared = true;
      out.backoff_min_ms = decl->backoff_min->millis;
      out.backoff_max_ms = decl->backoff_max->millis;
    }
    out.text = policy_text(out);
    return out;
  }

  static RetryPolicy default_retry() {
    RetryPolicy out;
    out.text = policy_text(out);
    return out;
  }

  static std::string policy_text(const RetryPolicy& r) {
    return "retry " + std::to_string(r.attempts) + " backoff " + duration_text(r.backoff_min_ms) + ".." +
           duration_text(r.backoff_max_ms) + " then dead_letter";
  }

  /// The next flow of the lowered module; the AST and the IR list flows in the same order.
  PlanFlow next_flow() {
    const ir::Flow& f = module_.flows.at(next_flow_);
    PlanFlow out;
    out.info = {f.domain, f.source, f.target};
    out.index = next_flow_++;
    out.write = f.write == ir::WriteMode::kUpdateOnly   ? WriteMode::kUpdateOnly
                : f.write == ir::WriteMode::kCreateOnly ? WriteMode::kCreateOnly
                                                        : WriteMode::kUpsert;
    out.target_key = f.target_key;
    out.has_key = f.key != nullptr;
    out.idempotency_parts = f.idempotency.size();
    out.has_filter = f.when != nullptr;
    out.reads_start = f.reads_start;
    return out;
  }

  ConflictPolicy conflict(const std::optional<fe::ConflictDecl>& decl) const {
    ConflictPolicy out;
    if (!decl) return out;
    out.declared = true;
    const std::string& policy = decl->policy.text;
    if (policy == "newest_wins") {
      out.kind = ConflictPolicy::Kind::kNewestWins;
      const fe::Expr* record = record_node(decl->by.get());
      out.by_text = decl->by ? text(decl->by->span) : "";
      out.by_record = record_name(record);
      out.by_path = field_path(decl->by.get(), record);
    } else if (policy == "delta_merge") {
      out.kind = ConflictPolicy::Kind::kDeltaMerge;
      for (const auto& f : decl->on) out.fields.push_back(f.text);
    }
    return out;
  }

  DomainPlan domain(const fe::DomainDecl& d) {
    DomainPlan out;
    out.name = d.name.text;
    if (d.owner) out.owner = d.owner->text;
    if (d.key) {
      KeySide left = key_side(d.key->left.get()), right = key_side(d.key->right.get());
      if (right.system == out.owner && left.system != out.owner) std::swap(left, right);
      out.key = DomainKey{std::move(left), std::move(right)};
    }
    for (const auto& f : d.field_owners)
      out.field_owners.push_back({f.system.text + "." + f.record.text, f.field.text, f.owner.text});
    for (size_t i = 0; i < d.flows.size(); ++i) out.flows.push_back(next_flow());
    for (size_t s = 0; s < d.syncs.size(); ++s) {
      const fe::SyncDecl& sync = d.syncs[s];
      for (const auto& c : sync.clauses) {
        Trigger t;
        t.kind = c.kind == fe::SyncClause::Kind::kRealtime ? Trigger::Kind::kRealtime
                 : c.kind == fe::SyncClause::Kind::kEvent  ? Trigger::Kind::kEvent
                                                           : Trigger::Kind::kBatch;
        if (t.kind == Trigger::Kind::kBatch) t.schedule = schedule(c.schedule);
        else t.system = c.system.text;
        for (const auto& topic : c.topics) t.topics.push_back(topic.text);
        t.statement = s;
        t.has_filter = sync.when != nullptr;
        if (sync.when) {
          t.filter_text = text(sync.when->span);
          t.filter_record = sync.record;
        }
        out.triggers.push_back(std::move(t));
      }
    }
    for (const auto& part : d.idempotency) out.idempotency.push_back(text(part->span));
    out.retry = retry(d.retry, default_retry());
    out.conflict = conflict(d.conflict);
    for (const auto& r : d.reconciles) {
      Reconcile rec{schedule(r.schedule), {}};
      for (const auto& f : r.on) rec.fields.push_back(f.text);
      out.reconciles.push_back(std::move(rec));
    }
    out.checks = d.checks.size();
    return out;
  }

  EventMatch event(const fe::Ident& system, const std::vector<fe::Ident>& topics, const fe::ExprPtr& when) const {
    EventMatch out;
    out.system = system.text;
    for (const auto& t : topics) out.topics.push_back(t.text);
    if (!out.topics.empty()) out.record = topic_record(out.system, out.topics.front());
    out.has_filter = when != nullptr;
    if (when) out.filter_text = text(when->span);
    return out;
  }

  WorkflowPlan workflow(const fe::WorkflowDecl& w, const ir::WorkflowCode& code) {
    WorkflowPlan out;
    out.name = w.name.text;
    if (w.start_system) out.start = event(*w.start_system, w.start_topics, w.start_when);
    if (const fe::Expr* key = w.instance_key()) {
      out.key.declared = w.key != nullptr;
      out.key.text = w.key ? text(key->span) : key->text;
      if (key->type) out.key.type = key->type->to_string();
    }
    out.retry = retry(w.retry, default_retry());
    for (size_t si = 0; si < w.steps.size(); ++si) {
      const fe::StepDecl& s = w.steps[si];
      StepPlan step;
      step.name = s.name.text;
      for (size_t ai = 0; ai < s.awaits.size(); ++ai) {
        const fe::AwaitStmt& a = s.awaits[ai];
        Await await{event(a.system, a.topics, a.when), std::nullopt, a.by ? text(a.by->span) : ""};
        if (a.timeout) await.timeout_ms = a.timeout->millis;
        int32_t filter = si < code.steps.size() && ai < code.steps[si].await_filters.size() ? code.steps[si].await_filters[ai] : -1;
        await.event.filter_reads_start = filter >= 0 && module_.flows.at(size_t(filter)).reads_start;
        step.awaits.push_back(std::move(await));
      }
      for (size_t i = 0; i < s.flows.size(); ++i) step.flows.push_back(next_flow());
      for (const auto& c : s.checks) step.checks.push_back({text(c.condition->span), c.message});
      step.retry = retry(s.retry, out.retry);
      out.steps.push_back(std::move(step));
    }
    return out;
  }

  /// The declared systems with the topics the plan listens to on each (what Mapping::systems() promises).
  std::vector<MappedSystem> systems(const SyncPlan& plan) const {
    std::map<std::string, std::set<std::string>> topics;
    auto add = [&](const std::string& system, const std::vector<std::string>& names) { topics[system].insert(names.begin(), names.end()); };
    for (const auto& d : plan.domains)
      for (const auto& t : d.triggers)
        if (t.kind != Trigger::Kind::kBatch) add(t.system, t.topics);
    for (const auto& w : plan.workflows) {
      add(w.start.system, w.start.topics);
      for (const auto& s : w.steps)
        for (const auto& a : s.awaits) add(a.event.system, a.event.topics);
    }
    std::vector<MappedSystem> out;
    for (const auto& [name, system] : program_.systems) {
      const auto& names = topics[name];
      out.push_back({name, system.decl ? system.decl->kind.text : std::string(), {names.begin(), names.end()}});
    }
    return out;
  }

  const fe::Program& program_;
  const diag::SourceManager& sources_;
  const ir::Module& module_;
  size_t next_flow_ = 0;
};

}  // namespace

SyncPlan build_sync_plan(const frontend::Program& program, const diag::SourceManager& sources, const ir::Module& module) {
  return Builder(program, sources, module).run();
}

}  // namespace syncloom::detail
