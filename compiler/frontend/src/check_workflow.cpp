// Workflows: a start trigger and named steps (await an event, run flows, check), each a checkpoint.
#include <set>

#include "types.hpp"

namespace syncloom::frontend::detail {

void Sema::check_workflow(WorkflowDecl& w) {
  Env trigger;
  trigger.scope = &program_.scopes[0];
  if (!w.start_system) {
    report(diag::Diagnostic::error("E0406", "workflow `" + w.name.text + "` has no `start on ...`").at(w.name.span, "never starts")
               .with_help("add e.g. `start on woo \"order.updated\" when changed(refunds)`"));
  } else {
    check_topics(*w.start_system, w.start_topics);
    if (const SystemInfo* sys = find_system(*w.start_system, false); sys && !w.start_topics.empty()) {
      std::string name;
      if (const schema::RecordSchema* rec = record_for_topic(*sys, w.start_topics.front().text, &name)) {
        trigger.record = rec->type.get();
        trigger.record_label = w.start_system->text + "." + name;
        trigger.system = sys;
        trigger.record_name = name;
      }
    }
    if (w.start_when) {
      Env env = trigger;
      env.allow_changed = true;
      TypePtr c = check(w.start_when.get(), env);
      require_handled(w.start_when.get(), "in a filter");
      if (!is_error(c) && c->kind != TypeKind::kBool)
        report(diag::Diagnostic::error("E0201", "`when` needs a bool, found `" + c->to_string() + "`").at(w.start_when->span, "not a bool"));
    }
  }
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
      if (a.timeout) check_duration(*a.timeout, 1000, 366LL * 86'400'000, "an await timeout");
      if (a.when) {
        Env env;
        env.scope = &program_.scopes[0];
        if (const SystemInfo* sys = find_system(a.system, false); sys && !a.topics.empty()) {
          std::string name;
          if (const schema::RecordSchema* rec = record_for_topic(*sys, a.topics.front().text, &name)) {
            env.record = rec->type.get();
            env.record_label = a.system.text + "." + name;
            env.system = sys;
            env.record_name = name;
          }
        }
        TypePtr c = check(a.when.get(), env);
        require_handled(a.when.get(), "in a filter");
        if (!is_error(c) && c->kind != TypeKind::kBool)
          report(diag::Diagnostic::error("E0201", "`when` needs a bool, found `" + c->to_string() + "`").at(a.when->span, "not a bool"));
      }
    }
    for (auto& f : step.flows) check_flow(f, nullptr, nullptr);
    for (auto& c : step.checks) {
      Env env = trigger;
      TypePtr t = check(c.condition.get(), env);
      require_handled(c.condition.get(), "in a `check`");
      if (!is_error(t) && t->kind != TypeKind::kBool)
        report(diag::Diagnostic::error("E0201", "`check` needs a bool, found `" + t->to_string() + "`").at(c.condition->span, "not a bool"));
    }
    if (step.retry) check_retry(*step.retry);
  }
}

}  // namespace syncloom::frontend::detail
