// IR value types: what the interpreter and the JIT compute with. Decided at compile time, never inspected
// at run time except where a value is `any` (undeclared meta_data).
#pragma once

#include <memory>
#include <string>
#include <vector>

namespace syncloom::ir {

enum class Kind : uint8_t {
  kNever,      ///< rejects; fits anywhere
  kNull,       ///< the literal null
  kBool,
  kInt,        ///< int64, overflow is a record error
  kDecimal,    ///< exact decimal (stdlib sl_decimal)
  kFloat,      ///< float64
  kString,     ///< UTF-8
  kDate,       ///< days since 1970-01-01
  kTimestamp,  ///< microseconds since the epoch, UTC
  kAny,        ///< untyped JSON (meta_data values not declared with `extend`)
  kList,
  kObject,
};

struct Type;
using TypeRef = std::shared_ptr<const Type>;

struct Type {
  Kind kind = Kind::kNever;
  bool optional = false;   ///< may be null
  TypeRef element;         ///< kList
  std::vector<std::pair<std::string, TypeRef>> fields;  ///< kObject, in declaration order
  std::string name;  ///< kObject from a schema struct ("tryton.address"): printed instead of the fields

  static TypeRef scalar(Kind k, bool optional = false);
  static TypeRef list(TypeRef element, bool optional = false);
  static TypeRef with_optional(const TypeRef& t, bool optional);
  /// "decimal?", "[string]", "{sku: string, qty: int}"
  std::string to_string() const;
};

bool same(const Type& a, const Type& b);

}  // namespace syncloom::ir
