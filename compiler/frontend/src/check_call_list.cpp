// sort, sort_by, distinct and group_by: which element and key types order or compare, the key function
// `x => key` bound to the list's element type, and the bare sort orders `ascending` / `descending`.
#include "call_check.hpp"

namespace syncloom::frontend::detail {
namespace {

/// Types `sort` orders: numbers, text, dates, timestamps and bools (false first).
bool orderable(const Type& t) {
  return t.is_numeric() || t.is_stringlike() || t.kind == TypeKind::kDate || t.kind == TypeKind::kTimestamp || t.kind == TypeKind::kBool;
}

}  // namespace

TypePtr Sema::anonymous_struct(std::vector<schema::FieldSchema> fields, bool optional) {
  std::string spelling = "{";
  for (size_t i = 0; i < fields.size(); ++i) spelling += (i ? ", " : "") + fields[i].name + ": " + fields[i].type->to_string();
  spelling += "}";
  auto& known = anonymous_structs_[spelling];
  if (!known) {
    auto s = std::make_shared<schema::StructType>();
    s->name = spelling;
    s->fields = std::move(fields);
    known = s;
  }
  return Type::make_struct(known, optional);
}

TypePtr Sema::check_lambda(Expr* lambda, const TypePtr& element, Env& env) {
  env.locals.push_back({lambda->text, element, NameRef::kLoopVar, nullptr});
  TypePtr key = check(lambda->operands[0].get(), env);
  env.locals.pop_back();
  // A conversion in the key fails the call: `sort_by(xs, x => int(x.code))` must be handled like `int(...)`.
  lambda->fallible = lambda->operands[0]->fallible;
  lambda->fallible_at = lambda->operands[0]->fallible_at;
  lambda->type = key;
  return key;
}

TypePtr Sema::check_list_call(Expr* e, Env& env) {
  const std::string& name = e->text;
  auto& args = e->operands;
  CallCheck call(*this, e);
  bool keyed = name == "sort_by" || name == "group_by";
  bool ordered = name == "sort" || name == "sort_by";
  size_t base = keyed ? 2 : 1;
  if (!call.arity(base, ordered ? base + 1 : base)) {
    for (auto& a : args)
      if (a && a->kind != ExprKind::kLambda) check(a.get(), env);
    return error_type();
  }
  TypePtr list = check(args[0].get(), env);
  bool bad = is_error(list);
  if (!bad && list->kind != TypeKind::kList) {
    call.bad_arg(0, list, "a list");
    bad = true;
  }
  TypePtr element = bad ? error_type() : list->element;

  // 1. The key: the element itself, or what the key function computes from it.
  TypePtr key = element;
  Expr* key_at = args[0].get();
  if (keyed) {
    Expr* fn = args[1].get();
    if (fn->kind != ExprKind::kLambda) {
      TypePtr t = check(fn, env);
      if (!is_error(t))
        report(diag::Diagnostic::error("E0204", "`" + name + "` takes a key function as its second argument, found " +
                                                    ("`" + t->to_string() + "`"))
                   .at(fn->span, "not a key function")
                   .with_help("write the key as a function of one element, e.g. `" + name + "(line_items, l => l.sku)`"));
      return error_type();
    }
    key = check_lambda(fn, element, env);
    key_at = fn->operands[0].get();
  }
  // 2. The order: a bare `ascending` or `descending`.
  if (ordered && args.size() == base + 1) {
    Expr* order = args[base].get();
    if (order->kind != ExprKind::kName || (order->text != "ascending" && order->text != "descending")) {
      auto d = diag::Diagnostic::error("E0204", "`" + name + "` takes `ascending` or `descending` as its last argument")
                   .at(order->span, "not a sort order");
      if (order->kind == ExprKind::kName)
        if (auto h = did_you_mean(order->text, {"ascending", "descending"}); !h.empty()) d.with_help(h);
      report(std::move(d));
      return error_type();
    }
    order->ref = NameRef::kSortOrder;
  }
  if (bad || is_error(key)) return error_type();

  // 3. What the key may be: ordered values for sorting, values `==` compares for grouping.
  if (!orderable(*key)) {
    std::string what = ordered ? "ordered" : name == "distinct" ? "compared" : "grouped";
    report(diag::Diagnostic::error("E0204", "`" + name + "` cannot use `" + key->to_string() + "` values as keys: they are not " + what)
               .at(key_at->span, keyed ? "the key" : "the elements")
               .note("keys are numbers, strings, dates, timestamps or bools")
               .with_help(keyed ? "compute a scalar key, e.g. `l => l.sku`" : "use `sort_by` or `group_by` with a key function"));
    return error_type();
  }
  call.fallible(false);
  // A null list is an empty one (as for every list function): the result is never null.
  if (name != "group_by") return Type::make_list(element);
  return Type::make_list(anonymous_struct({make_field("key", key), make_field("items", Type::make_list(element))}, false));
}

}  // namespace syncloom::frontend::detail
