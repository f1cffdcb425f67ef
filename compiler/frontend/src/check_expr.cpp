// Expression typing: names, members, operators, conditionals, comprehensions; fallibility tracking.
#include "types.hpp"

namespace syncloom::frontend::detail {
namespace {

/// Candidate names for "did you mean" at a bare name.
std::vector<std::string> visible_names(const Env& env) {
  std::vector<std::string> names;
  for (auto& l : env.locals) names.push_back(l.name);
  if (env.record)
    for (auto& f : env.record->fields) names.push_back(f.name);
  return names;
}

}  // namespace

TypePtr Sema::check(Expr* e, Env& env) {
  if (e == nullptr) return error_type();
  TypePtr t;
  switch (e->kind) {
    case ExprKind::kLiteral:
      switch (e->literal_kind) {
        case LiteralKind::kString: t = Type::make(TypeKind::kString); break;
        case LiteralKind::kInt: t = Type::make(TypeKind::kInt); break;
        case LiteralKind::kDecimal: t = Type::make(TypeKind::kDecimal); break;
        case LiteralKind::kBool: t = Type::make(TypeKind::kBool); break;
        case LiteralKind::kNull: t = Type::make(TypeKind::kNull, true); break;
      }
      break;

    case ExprKind::kName: {
      if (const Local* local = env.find_local(e->text)) {
        e->ref = local->kind;
        e->binding = local->id;
        if (local->let) local->let->used = true;
        t = narrowed(e, local->type, env);
        break;
      }
      // In a workflow, `start` is the record that started the instance (over a field of that name).
      if (env.start && e->text == "start") {
        if (member_base_ != e) {
          report(diag::Diagnostic::error("E0201", "`start` is the workflow's start record, not a value")
                     .at(e->span, "expected `start.FIELD`")
                     .note("`start` reads fields of " + env.start_label + ", the record that started the instance"));
          t = error_type();
          break;
        }
        e->ref = NameRef::kStart;
        t = Type::make_struct(env.start);
        break;
      }
      if (env.system_paths && program_.systems.count(e->text)) {
        report(diag::Diagnostic::error("E0201", "a system is not a value")
                   .at(e->span, "expected `" + e->text + ".record.field`"));
        t = error_type();
        break;
      }
      if (env.record) {
        if (const schema::FieldSchema* f = env.record->find(e->text)) {
          e->ref = NameRef::kField;
          t = narrowed(e, f->type, env);
          break;
        }
      }
      if (env.system_paths) {
        auto d = diag::Diagnostic::error("E0101", "unknown system `" + e->text + "`")
                     .at(e->span, "expected `system.record.field` here");
        std::vector<std::string> systems;
        for (auto& [n, s] : program_.systems) systems.push_back(n);
        if (auto h = did_you_mean(e->text, systems); !h.empty()) d.with_help(h);
        report(std::move(d));
        t = error_type();
        break;
      }
      std::string where = env.record ? "on " + env.record_label : "in this scope";
      auto d = diag::Diagnostic::error(env.record ? "E0104" : "E0108",
                                       (env.record ? "unknown field `" : "unknown name `") + e->text + "` " + where)
                   .at(e->span, env.record ? "not a field of " + env.record_label : "not defined");
      if (e->text == "start" && env.no_start) d.note(env.no_start);
      if (auto h = did_you_mean(e->text, visible_names(env)); !h.empty()) d.with_help(h);
      report(std::move(d));
      t = error_type();
      break;
    }

    case ExprKind::kMember: {
      Expr* base = e->operands[0].get();
      // `woo.order.id` in keys and idempotency: system, then record, then fields.
      if (env.system_paths && base && base->kind == ExprKind::kName && !env.find_local(base->text) &&
          program_.systems.count(base->text)) {
        base->ref = NameRef::kSystem;
        const SystemInfo& sys = program_.systems[base->text];
        base->type = error_type();
        const schema::RecordSchema* rec = find_record(sys, Ident{e->text, e->name_span});
        if (!rec) {
          t = error_type();
          break;
        }
        if (env.systems_read) env.systems_read->push_back(base->text + "." + e->text);
        t = Type::make_struct(rec->type);
        break;
      }
      const Expr* outer_base = member_base_;
      member_base_ = base;
      TypePtr bt = check(base, env);
      member_base_ = outer_base;
      if (is_error(bt)) {
        t = error_type();
        break;
      }
      bool over_list = bt->kind == TypeKind::kList && bt->element && bt->element->kind == TypeKind::kStruct;
      const schema::StructType* st = bt->kind == TypeKind::kStruct ? bt->struct_type.get()
                                     : over_list                    ? bt->element->struct_type.get()
                                                                    : nullptr;
      if (st == nullptr) {
        report(diag::Diagnostic::error("E0201", "`." + e->text + "` on a value of type " + quoted(bt))
                   .at(e->name_span, "only records and structs have fields"));
        t = error_type();
        break;
      }
      const schema::FieldSchema* f = st->find(e->text);
      if (f == nullptr) {
        std::vector<std::string> names;
        for (auto& field : st->fields) names.push_back(field.name);
        auto d = diag::Diagnostic::error("E0104", "unknown field `" + e->text + "` on " + st->name)
                     .at(e->name_span, "not a field of " + st->name);
        if (auto h = did_you_mean(e->text, names); !h.empty()) d.with_help(h);
        report(std::move(d));
        t = error_type();
        break;
      }
      if (over_list) {
        // Projection: line_items.total is the list of every line's total.
        t = Type::make_list(f->type, bt->optional);
      } else {
        t = narrowed(e, bt->optional ? Type::with_optional(f->type, true) : f->type, env);
      }
      break;
    }

    case ExprKind::kIndex: t = check_index(e, env); break;
    case ExprKind::kCall: t = check_call(e, env); break;

    case ExprKind::kUnary: {
      TypePtr a = check(e->operands[0].get(), env);
      if (is_error(a)) {
        t = error_type();
      } else if (e->text == "-") {
        if (!a->is_numeric()) {
          report(diag::Diagnostic::error("E0201", "cannot negate a value of type " + quoted(a)).at(e->span, "expected a number"));
          t = error_type();
        } else {
          t = a;
        }
      } else {
        if (a->kind != TypeKind::kBool) {
          report(diag::Diagnostic::error("E0201", "`not` needs a bool, found " + quoted(a)).at(e->operands[0]->span, "not a bool"));
        }
        t = Type::make(TypeKind::kBool);
      }
      break;
    }

    case ExprKind::kBinary: {
      Expr* lhs = e->operands[0].get();
      Expr* rhs = e->operands[1].get();
      const std::string& op = e->text;
      TypePtr a = check(lhs, env);
      // Short circuit: the right of `a and b` runs only when `a` holds, of `a or b` only when it does not.
      bool logical = op == "and" || op == "or";
      if (logical) env.facts.push(facts_of(lhs, op == "and"));
      TypePtr b = check(rhs, env);
      if (logical) env.facts.pop();
      if (is_error(a) || is_error(b)) {
        t = (op == "==" || op == "!=" || op == "<" || op == "<=" || op == ">" || op == ">=" || op == "and" || op == "or")
                ? Type::make(TypeKind::kBool)
                : error_type();
        break;
      }
      if (op == "??") {
        if (!may_be_null(a) && !lhs->fallible && a->kind != TypeKind::kAny && a->kind != TypeKind::kNever) {
          report(diag::Diagnostic::warning("L0005", "`??` fallback on a value that is never null")
                     .at(lhs->span, "this is a " + quoted(a) + ", never null")
                     .with_help("drop `?? ...`"));
        }
        Fit fit;
        TypePtr u = unify(non_null(a), b, &fit);
        if (!u) {
          report_fit(*this, fit, e->span, "the two sides of `??` have different types " + quoted(a) + " and " + quoted(b),
                     "these do not fit together");
          t = error_type();
        } else {
          t = Type::with_optional(u, may_be_null(b));
        }
        // The fallback handles a failed conversion on the left.
        e->fallible = rhs->fallible;
        e->fallible_at = rhs->fallible_at;
        for (const Expr* side : {lhs, rhs})
          if (side->omits && !e->omits) e->omits = true, e->omit_at = side->omit_at;
        e->type = t;
        return t;
      }
      if (op == "and" || op == "or") {
        for (auto [x, tx] : {std::pair{lhs, a}, std::pair{rhs, b}}) {
          if (tx->kind != TypeKind::kBool)
            report(diag::Diagnostic::error("E0201", "`" + op + "` needs bools, found " + quoted(tx)).at(x->span, "not a bool"));
        }
        t = Type::make(TypeKind::kBool);
        break;
      }
      if (op == "==" || op == "!=" || op == "<" || op == "<=" || op == ">" || op == ">=") {
        bool ordered = op != "==" && op != "!=";
        Fit fit = comparable(*a, *b, ordered);
        if (fit != Fit::kOk) {
          report_fit(*this, fit, e->span, "cannot compare " + quoted(a) + " with " + quoted(b), "compared here");
        }
        // A literal compared with a closed enum must be one of its values.
        for (auto [en, lit] : {std::pair{a, rhs}, std::pair{b, lhs}}) {
          if (en->kind == TypeKind::kEnum && !en->open_enum && lit->kind == ExprKind::kLiteral &&
              lit->literal_kind == LiteralKind::kString &&
              std::find(en->enum_values.begin(), en->enum_values.end(), lit->text) == en->enum_values.end()) {
            auto d = diag::Diagnostic::error("E0209", "`\"" + lit->text + "\"` is not a value of " + quoted(en))
                         .at(lit->span, op == "!=" ? "always different" : "never equal");
            if (auto h = did_you_mean(lit->text, en->enum_values); !h.empty()) d.with_help(h);
            report(std::move(d));
          }
        }
        t = Type::make(TypeKind::kBool);
        break;
      }
      if (op == "+" && a->kind == TypeKind::kList && b->kind == TypeKind::kList) {
        // List concatenation: order lines plus a shipping line.
        Fit fit;
        t = unify(a, b, &fit);
        if (!t) {
          report_fit(*this, fit, e->span, "cannot concatenate " + quoted(a) + " and " + quoted(b), "element types differ");
          t = error_type();
        }
        break;
      }
      if (op == "+" && a->is_stringlike() && b->is_stringlike()) {
        t = Type::make(TypeKind::kString, a->optional || b->optional);
        break;
      }
      Fit fit;
      t = numeric_result(a, b, op == "/", fit);
      if (!t) {
        std::string message = "cannot apply `" + op + "` to " + quoted(a) + " and " + quoted(b);
        if (op == "+" && (a->is_stringlike() || b->is_stringlike()) && fit == Fit::kMismatch) {
          report(diag::Diagnostic::error("E0201", message).at(e->span, "mixed text and non-text")
                     .with_help("convert with `string(x)` to concatenate"));
        } else {
          report_fit(*this, fit, e->span, message, "operands do not fit");
        }
        t = error_type();
      }
      break;
    }

    case ExprKind::kIn: {
      TypePtr a = check(e->operands[0].get(), env);
      TypePtr b = check(e->operands[1].get(), env);
      t = Type::make(TypeKind::kBool);
      if (is_error(a) || is_error(b)) break;
      if (b->kind != TypeKind::kList) {
        report(diag::Diagnostic::error("E0201", "`in` needs a list on its right, found " + quoted(b)).at(e->operands[1]->span, "not a list"));
        break;
      }
      Fit fit = comparable(*a, *b->element, false);
      if (fit != Fit::kOk) {
        report_fit(*this, fit, e->span, "cannot look for " + quoted(a) + " in " + quoted(b), "element types differ");
        break;
      }
      Expr* list = e->operands[1].get();
      if (a->kind == TypeKind::kEnum && !a->open_enum && list->kind == ExprKind::kList) {
        for (auto& item : list->operands) {
          if (item && item->kind == ExprKind::kLiteral && item->literal_kind == LiteralKind::kString &&
              std::find(a->enum_values.begin(), a->enum_values.end(), item->text) == a->enum_values.end()) {
            auto d = diag::Diagnostic::error("E0209", "`\"" + item->text + "\"` is not a value of " + quoted(a))
                         .at(item->span, "never matches");
            if (auto h = did_you_mean(item->text, a->enum_values); !h.empty()) d.with_help(h);
            report(std::move(d));
          }
        }
      }
      break;
    }

    case ExprKind::kIf: {
      TypePtr c = check(e->operands[0].get(), env);
      if (!is_error(c) && c->kind != TypeKind::kBool)
        report(diag::Diagnostic::error("E0201", "`if` needs a bool condition, found " + quoted(c)).at(e->operands[0]->span, "not a bool"));
      auto [a, b] = check_branches(e, env, nullptr);
      Fit fit;
      t = unify(a, b, &fit);
      if (!t) {
        report_fit(*this, fit, e->span, "the branches of `if` have different types " + quoted(a) + " and " + quoted(b),
                   "branches differ");
        t = error_type();
      }
      break;
    }

    case ExprKind::kFor: t = check_for(e, env, nullptr); break;

    case ExprKind::kList: {
      TypePtr element = Type::make(TypeKind::kNever);
      for (auto& item : e->operands) {
        TypePtr it = check(item.get(), env);
        Fit fit;
        TypePtr u = unify(element, it, &fit);
        if (!u) {
          report_fit(*this, fit, item->span, "list elements have different types", "this is " + quoted(it));
          element = error_type();
          break;
        }
        element = u;
      }
      t = Type::make_list(element);
      break;
    }

    case ExprKind::kReject: t = Type::make(TypeKind::kNever); break;

    case ExprKind::kLambda:  // calls that take one check it themselves (check_call_list.cpp)
      report(diag::Diagnostic::error("E0204", "a key function `" + e->text + " => ...` is only an argument of `sort_by` and `group_by`")
                 .at(e->span, "not valid here"));
      t = error_type();
      break;
    case ExprKind::kOmit:
      t = Type::make(TypeKind::kNever);
      e->omits = true;
      e->omit_at = e->span;
      break;
  }
  // Reaching `omit` anywhere below leaves out the field whose value this is; a `for` passes on only its
  // list's (its filter and `=>` element are checked in check_for, its body's fields handle their own).
  for (size_t i = 0; i < e->operands.size() && !e->omits; ++i) {
    const auto& op = e->operands[i];
    if (op && op->omits && (e->kind != ExprKind::kFor || i == 0)) {
      e->omits = true;
      e->omit_at = op->omit_at;
    }
  }
  // A failed conversion anywhere below fails the whole expression unless `??` caught it.
  if (!e->fallible) {
    for (auto& op : e->operands) {
      if (op && op->fallible) {
        e->fallible = true;
        e->fallible_at = op->fallible_at;
        break;
      }
    }
  }
  e->type = t ? t : error_type();
  return e->type;
}

std::pair<TypePtr, TypePtr> Sema::check_branches(Expr* e, Env& env, const TypePtr* want) {
  // `then` runs when the condition holds, `else` when it does not: each branch sees what that says.
  TypePtr types[2];
  for (int i = 0; i < 2; ++i) {
    env.facts.push(facts_of(e->operands[0].get(), i == 0));
    Expr* branch = e->operands[size_t(i + 1)].get();
    types[i] = want ? check_targeted(branch, *want, env) : check(branch, env);
    env.facts.pop();
  }
  return {types[0], types[1]};
}

TypePtr Sema::narrowed(const Expr* e, const TypePtr& t, const Env& env) const {
  if (!t || !t->optional || env.facts.size() == 0) return t;
  std::string key = path_key(e);
  return !key.empty() && env.facts.non_null(key) ? non_null(t) : t;
}

TypePtr Sema::check_targeted(Expr* e, const TypePtr& want, Env& env) {
  bool object_list = e && want && want->kind == TypeKind::kList && want->element && want->element->kind == TypeKind::kStruct;
  if (!object_list) return check(e, env);
  TypePtr t;
  if (e->kind == ExprKind::kFor && e->block) {
    t = check_for(e, env, want->element);
  } else if (e->kind == ExprKind::kBinary && e->text == "+") {
    TypePtr a = check_targeted(e->operands[0].get(), want, env);
    TypePtr b = check_targeted(e->operands[1].get(), want, env);
    Fit fit;
    t = is_error(a) || is_error(b) ? error_type() : unify(a, b, &fit);
    if (!t) {
      report(diag::Diagnostic::error("E0201", "cannot concatenate " + quoted(a) + " and " + quoted(b)).at(e->span, "element types differ"));
      t = error_type();
    }
  } else if (e->kind == ExprKind::kIf) {
    TypePtr c = check(e->operands[0].get(), env);
    if (!is_error(c) && c->kind != TypeKind::kBool)
      report(diag::Diagnostic::error("E0201", "`if` needs a bool condition, found " + quoted(c)).at(e->operands[0]->span, "not a bool"));
    auto [a, b] = check_branches(e, env, &want);
    t = is_error(a) || is_error(b) ? error_type() : unify(a, b);
    if (!t) t = error_type();
  } else {
    return check(e, env);
  }
  for (auto& op : e->operands) {
    if (op && op->fallible && !e->fallible) {
      e->fallible = true;
      e->fallible_at = op->fallible_at;
    }
    if (op && op->omits && !e->omits) {
      e->omits = true;
      e->omit_at = op->omit_at;
    }
  }
  e->type = t;
  return t;
}

}  // namespace syncloom::frontend::detail
