// Type rules: decimal never meets float implicitly; int widens to decimal or float; enums are strings.
#include "types.hpp"

namespace syncloom::frontend::detail {
namespace {

bool is_decimal_float_pair(TypeKind a, TypeKind b) {
  return (a == TypeKind::kDecimal && b == TypeKind::kFloat) || (a == TypeKind::kFloat && b == TypeKind::kDecimal);
}

}  // namespace

TypePtr unify(const TypePtr& a, const TypePtr& b, Fit* fit) {
  if (fit) *fit = Fit::kOk;
  if (is_error(a) || is_error(b)) return error_type();
  if (a->kind == TypeKind::kNever) return b;
  if (b->kind == TypeKind::kNever) return a;
  if (a->kind == TypeKind::kNull) return Type::with_optional(b, true);
  if (b->kind == TypeKind::kNull) return Type::with_optional(a, true);
  bool optional = a->optional || b->optional;
  if (a->kind == b->kind) {
    switch (a->kind) {
      case TypeKind::kEnum:
        if (a->enum_values == b->enum_values) return Type::with_optional(a, optional);
        return Type::make(TypeKind::kString, optional);
      case TypeKind::kList: {
        TypePtr element = unify(a->element, b->element, fit);
        if (!element) return nullptr;
        return Type::make_list(element, optional);
      }
      case TypeKind::kStruct:
        if (a->struct_type == b->struct_type) return Type::with_optional(a, optional);
        if (fit) *fit = Fit::kMismatch;
        return nullptr;
      default:
        return Type::with_optional(a, optional);
    }
  }
  if (a->is_stringlike() && b->is_stringlike()) return Type::make(TypeKind::kString, optional);
  if (is_decimal_float_pair(a->kind, b->kind)) {
    if (fit) *fit = Fit::kMoneyFloat;
    return nullptr;
  }
  if (a->is_numeric() && b->is_numeric()) {
    // int with decimal -> decimal; int with float -> float.
    TypeKind k = a->kind == TypeKind::kInt ? b->kind : a->kind;
    return Type::make(k, optional);
  }
  if (fit) *fit = Fit::kMismatch;
  return nullptr;
}

TypePtr numeric_result(const TypePtr& a, const TypePtr& b, bool division, Fit& fit) {
  fit = Fit::kOk;
  if (!a->is_numeric() || !b->is_numeric()) {
    fit = Fit::kMismatch;
    return nullptr;
  }
  if (is_decimal_float_pair(a->kind, b->kind)) {
    fit = Fit::kMoneyFloat;
    return nullptr;
  }
  bool optional = a->optional || b->optional;
  TypeKind k = a->kind == TypeKind::kInt ? b->kind : a->kind;
  // int / int is exact decimal division, never truncation.
  if (division && k == TypeKind::kInt) k = TypeKind::kDecimal;
  return Type::make(k, optional);
}

Fit fits(const Type& from, const Type& to) {
  if (from.kind == TypeKind::kError || to.kind == TypeKind::kError) return Fit::kOk;
  if (from.kind == TypeKind::kNever || from.kind == TypeKind::kNull) return Fit::kOk;
  if (to.kind == TypeKind::kAny) return from.kind == TypeKind::kStruct ? Fit::kMismatch : Fit::kOk;
  if (is_decimal_float_pair(from.kind, to.kind)) return Fit::kMoneyFloat;
  switch (to.kind) {
    case TypeKind::kDecimal:
    case TypeKind::kFloat:
      return from.kind == to.kind || from.kind == TypeKind::kInt ? Fit::kOk : Fit::kMismatch;
    case TypeKind::kString:
    case TypeKind::kEnum:
      // A string into an enum field is checked against the values at run time (literals now).
      return from.is_stringlike() ? Fit::kOk : Fit::kMismatch;
    case TypeKind::kList:
      if (from.kind != TypeKind::kList) return Fit::kMismatch;
      return fits(*from.element, *to.element);
    case TypeKind::kStruct:
      return from.kind == TypeKind::kStruct && from.struct_type == to.struct_type ? Fit::kOk : Fit::kMismatch;
    case TypeKind::kMeta:
      return from.kind == TypeKind::kMeta ? Fit::kOk : Fit::kMismatch;
    default:
      return from.kind == to.kind ? Fit::kOk : Fit::kMismatch;
  }
}

Fit comparable(const Type& a, const Type& b, bool ordered) {
  if (a.kind == TypeKind::kError || b.kind == TypeKind::kError) return Fit::kOk;
  if (!ordered && (a.kind == TypeKind::kNull || b.kind == TypeKind::kNull)) return Fit::kOk;
  if (is_decimal_float_pair(a.kind, b.kind)) return Fit::kMoneyFloat;
  if (a.is_numeric() && b.is_numeric()) return Fit::kOk;
  if (a.is_stringlike() && b.is_stringlike()) return Fit::kOk;
  if (a.kind != b.kind) return Fit::kMismatch;
  switch (a.kind) {
    case TypeKind::kDate:
    case TypeKind::kTimestamp:
      return Fit::kOk;
    case TypeKind::kBool:
      return ordered ? Fit::kMismatch : Fit::kOk;
    default:
      return Fit::kMismatch;
  }
}

}  // namespace syncloom::frontend::detail
