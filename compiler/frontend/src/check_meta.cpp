// `meta_data["KEY"] = value` statements: one entry each of the block's meta_data output list (E0104, E0201,
// E0305, E0306, ownership, a declared meta key's type, and the scope of the entries' values).
#include "types.hpp"

namespace syncloom::frontend::detail {
namespace {

/// Calls `visit` on every name below `e`.
template <typename Visit>
void each_name(const Expr* e, Visit visit) {
  if (e == nullptr) return;
  if (e->kind == ExprKind::kName) visit(*e);
  for (const auto& op : e->operands) each_name(op.get(), visit);
}

}  // namespace

void Sema::check_meta_assign(FlowStmt& stmt, Env& env, const schema::StructType* target, const std::string& path,
                             const std::map<std::string, Span>& assigned, std::map<std::string, MetaEntries>& metas,
                             schema::StructType& built) {
  const std::string& name = stmt.target.text;
  const std::string& key = stmt.meta_key.text;
  const schema::FieldSchema* f = target_field(target, stmt.target);
  if (f && f->type->kind != TypeKind::kMeta) {
    report(diag::Diagnostic::error("E0201", "`" + name + "` is a `" + f->type->to_string() + "`, not meta_data")
               .at(stmt.target.span, "cannot be written by key")
               .with_help("assign it with `" + name + " = ...`"));
  }
  if (f && f->read_only)
    report(diag::Diagnostic::error("E0305", "`" + name + "` on " + target->name + " is computed by the system; it cannot be written")
               .at(stmt.target.span, "read-only field"));
  if (f && path.empty()) check_field_owner(name, stmt.target.span);

  // One list per block: the field written whole, or one key twice, would give two values for one entry.
  auto [entries, first_entry] = metas.try_emplace(name);
  MetaEntries& m = entries->second;
  if (first_entry) {
    m.first = stmt.target.span;
    m.locals_at_first = env.locals.size();
    built.fields.push_back({name, Type::make(TypeKind::kMeta), false, false, "", 0});
  }
  if (auto whole = assigned.find(name); whole != assigned.end())
    report(diag::Diagnostic::error("E0306", "`" + name + "` is assigned whole and by key in this block")
               .at(stmt.target.span, "written by key here")
               .also(whole->second, "assigned whole here")
               .with_help("write every entry by key, `" + name + "[\"KEY\"] = ...`, or assign the whole list once"));
  if (auto [it, inserted] = m.keys.emplace(key, stmt.meta_key.span); !inserted)
    report(diag::Diagnostic::error("E0306", "`" + name + "[\"" + key + "\"]` is written twice in this block")
               .at(stmt.meta_key.span, "written again here")
               .also(it->second, "first written here"));
  if (flow_) writes_.push_back({flow_->target_key, path + name + "[\"" + key + "\"]", stmt.meta_key.span, flow_counter_});

  // A key declared with `extend SYSTEM.RECORD { meta "KEY": TYPE }` takes that type (the record's own
  // meta_data only, as for reads); any other key takes any value.
  TypePtr want;
  if (flow_ && path.empty()) {
    auto sys = program_.systems.find(flow_->target_system);
    std::string record = flow_->target_key.substr(flow_->target_key.find('.') + 1);
    if (sys != program_.systems.end())
      if (auto rec = sys->second.meta_keys.find(record); rec != sys->second.meta_keys.end())
        if (auto k = rec->second.find(key); k != rec->second.end()) want = k->second;
  }
  check_assignable(stmt.value.get(), want, env, name + "[\"" + key + "\"]", false, /*omit_context=*/nullptr);

  // Every entry is computed where the block's first entry stands (where the list is written): a `let`
  // bound after that is not there yet.
  if (!first_entry) {
    std::map<std::string, const Local*> later;
    for (size_t i = m.locals_at_first; i < env.locals.size(); ++i)
      if (env.locals[i].kind == NameRef::kLet) later[env.locals[i].name] = &env.locals[i];
    each_name(stmt.value.get(), [&](const Expr& n) {
      auto it = later.find(n.text);
      if (it == later.end() || n.ref != NameRef::kLet) return;
      report(diag::Diagnostic::error("E0108", "`" + n.text + "` is not bound yet where `" + name + "` is written")
                 .at(n.span, "bound after the first `" + name + "[...]` entry")
                 .also(it->second->let->target.span, "bound here")
                 .also(m.first, "the entries are computed and written here")
                 .with_help("move the `let` above the first `" + name + "[...]` entry"));
      later.erase(it);
    });
  }
}

}  // namespace syncloom::frontend::detail
