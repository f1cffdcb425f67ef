// Workflows: a start trigger and named steps (await an event, run flows, check), each a checkpoint.
#include <set>

#include "types.hpp"

namespace syncloom::frontend::detail {

std::string Sema::trigger_record(const Ident& system, const std::vector<Ident>& topics, std::string_view what) {
  // One trigger, one record: its filter reads that record, and so do the steps that follow it.
  std::string record;
  const Ident* first = nullptr;
  for (auto& t : topics) {
    std::string r = topic_record(system, t);
    if (r.empty()) continue;
    if (record.empty()) {
      record = r;
      first = &t;
    } else if (r != record) {
      report(diag::Diagnostic::error("E0406", std::string(what) + " topics carry two records, " + record + " and " + r)
                 .at(t.span, "delivers " + r)
                 .also(first->span, "delivers " + record)
                 .note("a trigger's `when` and the steps after it read the one record its events carry")
                 .with_help("keep the topics of one record here"));
      return record;
    }
  }
  return record;
}

Env Sema::trigger_env(const std::string& record) {
  Env env;
  env.scope = &program_.scopes[0];
  if (record.empty()) return env;
  auto dot = record.find('.');
  const SystemInfo* sys = find_system(Ident{record.substr(0, dot), {}}, false);
  const schema::RecordSchema* rec = sys && sys->schema ? sys->schema->find_record(record.substr(dot + 1)) : nullptr;
  if (!rec) return env;
  env.record = rec->type.get();
  env.record_label = record;
  env.system = sys;
  env.record_name = record.substr(dot + 1);
  return env;
}

std::shared_ptr<const schema::StructType> Sema::record_type(const std::string& record) {
  Env env = trigger_env(record);
  if (!env.system || !env.system->schema) return nullptr;
  const schema::RecordSchema* rec = env.system->schema->find_record(env.record_name);
  return rec ? rec->type : nullptr;
}

void Sema::check_workflow(WorkflowDecl& w) {
  std::string start_record;
  // Records the workflow has received so far, with what delivered them, in step order.
  std::vector<std::pair<std::string, std::string>> received;
  bool unknown_topic = false;
  auto any_unknown = [&](const Ident& system, const std::vector<Ident>& topics) {
    for (auto& t : topics)
      if (topic_record(system, t).empty() && find_system(system, false)) unknown_topic = true;
  };
  if (!w.start_system) {
    report(diag::Diagnostic::error("E0406", "workflow `" + w.name.text + "` has no `start on ...`").at(w.name.span, "never starts")
               .with_help("add e.g. `start on woo \"order.updated\" when changed(refunds)`"));
  } else {
    check_topics(*w.start_system, w.start_topics);
    any_unknown(*w.start_system, w.start_topics);
    start_record = trigger_record(*w.start_system, w.start_topics, "the start");
    w.start_record = start_record;
    if (!start_record.empty()) received.push_back({start_record, "the workflow starts on " + start_record});
    if (w.start_when) {
      Env env = trigger_env(start_record);
      env.allow_changed = true;
      env.start = record_type(start_record);
      env.start_label = start_record;
      TypePtr c = check(w.start_when.get(), env);
      require_handled(w.start_when.get(), "in a filter");
      if (!is_error(c) && c->kind != TypeKind::kBool)
        report(diag::Diagnostic::error("E0201", "`when` needs a bool, found `" + c->to_string() + "`").at(w.start_when->span, "not a bool"));
    }
  }
  check_instance_key(w, start_record);
  if (w.retry) check_retry(*w.retry);
  if (w.steps.empty())
    report(diag::Diagnostic::error("E0406", "workflow `" + w.name.text + "` has no steps").at(w.name.span, "nothing to do"));
  std::map<std::string, Span> names;
  for (auto& step : w.steps) {
    if (auto [it, inserted] = names.emplace(step.name.text, step.name.span); !inserted)
      report(diag::Diagnostic::error("E0109", "step `" + step.name.text + "` is defined twice").at(step.name.span, "again here").also(it->second, "first here"));
    if (step.awaits.empty() && step.flows.empty() && step.checks.empty())
      report(diag::Diagnostic::error("E0406", "step `" + step.name.text + "` does nothing").at(step.name.span, "empty step")
                 .with_help("a step awaits an event, runs a flow or checks a condition"));
    for (auto& a : step.awaits) {
      check_topics(a.system, a.topics);
      any_unknown(a.system, a.topics);
      if (a.timeout) check_duration(*a.timeout, 1000, 366LL * 86'400'000, "an await timeout");
      std::string record = trigger_record(a.system, a.topics, "the awaited");
      a.record = record;
      if (!record.empty()) received.push_back({record, "step `" + step.name.text + "` awaits " + record});
      check_await_by(a, w, record);
      if (a.when) {
        Env env = trigger_env(record);
        // The filter runs on an instance's awaited record: that instance's start record is known.
        env.start = record_type(start_record);
        env.start_label = start_record;
        TypePtr c = check(a.when.get(), env);
        require_handled(a.when.get(), "in a filter");
        if (!is_error(c) && c->kind != TypeKind::kBool)
          report(diag::Diagnostic::error("E0201", "`when` needs a bool, found `" + c->to_string() + "`").at(a.when->span, "not a bool"));
      }
    }
    // Before the flows: they run after the checks, under what the checks establish.
    for (auto& c : step.checks) {
      Env env = trigger_env(start_record);
      env.start = record_type(start_record);
      env.start_label = start_record;
      TypePtr t = check(c.condition.get(), env);
      require_handled(c.condition.get(), "in a `check`");
      if (!is_error(t) && t->kind != TypeKind::kBool)
        report(diag::Diagnostic::error("E0201", "`check` needs a bool, found `" + t->to_string() + "`").at(c.condition->span, "not a bool"));
    }
    for (auto& f : step.flows) {
      // A flow of the start's record runs for instances the start filter let through, after the step's checks.
      std::string source = f.source.system.text + "." + f.source.record.text;
      std::vector<const Expr*> filters;
      if (source == start_record) {
        if (w.start_when) filters.push_back(w.start_when.get());
        for (auto& c : step.checks) filters.push_back(c.condition.get());
      }
      check_flow(f, nullptr, nullptr, filters, record_type(start_record), start_record);
      // A step's flow maps a record the workflow has received by then: the start's or an await's.
      bool known = find_system(f.source.system, false) != nullptr;
      bool has = std::any_of(received.begin(), received.end(), [&](auto& r) { return r.first == source; });
      if (known && !has && !unknown_topic) {
        auto d = diag::Diagnostic::error("E0406", "flow " + source + " -> " + f.target.system.text + "." + f.target.record.text +
                                                      " in step `" + step.name.text + "` never runs: the workflow has received no " + source +
                                                      " by then")
                     .at(f.source.span, "no topic delivers this record");
        for (auto& r : received) d.note(r.second);
        if (std::string topics = topics_of(source); !topics.empty())
          d.with_help("map a record the workflow has, or await one of " + topics + " in this step or an earlier one");
        report(std::move(d));
      }
    }
    if (step.retry) check_retry(*step.retry);
  }
}

}  // namespace syncloom::frontend::detail
