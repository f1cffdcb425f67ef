// Flows: source and target records, ownership (E0301/E0302), field writes, required fields, blocks.
#include <algorithm>

#include "types.hpp"

namespace syncloom::frontend::detail {

TypePtr Sema::check_for(Expr* e, Env& env, const TypePtr& target_element) {
  const schema::StructType* target = target_element ? target_element->struct_type.get() : nullptr;
  TypePtr list = check(e->operands[0].get(), env);
  TypePtr element = error_type();
  if (!is_error(list)) {
    if (list->kind != TypeKind::kList) {
      report(diag::Diagnostic::error("E0201", "`for` needs a list, found `" + list->to_string() + "`")
                 .at(e->operands[0]->span, "not a list"));
    } else {
      element = list->element;
    }
  }
  std::string path = write_path_ + "[].";
  env.locals.push_back({e->text, element, NameRef::kLoopVar, nullptr, next_local_id_++});
  size_t facts_before = env.facts.size();
  if (e->has_filter && e->operands[1]) {
    TypePtr c = check(e->operands[1].get(), env);
    if (!is_error(c) && c->kind != TypeKind::kBool)
      report(diag::Diagnostic::error("E0201", "`when` needs a bool, found `" + c->to_string() + "`").at(e->operands[1]->span, "not a bool"));
    if (e->operands[1]->omits) report_omit(e->operands[1]->omit_at, "in a `when` filter");
    env.facts.push(facts_of(e->operands[1].get(), true));  // the body sees only elements that pass
  }
  TypePtr result;
  if (e->block) {
    auto built = check_block(*e->block, env, target, path);
    // Checked field by field against the target: the result is a list of the target's struct.
    result = Type::make_list(target ? non_null(target_element) : Type::make_struct(built));
  } else {
    TypePtr r = check(e->operands[2].get(), env);
    result = is_error(r) ? error_type() : Type::make_list(r);
    // An element of a `=>` list is not a field: it cannot be left out (a `when` filter skips elements).
    if (e->operands[2] && e->operands[2]->omits) report_omit(e->operands[2]->omit_at, "in a `=>` list element");
  }
  env.facts.resize(facts_before);
  env.locals.pop_back();
  return result;
}

void Sema::collect_field_owners() {
  // A `field ... owned_by` line speaks for the field wherever it is written, not only in its domain.
  for (auto& d : program_.root().domains) {
    for (auto& fo : d.field_owners) {
      std::string field = fo.system.text + "." + fo.record.text + "." + fo.field.text;
      auto [it, inserted] = field_owners_.emplace(field, &fo);
      if (inserted) field_owner_domains_[&fo] = &d;
      if (inserted || it->second->owner.text == fo.owner.text) continue;
      report(diag::Diagnostic::error("E0310", "two domains give " + field + " different owners, " + it->second->owner.text + " and " +
                                                  fo.owner.text)
                 .at(fo.owner.span, "owned by " + fo.owner.text + " here")
                 .also(it->second->owner.span, "owned by " + it->second->owner.text + " here")
                 .note("a field has one owner, whichever domain declares it")
                 .with_help("keep one of the declarations"));
    }
  }
}

const FieldOwnerDecl* Sema::declared_owner(const std::string& system, const std::string& record, const std::string& field) const {
  auto it = field_owners_.find(system + "." + record + "." + field);
  return it == field_owners_.end() ? nullptr : it->second;
}

void Sema::check_field_owner(const std::string& field, Span at) {
  if (!flow_) return;
  std::string target_record = flow_->target_key.substr(flow_->target_key.find('.') + 1);
  std::string owner, elsewhere;
  Span declared;
  if (const FieldOwnerDecl* fo = declared_owner(flow_->target_system, target_record, field)) {
    owner = fo->owner.text;
    declared = fo->span;
    const DomainDecl* in = field_owner_domains_[fo];
    if (in != flow_->domain) elsewhere = in->name.text;
  } else if (flow_->check_ownership && flow_->domain && flow_->domain->owner) {
    owner = flow_->domain->owner->text;
    declared = flow_->domain->owner->span;
  }
  if (owner.empty() || owner == flow_->source_system) return;
  auto d = diag::Diagnostic::error("E0302", "`" + field + "` is owned by " + owner + "; a flow from " + flow_->source_system +
                                               " cannot write it")
               .at(at, "written here")
               .also(declared, "ownership declared here");
  if (!elsewhere.empty()) d.note("declared in domain `" + elsewhere + "`: a field's owner holds for every flow that writes it");
  d.with_help("drop the assignment, or change the owner");
  report(std::move(d));
}

const schema::FieldSchema* Sema::target_field(const schema::StructType* target, const Ident& name) {
  const schema::FieldSchema* f = target ? target->find(name.text) : nullptr;
  if (target && !f) {
    std::vector<std::string> names;
    for (auto& field : target->fields) names.push_back(field.name);
    auto d = diag::Diagnostic::error("E0104", "unknown field `" + name.text + "` on " + target->name)
                 .at(name.span, "not a field of " + target->name);
    if (auto h = did_you_mean(name.text, names); !h.empty()) d.with_help(h);
    report(std::move(d));
  }
  return f;
}

std::shared_ptr<schema::StructType> Sema::check_block(Block& b, Env& env, const schema::StructType* target,
                                                      const std::string& path, Span header) {
  auto built = std::make_shared<schema::StructType>();
  built->name = target ? target->name : "object";
  size_t locals_before = env.locals.size();
  size_t facts_before = env.facts.size();
  std::map<std::string, Span> assigned;
  std::map<std::string, MetaEntries> metas;
  // Required fields matter when a flow may create the record; `update` flows only patch existing ones.
  bool creates = !(path.empty() && flow_ && flow_->update_only);
  for (auto& stmt : b.stmts) {
    switch (stmt.kind) {
      case FlowStmt::Kind::kLet: {
        TypePtr t = check(stmt.value.get(), env);
        require_handled(stmt.value.get(), "in a `let`");
        env.locals.push_back({stmt.target.text, t, NameRef::kLet, &stmt, next_local_id_++});
        break;
      }
      case FlowStmt::Kind::kCheck: {
        if (!stmt.check) break;
        TypePtr c = check(stmt.check->condition.get(), env);
        require_handled(stmt.check->condition.get(), "in a `check`");
        if (!is_error(c) && c->kind != TypeKind::kBool)
          report(diag::Diagnostic::error("E0201", "`check` needs a bool, found `" + c->to_string() + "`")
                     .at(stmt.check->condition->span, "not a bool"));
        env.facts.push(facts_of(stmt.check->condition.get(), true));  // the rest of the block runs only if it holds
        break;
      }
      case FlowStmt::Kind::kMetaAssign:
        check_meta_assign(stmt, env, target, path, assigned, metas, *built);
        break;
      case FlowStmt::Kind::kAssign:
      case FlowStmt::Kind::kNested: {
        const std::string& name = stmt.target.text;
        if (auto [it, inserted] = assigned.emplace(name, stmt.target.span); !inserted) {
          report(diag::Diagnostic::error("E0306", "`" + name + "` is assigned twice in this block")
                     .at(stmt.target.span, "assigned again here")
                     .also(it->second, "first assigned here"));
        } else if (auto by_key = metas.find(name); by_key != metas.end()) {
          report(diag::Diagnostic::error("E0306", "`" + name + "` is assigned whole and by key in this block")
                     .at(stmt.target.span, "assigned whole here")
                     .also(by_key->second.first, "written by key here")
                     .with_help("write every entry by key, `" + name + "[\"KEY\"] = ...`, or assign the whole list once"));
        }
        const schema::FieldSchema* f = target_field(target, stmt.target);
        if (f && f->read_only) {
          report(diag::Diagnostic::error("E0305", "`" + name + "` on " + target->name + " is computed by the system; it cannot be written")
                     .at(stmt.target.span, "read-only field"));
        }
        if (f && path.empty()) check_field_owner(name, stmt.target.span);
        if (flow_) writes_.push_back({flow_->target_key, path + name, stmt.target.span, flow_counter_});
        if (stmt.kind == FlowStmt::Kind::kAssign) {
          std::string saved = write_path_;
          write_path_ = path + name;
          check_assignable(stmt.value.get(), f ? f->type : nullptr, env, "field `" + name + "`", f && f->required,
                           /*omit_context=*/nullptr);
          write_path_ = saved;
          if (stmt.value && stmt.value->omits && f && f->required && target && creates)
            report(diag::Diagnostic::error("E0213", "`" + name + "` is required on " + target->name + ", but this value may leave it out")
                       .at(stmt.value->omit_at, "leaves `" + name + "` out")
                       .also(stmt.target.span, "required field")
                       .note("a record created without a required field is refused by " + target->name.substr(0, target->name.find('.')))
                       .with_help(path.empty() ? "send a value where `omit` stands, or mark the flow `update` if it never creates records"
                                               : "send a value where `omit` stands"));
          if (stmt.value && stmt.value->type)
            built->fields.push_back({name, stmt.value->type, false, false, "", 0});
        } else {
          const schema::StructType* sub = nullptr;
          if (f) {
            if (f->type->kind == TypeKind::kStruct) {
              sub = f->type->struct_type.get();
            } else {
              report(diag::Diagnostic::error("E0201", "`" + name + "` is a `" + f->type->to_string() + "`, not an object")
                         .at(stmt.target.span, "cannot fill it with a `{ ... }` block")
                         .with_help("assign a value with `" + name + " = ...`"));
            }
          }
          auto nested = check_block(*stmt.block, env, sub, path + name + ".");
          built->fields.push_back({name, Type::make_struct(nested), false, false, "", 0});
        }
        break;
      }
    }
  }
  // Lets are scoped to their block.
  for (size_t i = locals_before; i < env.locals.size(); ++i) {
    const Local& l = env.locals[i];
    if (lint_ && l.let && !l.let->used && l.name.rfind('_', 0) != 0)
      report(diag::Diagnostic::warning("L0004", "`let " + l.name + "` is never read")
                 .at(l.let->target.span, "unused binding")
                 .with_help("remove it, or prefix the name with `_`"));
  }
  env.locals.resize(locals_before);
  env.facts.resize(facts_before);
  if (target && creates) {
    std::vector<std::string> missing;
    for (auto& f : target->fields)
      if (f.required && !f.read_only && !assigned.count(f.name)) missing.push_back(f.name);
    for (auto& group : target->required_one_of) {
      if (std::none_of(group.begin(), group.end(), [&](auto& f) { return assigned.count(f) > 0; })) {
        std::string list;
        for (auto& g : group) list += (list.empty() ? "`" : " or `") + g + "`";
        Span at = header.end > header.begin ? header : Span{b.span.file, b.span.begin, b.span.begin + 1};
        report(diag::Diagnostic::error("E0304", "one of " + list + " of " + target->name + " must be mapped")
                   .at(at, "none of them is")
                   .with_help(path.empty() ? "map one of them, or mark the flow `update` if it never creates records" : "map one of them"));
      }
    }
    if (!missing.empty()) {
      std::string list;
      for (auto& m : missing) list += (list.empty() ? "`" : ", `") + m + "`";
      Span at = header.end > header.begin ? header : Span{b.span.file, b.span.begin, b.span.begin + 1};
      report(diag::Diagnostic::error("E0304", "required field" + std::string(missing.size() > 1 ? "s " : " ") + list + " of " +
                                                  target->name + (missing.size() > 1 ? " are" : " is") + " not mapped")
                 .at(at, "missing " + list)
                 .with_help("map each required field, e.g. `" + missing.front() + " = ...`" +
                            std::string(path.empty() ? ", or mark the flow `update` if it only updates records another domain creates" : "")));
    }
  }
  return built;
}

void Sema::check_flow(FlowDecl& flow, DomainDecl* domain, std::vector<CheckDecl>* domain_checks,
                      const std::vector<const Expr*>& filters, std::shared_ptr<const schema::StructType> start,
                      const std::string& start_label) {
  Env env = record_env(flow.source.system, flow.source.record, &program_.scopes[0]);
  env.start = std::move(start);
  env.start_label = start_label;
  const SystemInfo* target_sys = find_system(flow.target.system);
  const schema::RecordSchema* target = target_sys ? find_record(*target_sys, flow.target.record) : nullptr;
  if (!env.record || !target) return;
  env.target_system = flow.target.system.text;

  FlowContext ctx;
  ctx.target_key = flow.target.system.text + "." + flow.target.record.text;
  ctx.source_system = flow.source.system.text;
  ctx.target_system = flow.target.system.text;
  ctx.domain = domain;
  ctx.update_only = flow.update_only;
  if (domain && domain->owner && program_.systems.count(domain->owner->text)) {
    ctx.check_ownership = true;
    const std::string& owner = domain->owner->text;
    bool field_owned = std::any_of(field_owners_.begin(), field_owners_.end(), [&](auto& entry) {
      const FieldOwnerDecl& fo = *entry.second;
      return fo.owner.text == ctx.source_system && fo.system.text == ctx.target_system && fo.record.text == flow.target.record.text;
    });
    if (owner != ctx.source_system && !field_owned) {
      report(diag::Diagnostic::error("E0301", "domain `" + domain->name.text + "` is owned by " + owner + "; a flow from " +
                                                  ctx.source_system + " cannot write its records")
                 .at(flow.source.span, "reads from " + ctx.source_system)
                 .also(domain->owner->span, "owner declared here")
                 .with_help("reverse the flow, or give " + ctx.source_system + " the fields it writes with `field " +
                            ctx.target_key + ".NAME owned_by " + ctx.source_system + "`"));
      ctx.check_ownership = false;
    }
  }
  if (ctx.source_system == ctx.target_system) {
    report(diag::Diagnostic::error("E0309", "flow from " + ctx.source_system + " back into " + ctx.target_system)
               .at(flow.span, "source and target are the same system")
               .note("a flow moves data between two systems; transform within one system in the ERP or store itself"));
  }
  flow_ = &ctx;
  ++flow_counter_;
  flow_sites_[flow_counter_] = {&flow, domain};
  if (flow.when) {
    TypePtr c = check(flow.when.get(), env);
    require_handled(flow.when.get(), "in a filter");
    if (!is_error(c) && c->kind != TypeKind::kBool)
      report(diag::Diagnostic::error("E0201", "`when` needs a bool, found `" + c->to_string() + "`").at(flow.when->span, "not a bool"));
  }
  // The body runs only for records every filter of the flow keeps (as lowering combines them).
  for (const Expr* filter : filters) env.facts.push(facts_of(filter, true));
  if (flow.when) env.facts.push(facts_of(flow.when.get(), true));
  if (domain_checks && (!domain || !domain->owner || domain->owner->text == ctx.source_system)) {
    for (auto& c : *domain_checks) {
      TypePtr t = check(c.condition.get(), env);
      require_handled(c.condition.get(), "in a `check`");
      if (!is_error(t) && t->kind != TypeKind::kBool)
        report(diag::Diagnostic::error("E0201", "`check` needs a bool, found `" + t->to_string() + "`").at(c.condition->span, "not a bool"));
      env.facts.push(facts_of(c.condition.get(), true));
    }
  }
  Span header{flow.span.file, flow.source.span.begin, flow.target.span.end};
  check_block(flow.body, env, target->type.get(), "", header);
  flow_ = nullptr;
}

}  // namespace syncloom::frontend::detail
