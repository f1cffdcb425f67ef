// Type factories, spelling for diagnostics, and structural type equality.
#include "syncloom/schema/type.hpp"

#include "text_util.hpp"

namespace syncloom::schema {

namespace {

// Long enums are cut in diagnostics; the full list is in the schema file and docs.
constexpr size_t kMaxEnumValuesShown = 6;

const char* scalar_name(TypeKind k) {
  switch (k) {
    case TypeKind::kNever: return "never";
    case TypeKind::kNull: return "null";
    case TypeKind::kAny: return "any";
    case TypeKind::kBool: return "bool";
    case TypeKind::kInt: return "int";
    case TypeKind::kDecimal: return "decimal";
    case TypeKind::kFloat: return "float";
    case TypeKind::kString: return "string";
    case TypeKind::kDate: return "date";
    case TypeKind::kTimestamp: return "timestamp";
    case TypeKind::kMeta: return "meta";
    case TypeKind::kEnum: return "enum";
    case TypeKind::kList: return "list";
    case TypeKind::kStruct: return "struct";
    case TypeKind::kError: return "<error>";
  }
  return "<error>";
}

}  // namespace

TypePtr Type::make(TypeKind k, bool optional) {
  auto t = std::make_shared<Type>();
  t->kind = k;
  t->optional = optional;
  return t;
}

TypePtr Type::make_enum(std::vector<std::string> values, bool open, std::string name, bool optional) {
  auto t = std::make_shared<Type>();
  t->kind = TypeKind::kEnum;
  t->optional = optional;
  t->enum_values = std::move(values);
  t->open_enum = open;
  t->enum_name = std::move(name);
  return t;
}

TypePtr Type::make_list(TypePtr element, bool optional) {
  auto t = std::make_shared<Type>();
  t->kind = TypeKind::kList;
  t->optional = optional;
  t->element = std::move(element);
  return t;
}

TypePtr Type::make_struct(std::shared_ptr<const StructType> s, bool optional) {
  auto t = std::make_shared<Type>();
  t->kind = TypeKind::kStruct;
  t->optional = optional;
  t->struct_type = std::move(s);
  return t;
}

TypePtr Type::with_optional(const TypePtr& t, bool optional) {
  if (!t || t->optional == optional) return t;
  auto copy = std::make_shared<Type>(*t);
  copy->optional = optional;
  return copy;
}

std::string Type::to_string() const {
  std::string out;
  switch (kind) {
    case TypeKind::kEnum: {
      out = open_enum ? "enum+(" : "enum(";
      for (size_t i = 0; i < enum_values.size(); ++i) {
        if (i > 0) out += ", ";
        if (i == kMaxEnumValuesShown) {
          out += "...";
          break;
        }
        out += detail::spell_enum_value(enum_values[i]);
      }
      out += ')';
      break;
    }
    case TypeKind::kList:
    {
      // Built by push_back/append: `"[" + s + "]"` trips GCC 12's false -Wrestrict at -O2 (PR 105329).
      std::string inner = element ? element->to_string() : std::string("<error>");
      out.reserve(inner.size() + 3);
      out.push_back('[');
      out.append(inner);
      out.push_back(']');
      break;
    }
    case TypeKind::kStruct:
      out = struct_type ? struct_type->name : std::string("<error>");
      break;
    default:
      out = scalar_name(kind);
      break;
  }
  // `null?` and `never?` say nothing more than `null` and `never`.
  if (optional && kind != TypeKind::kNull && kind != TypeKind::kNever && kind != TypeKind::kError) out += '?';
  return out;
}

bool same_type(const Type& a, const Type& b) { return same_type(a, b, false); }

bool same_type(const Type& a, const Type& b, bool ignore_optional) {
  if (a.kind != b.kind) return false;
  if (!ignore_optional && a.optional != b.optional) return false;
  switch (a.kind) {
    case TypeKind::kEnum:
      return a.open_enum == b.open_enum && a.enum_values == b.enum_values;
    case TypeKind::kList:
      if (!a.element || !b.element) return a.element == b.element;
      return same_type(*a.element, *b.element, ignore_optional);
    case TypeKind::kStruct:
      if (a.struct_type == b.struct_type) return true;
      return a.struct_type && b.struct_type && a.struct_type->name == b.struct_type->name;
    default:
      return true;
  }
}

const FieldSchema* StructType::find(std::string_view field) const {
  for (const FieldSchema& f : fields) {
    if (f.name == field) return &f;
  }
  return nullptr;
}

}  // namespace syncloom::schema
