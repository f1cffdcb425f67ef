// `changed(x)`: only in sync and workflow start filters, and `x` reads the record alone, since it is
// computed twice, on the record and on its previous version (docs/semantics.md).
#include <functional>
#include <set>

#include "types.hpp"

namespace syncloom::frontend::detail {

TypePtr Sema::check_changed(Expr* e, Env& env) {
  Expr* arg = e->operands[0].get();
  check(arg, env);
  if (!env.allow_changed)
    report(diag::Diagnostic::error("E0204", "`changed` is only valid in `sync ... when` and workflow `start ... when` filters")
               .at(e->span, "no previous version of the record here"));
  // The argument may bind its own loop variables; any other local has no value on the previous version.
  std::set<std::string> own;
  std::function<void(const Expr*)> visit = [&](const Expr* x) {
    if (x == nullptr) return;
    if (x->kind == ExprKind::kFor) own.insert(x->text);
    if (x->kind == ExprKind::kName && (x->ref == NameRef::kLoopVar || x->ref == NameRef::kLet) && !own.count(x->text))
      report(diag::Diagnostic::error("E0204", "`changed` compares the record with its previous version; `" + x->text +
                                                  "` is not part of the record")
                 .at(x->span, "bound outside `changed(...)`")
                 .with_help("pass a path of the record, e.g. `changed(refunds)`"));
    if (x->kind == ExprKind::kCall && x->text == "changed")
      report(diag::Diagnostic::error("E0204", "`changed` inside `changed(...)`: a previous version has no previous version of its own")
                 .at(x->span, "nested `changed`")
                 .with_help("compare the paths themselves: `changed(a) or changed(b)`"));
    for (const auto& op : x->operands) visit(op.get());
  };
  visit(arg);
  return Type::make(TypeKind::kBool);
}

}  // namespace syncloom::frontend::detail
