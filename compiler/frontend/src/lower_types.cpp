// Enums become strings (their values were checked statically); structs become objects; meta_data a
// list of {key, value} objects.
#include "lower_types.hpp"

namespace syncloom::frontend::detail {

ir::TypeRef TypeLowering::lower(const schema::TypePtr& t) {
  using schema::TypeKind;
  using ir::Kind;
  if (!t) return ir::Type::scalar(Kind::kNever);
  bool opt = t->optional;
  switch (t->kind) {
    case TypeKind::kNever: return ir::Type::scalar(Kind::kNever);
    case TypeKind::kError: return ir::Type::scalar(Kind::kNever);
    case TypeKind::kNull: return ir::Type::scalar(Kind::kNull, true);
    case TypeKind::kAny: return ir::Type::scalar(Kind::kAny, opt);
    case TypeKind::kBool: return ir::Type::scalar(Kind::kBool, opt);
    case TypeKind::kInt: return ir::Type::scalar(Kind::kInt, opt);
    case TypeKind::kDecimal: return ir::Type::scalar(Kind::kDecimal, opt);
    case TypeKind::kFloat: return ir::Type::scalar(Kind::kFloat, opt);
    case TypeKind::kString:
    case TypeKind::kEnum: return ir::Type::scalar(Kind::kString, opt);
    case TypeKind::kDate: return ir::Type::scalar(Kind::kDate, opt);
    case TypeKind::kTimestamp: return ir::Type::scalar(Kind::kTimestamp, opt);
    case TypeKind::kList: return ir::Type::list(lower(t->element), opt);
    case TypeKind::kMeta: {
      auto entry = std::make_shared<ir::Type>();
      entry->kind = Kind::kObject;
      entry->fields = {{"key", ir::Type::scalar(Kind::kString)}, {"value", ir::Type::scalar(Kind::kAny, true)}};
      return ir::Type::list(entry, opt);
    }
    case TypeKind::kStruct: {
      const schema::StructType* st = t->struct_type.get();
      auto it = structs_.find(st);
      if (it == structs_.end()) {
        auto obj = std::make_shared<ir::Type>();
        obj->kind = Kind::kObject;
        obj->name = st ? st->name : "";
        it = structs_.emplace(st, obj).first;
        if (st)
          for (const auto& f : st->fields) obj->fields.emplace_back(f.name, lower(f.type));
      }
      return ir::Type::with_optional(it->second, opt);
    }
  }
  return ir::Type::scalar(Kind::kNever);
}

}  // namespace syncloom::frontend::detail
