// Where values are consumed: assignability (E0201, E0202, E0205, E0209), unhandled fallible conversions
// (E0203) and `omit` where no field can be left out (E0212).
#include "types.hpp"

namespace syncloom::frontend::detail {

void report_fit(Sema& sema, Fit fit, Span span, const std::string& message, const std::string& label) {
  if (fit == Fit::kMoneyFloat) {
    sema.report(diag::Diagnostic::error("E0202", message + ": exact decimal mixed with binary floating point")
                    .at(span, label)
                    .note("money is exact decimal; binary floating point cannot represent 0.10 exactly")
                    .with_help("convert explicitly: `decimal(x)` for floats, `float(x)` where the target really is float"));
  } else {
    sema.report(diag::Diagnostic::error("E0201", message).at(span, label));
  }
}

void Sema::require_handled(const Expr* e, const char* omit_context) {
  if (e == nullptr) return;
  if (e->fallible)
    report(diag::Diagnostic::error("E0203", "fallible conversion is not handled")
               .at(e->fallible_at, "this can fail at run time")
               .with_help("add `!` to reject the record when it fails, or `?? fallback` to use a default"));
  if (e->omits && omit_context) report_omit(e->omit_at, omit_context);
}

void Sema::report_omit(Span at, const std::string& label) {
  report(diag::Diagnostic::error("E0212", "`omit` only leaves out a field, and this is not a field's value")
             .at(at, label)
             .note("`omit` may stand in the value of a field assignment, a table row looked up there, or a meta_data entry;"
                   " not in a `let`, `check`, filter, key, function body or `=>` list element")
             .with_help("leave the field out where it is assigned: `phone = billing.phone ?? omit`"));
}

void Sema::check_assignable(Expr* e, const TypePtr& want, Env& env, std::string_view what, bool required, const char* omit_context) {
  if (e == nullptr) return;
  TypePtr t = check_targeted(e, want, env);
  require_handled(e, omit_context);
  if (is_error(t) || !want || is_error(want)) return;
  Fit fit = fits(*t, *want);
  // A literal such as 1.0 states no money; it may initialise a float field.
  bool literal = e->kind == ExprKind::kLiteral ||
                 (e->kind == ExprKind::kUnary && e->text == "-" && e->operands[0] && e->operands[0]->kind == ExprKind::kLiteral);
  if (fit == Fit::kMoneyFloat && want->kind == TypeKind::kFloat && literal) fit = Fit::kOk;
  if (fit != Fit::kOk) {
    std::string message = std::string(what) + " expects " + quoted(want) + ", found " + quoted(t);
    if (fit == Fit::kMismatch && t->kind == TypeKind::kAny)
      report(diag::Diagnostic::error("E0201", message).at(e->span, "untyped value")
                 .with_help("convert it, e.g. `string(x)`, `decimal(x) ?? 0`, or declare the meta key's type with `extend`"));
    else if (fit == Fit::kMismatch && t->kind == TypeKind::kTimestamp && want->kind == TypeKind::kDate)
      report(diag::Diagnostic::error("E0201", message).at(e->span, "a timestamp, not a date").with_help("use `date(x)` for the UTC calendar date"));
    else
      report_fit(*this, fit, e->span, message, "this is " + quoted(t));
    return;
  }
  if (required && may_be_null(t) && t->kind != TypeKind::kNever) {
    report(diag::Diagnostic::error("E0205", std::string(what) + " is required but this value may be null")
               .at(e->span, "may be null")
               .with_help("give a fallback with `?? value`, or `?? reject \"reason\"`"));
  }
  if (want->kind == TypeKind::kEnum && !want->open_enum && e->kind == ExprKind::kLiteral &&
      e->literal_kind == LiteralKind::kString &&
      std::find(want->enum_values.begin(), want->enum_values.end(), e->text) == want->enum_values.end()) {
    auto d = diag::Diagnostic::error("E0209", "`\"" + e->text + "\"` is not a value of " + quoted(want)).at(e->span, "not allowed here");
    if (auto h = did_you_mean(e->text, want->enum_values); !h.empty()) d.with_help(h);
    report(std::move(d));
  }
}

}  // namespace syncloom::frontend::detail
