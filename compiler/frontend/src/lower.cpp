// Lowering: tables, functions, flows (filters, checks, bodies) into an ir::Module.
#include "syncloom/frontend/lower.hpp"

#include <algorithm>

#include "lowerer.hpp"
#include "syncloom/frontend/input_layout.hpp"

namespace syncloom::frontend {
namespace detail {

Lowerer::Lowerer(Program& program) : program_(program) {
  int32_t t = 0, f = 0;
  for (auto& scope : program_.scopes) {
    for (auto& table : scope.module->tables) table_index_[&table] = t++;
    for (auto& fn : scope.module->functions) function_index_[&fn] = f++;
  }
}

int32_t Lowerer::bind(const std::string& name, bool input_frame) {
  int32_t slot = next_local_++;
  scope_.push_back({name, slot, input_frame});
  local_names_.push_back(name);
  return slot;
}

ir::Module Lowerer::run() {
  ir::Module m;
  m.mapping = program_.root().name.text;
  m.regexes = program_.regexes;  // compiled and loaded by sema; shared, immutable
  m.zones = program_.zones;
  for (auto& scope : program_.scopes) {
    for (auto& table : scope.module->tables) {
      auto types = program_.table_types.at(&table);
      ir::Table t;
      t.name = table.name.text;
      t.key = types_.lower(types.first);
      t.value = types_.lower(types.second);
      for (auto& entry : table.entries) {
        if (entry.is_default) {
          t.fallback = coerce(expr(entry.value.get()), t.value);
          continue;
        }
        for (auto& key : entry.keys) t.rows.emplace_back(key->text, coerce(expr(entry.value.get()), t.value));
      }
      // Sorted rows: engines may binary-search or build a perfect hash.
      std::sort(t.rows.begin(), t.rows.end(), [](auto& a, auto& b) { return a.first < b.first; });
      m.tables.push_back(std::move(t));
    }
  }
  for (auto& scope : program_.scopes) {
    for (auto& fn : scope.module->functions) {
      auto sig = program_.function_types.at(&fn);
      ir::Function f;
      f.name = fn.name.text;
      next_local_ = 0;
      scope_.clear();
      local_names_.clear();
      for (size_t i = 0; i < fn.params.size(); ++i) {
        f.params.push_back(types_.lower(sig.first[i]));
        bind(fn.params[i].name.text, false);
      }
      f.result = types_.lower(sig.second);
      f.body = coerce(expr(fn.body.get()), f.result);
      f.locals = next_local_;
      f.local_names = std::move(local_names_);
      m.functions.push_back(std::move(f));
    }
  }
  Module& root = program_.root();
  for (auto& d : root.domains)
    for (auto& f : d.flows) m.flows.push_back(flow(f, &d));
  for (auto& w : root.workflows)
    for (auto& step : w.steps)
      for (auto& f : step.flows) {
        // A flow of an awaited record reads `start` from the envelope; one of the start record from itself.
        std::string source = f.source.system.text + "." + f.source.record.text;
        start_in_envelope_ = source != w.start_record;
        m.flows.push_back(flow(f, nullptr, &w, &step));
        m.flows.back().domain = w.name.text + "." + step.name.text;
        m.flows.back().reads_start = start_in_envelope_ && m.flows.back().input.root.child_if(ir::kStartField) != nullptr;
        start_in_envelope_ = false;
      }
  // After every flow that maps: Mapping::flows() and the plan's flow indices stay those of the mapping flows.
  for (auto& w : root.workflows) m.workflows.push_back(workflow_code(w, w.name.text, m));
  return m;
}

std::vector<ir::Stmt> Lowerer::block(const Block& b, const schema::StructType* target) {
  std::vector<ir::Stmt> out;
  size_t mark = scope_.size();
  // Declared meta key types apply to the record's own meta_data, not to nested blocks' (as in sema).
  const auto* meta_keys = target_meta_keys_;
  target_meta_keys_ = nullptr;
  std::map<std::string, size_t> meta_lists;  // field -> its kMeta statement in `out`
  for (const auto& s : b.stmts) {
    ir::Stmt st;
    switch (s.kind) {
      case FlowStmt::Kind::kMetaAssign: {
        // Every entry of one field joins the list statement where its first entry stands.
        ir::Stmt entry;
        entry.kind = ir::Stmt::Kind::kField;
        entry.name = s.meta_key.text;
        ir::TypeRef want;
        if (meta_keys)
          if (auto k = meta_keys->find(s.meta_key.text); k != meta_keys->end()) want = types_.lower(k->second);
        entry.value = coerce(expr(s.value.get()), want);
        auto [at, first] = meta_lists.try_emplace(s.target.text, out.size());
        if (!first) {
          out[at->second].body.push_back(std::move(entry));
          continue;
        }
        st.kind = ir::Stmt::Kind::kMeta;
        st.name = s.target.text;
        st.body.push_back(std::move(entry));
        break;
      }
      case FlowStmt::Kind::kLet:
        st.kind = ir::Stmt::Kind::kLet;
        st.value = expr(s.value.get());
        st.local = bind(s.target.text, false);  // bound after its value: `let x = x` reads the field
        st.name = s.target.text;
        break;
      case FlowStmt::Kind::kCheck:
        st.kind = ir::Stmt::Kind::kCheck;
        st.value = expr(s.check->condition.get());
        st.message = s.check->message;
        break;
      case FlowStmt::Kind::kAssign: {
        st.kind = ir::Stmt::Kind::kField;
        st.name = s.target.text;
        const schema::FieldSchema* f = target ? target->find(s.target.text) : nullptr;
        ir::TypeRef want = f ? types_.lower(f->type) : nullptr;
        const schema::StructType* element = f && f->type->kind == schema::TypeKind::kList && f->type->element &&
                                                    f->type->element->kind == schema::TypeKind::kStruct
                                                ? f->type->element->struct_type.get()
                                                : nullptr;
        st.value = value_for(s.value.get(), want, element);
        break;
      }
      case FlowStmt::Kind::kNested: {
        st.kind = ir::Stmt::Kind::kObject;
        st.name = s.target.text;
        const schema::FieldSchema* f = target ? target->find(s.target.text) : nullptr;
        st.body = block(*s.block, f && f->type->struct_type ? f->type->struct_type.get() : nullptr);
        break;
      }
    }
    out.push_back(std::move(st));
  }
  unbind(mark);
  target_meta_keys_ = meta_keys;
  return out;
}

void Lowerer::append_checks(const std::vector<CheckDecl>& checks, std::vector<ir::Stmt>& body) {
  for (const auto& c : checks) {
    ir::Stmt st;
    st.kind = ir::Stmt::Kind::kCheck;
    st.value = expr(c.condition.get());
    st.message = c.message;
    body.push_back(std::move(st));
  }
}

bool Lowerer::triggered_by_source(const WorkflowDecl* w, const FlowDecl& f) {
  return w && !w->start_record.empty() && w->start_record == f.source.system.text + "." + f.source.record.text;
}

bool Lowerer::reads_record(const Expr* e, const std::string& record) {
  if (e == nullptr) return false;
  if (e->kind == ExprKind::kMember && e->operands[0] && e->operands[0]->kind == ExprKind::kName &&
      e->operands[0]->ref == NameRef::kSystem)
    return e->operands[0]->text + "." + e->text == record;
  for (const auto& op : e->operands)
    if (reads_record(op.get(), record)) return true;
  return false;
}

ir::Flow Lowerer::flow(const FlowDecl& f, const DomainDecl* domain, const WorkflowDecl* workflow, const StepDecl* step) {
  ir::Flow out;
  out.domain = domain ? domain->name.text : "";
  out.source = f.source.system.text + "." + f.source.record.text;
  out.target = f.target.system.text + "." + f.target.record.text;
  out.write = f.update_only ? ir::WriteMode::kUpdateOnly : f.create_only ? ir::WriteMode::kCreateOnly : ir::WriteMode::kUpsert;
  out.input = collect_input_layout(f, domain, triggered_by_source(workflow, f) ? workflow : nullptr,
                                   triggered_by_source(workflow, f) ? step : nullptr, start_in_envelope_);
  next_local_ = 0;
  scope_.clear();
  local_names_.clear();
  // The record filter: the flow's own `when` and the filters of syncs on its source system.
  std::vector<ir::NodePtr> filters;
  if (f.when) filters.push_back(expr(f.when.get()));
  // A workflow step's flow runs only for records that start the workflow, and after the step's checks.
  // (Only when the trigger's record is this flow's source: the start filter and checks read the trigger.)
  if (!triggered_by_source(workflow, f)) workflow = nullptr, step = nullptr;
  if (workflow && workflow->start_when) filters.push_back(expr(workflow->start_when.get()));
  if (domain) {
    // A sync filter reads the record its events carry (or a batch sweep's records): it filters the flows of that record.
    for (const auto& s : domain->syncs)
      if (s.when && s.record == f.source.system.text + "." + f.source.record.text) filters.push_back(expr(s.when.get()));
  }
  for (auto& filter : filters) {
    if (!out.when) {
      out.when = std::move(filter);
      continue;
    }
    auto both = ir::make_node(ir::Op::kAnd, ir::Type::scalar(ir::Kind::kBool));
    both->operands.push_back(std::move(out.when));
    both->operands.push_back(std::move(filter));
    out.when = std::move(both);
  }
  if (domain) {
    std::string source = f.source.system.text + "." + f.source.record.text;
    std::string target = f.target.system.text + "." + f.target.record.text;
    if (domain->key) {
      // The key side that reads this flow's source record is computed per record; the other side names
      // the target field it is matched against.
      const Expr* sides[2] = {domain->key->left.get(), domain->key->right.get()};
      for (int i = 0; i < 2; ++i) {
        if (reads_record(sides[i], source)) {
          out.key = expr(sides[i]);
          const Expr* other = sides[1 - i];
          // Only a field of the record itself (`erp.salesOrder.reference`): `woo.order.billing.email` is no
          // field to search orders by.
          const Expr* record = other->kind == ExprKind::kMember ? other->operands[0].get() : nullptr;
          bool plain = record && record->kind == ExprKind::kMember && record->operands[0] &&
                       record->operands[0]->ref == NameRef::kSystem && reads_record(record, target);
          if (plain) out.target_key = other->text;
        }
      }
    }
    for (const auto& part : domain->idempotency)
      if (reads_record(part.get(), source)) out.idempotency.push_back(expr(part.get()));
  }
  if (domain && (!domain->owner || domain->owner->text == f.source.system.text)) {
    append_checks(domain->checks, out.body);
  }
  if (step) {
    append_checks(step->checks, out.body);
  }
  const SystemInfo& target_sys = program_.systems.at(f.target.system.text);
  const schema::RecordSchema* target = target_sys.schema->find_record(f.target.record.text);
  auto meta_keys = target_sys.meta_keys.find(f.target.record.text);
  target_meta_keys_ = meta_keys != target_sys.meta_keys.end() ? &meta_keys->second : nullptr;
  for (auto& st : block(f.body, target ? target->type.get() : nullptr)) out.body.push_back(std::move(st));
  target_meta_keys_ = nullptr;
  out.locals = next_local_;
  out.local_names = std::move(local_names_);
  return out;
}

}  // namespace detail

ir::Module lower(Program& program) { return detail::Lowerer(program).run(); }

}  // namespace syncloom::frontend
