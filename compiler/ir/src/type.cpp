// IR types: construction, spelling and equality.
#include "syncloom/ir/type.hpp"

namespace syncloom::ir {

TypeRef Type::scalar(Kind k, bool optional) {
  auto t = std::make_shared<Type>();
  t->kind = k;
  t->optional = optional;
  return t;
}

TypeRef Type::list(TypeRef element, bool optional) {
  auto t = std::make_shared<Type>();
  t->kind = Kind::kList;
  t->element = std::move(element);
  t->optional = optional;
  return t;
}

TypeRef Type::with_optional(const TypeRef& t, bool optional) {
  if (!t || t->optional == optional) return t;
  auto copy = std::make_shared<Type>(*t);
  copy->optional = optional;
  return copy;
}

std::string Type::to_string() const {
  std::string s;
  switch (kind) {
    case Kind::kNever: s = "never"; break;
    case Kind::kNull: s = "null"; break;
    case Kind::kBool: s = "bool"; break;
    case Kind::kInt: s = "int"; break;
    case Kind::kDecimal: s = "decimal"; break;
    case Kind::kFloat: s = "float"; break;
    case Kind::kString: s = "string"; break;
    case Kind::kDate: s = "date"; break;
    case Kind::kTimestamp: s = "timestamp"; break;
    case Kind::kAny: s = "any"; break;
    case Kind::kList: s = "[" + (element ? element->to_string() : std::string("?")) + "]"; break;
    case Kind::kObject:
      if (!name.empty()) {
        s = name;
        break;
      }
      s = "{";
      for (size_t i = 0; i < fields.size(); ++i)
        s += (i ? ", " : "") + fields[i].first + ": " + (fields[i].second ? fields[i].second->to_string() : "?");
      s += "}";
      break;
  }
  if (optional && kind != Kind::kNull) s += "?";
  return s;
}

bool same(const Type& a, const Type& b) {
  if (a.kind != b.kind || a.optional != b.optional) return false;
  if (a.kind == Kind::kList) return a.element && b.element && same(*a.element, *b.element);
  if (a.kind == Kind::kObject) {
    if (a.name != b.name) return false;
    if (a.fields.size() != b.fields.size()) return false;
    for (size_t i = 0; i < a.fields.size(); ++i)
      if (a.fields[i].first != b.fields[i].first || !same(*a.fields[i].second, *b.fields[i].second)) return false;
  }
  return true;
}

}  // namespace syncloom::ir
