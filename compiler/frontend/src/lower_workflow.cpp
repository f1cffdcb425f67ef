// Workflow predicates and keys as flows of their own (kFilter, kKey): what the runtime asks of a record
// besides mapping it (Mapping::start_filter() ... await_key()), run by the same engines as every flow.
#include "lowerer.hpp"
#include "syncloom/frontend/input_layout.hpp"

namespace syncloom::frontend::detail {

int32_t Lowerer::predicate(ir::Module& m, ir::FlowRole role, const std::string& domain, const std::string& record,
                           const Expr* e, bool start_in_envelope) {
  if (!e || record.empty()) return -1;
  ir::Flow out;
  out.role = role;
  out.domain = domain;
  out.source = record;
  out.input = collect_expr_layout(record, {e}, start_in_envelope);
  next_local_ = 0;
  scope_.clear();
  local_names_.clear();
  start_in_envelope_ = start_in_envelope;
  if (role == ir::FlowRole::kFilter) out.when = expr(e);
  else out.key = expr(e);
  start_in_envelope_ = false;
  out.reads_start = start_in_envelope && out.input.root.child_if(ir::kStartField) != nullptr;
  out.locals = next_local_;
  out.local_names = std::move(local_names_);
  m.flows.push_back(std::move(out));
  return int32_t(m.flows.size() - 1);
}

ir::WorkflowCode Lowerer::workflow_code(const WorkflowDecl& w, const std::string& name, ir::Module& m) {
  ir::WorkflowCode code;
  // The start filter, the key and the checks read the start record; `start` in them is that record.
  code.start_filter = predicate(m, ir::FlowRole::kFilter, name + ".start", w.start_record, w.start_when.get(), false);
  code.key = predicate(m, ir::FlowRole::kKey, name + ".key", w.start_record, w.instance_key(), false);
  for (const auto& step : w.steps) {
    ir::WorkflowCode::Step s;
    std::string at = name + "." + step.name.text;
    for (size_t i = 0; i < step.checks.size(); ++i)
      s.checks.push_back(predicate(m, ir::FlowRole::kFilter, at + ".check[" + std::to_string(i) + "]", w.start_record,
                                   step.checks[i].condition.get(), false));
    for (size_t i = 0; i < step.awaits.size(); ++i) {
      const AwaitStmt& a = step.awaits[i];
      std::string await = at + ".await[" + std::to_string(i) + "]";
      // An await's filter reads its event's record, and `start` from the envelope; its `by` only the record.
      s.await_filters.push_back(predicate(m, ir::FlowRole::kFilter, await, a.record, a.when.get(), true));
      s.await_keys.push_back(predicate(m, ir::FlowRole::kKey, await + ".by", a.record, a.by.get(), false));
    }
    code.steps.push_back(std::move(s));
  }
  return code;
}

}  // namespace syncloom::frontend::detail
