// The mapping language's static types: scalars, enums, optionals, lists, structs and records.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace syncloom::schema {

struct StructType;

enum class TypeKind : uint8_t {
  kNever,      ///< the type of `reject "..."`: fits anywhere
  kNull,       ///< the literal `null`
  kAny,        ///< an untyped JSON value (undeclared meta_data values); must be converted before use
  kBool,
  kInt,        ///< 64-bit signed integer
  kDecimal,    ///< exact decimal (money, prices, quantities sent as strings)
  kFloat,      ///< binary floating point (coordinates, Tryton quantities); never mixes with decimal
  kString,     ///< UTF-8 text
  kDate,       ///< calendar date
  kTimestamp,  ///< instant in UTC
  kEnum,       ///< a string restricted to listed values (open enums tolerate unknown values at run time)
  kList,       ///< [T]
  kStruct,     ///< a named struct or record
  kMeta,       ///< WooCommerce meta_data: a list of {key, value}, read by key: meta_data["key"]
  kError,      ///< poison type after an error was reported; silences follow-on errors
};

class Type;
using TypePtr = std::shared_ptr<const Type>;

/// Immutable; compare with `same_type`. Types are shared freely.
class Type {
 public:
  TypeKind kind = TypeKind::kError;
  bool optional = false;                ///< T? : may be null or missing
  std::vector<std::string> enum_values; ///< kEnum
  bool open_enum = false;               ///< kEnum: values outside the list may occur at run time
  std::string enum_name;                ///< kEnum: where it comes from, e.g. "woocommerce.order.status"
  TypePtr element;                      ///< kList
  std::shared_ptr<const StructType> struct_type;  ///< kStruct

  static TypePtr make(TypeKind k, bool optional = false);
  static TypePtr make_enum(std::vector<std::string> values, bool open, std::string name, bool optional = false);
  static TypePtr make_list(TypePtr element, bool optional = false);
  static TypePtr make_struct(std::shared_ptr<const StructType> s, bool optional = false);
  static TypePtr with_optional(const TypePtr& t, bool optional);

  bool is_numeric() const { return kind == TypeKind::kInt || kind == TypeKind::kDecimal || kind == TypeKind::kFloat; }
  bool is_stringlike() const { return kind == TypeKind::kString || kind == TypeKind::kEnum; }
  /// Spelling used in diagnostics and docs: "decimal?", "[woocommerce.line_item]", "enum+(pending, on-hold)";
  /// enums longer than six values end in "...".
  std::string to_string() const;
};

/// Structural equality: kind, optional-ness, enum values and openness, list elements, struct names.
bool same_type(const Type& a, const Type& b);
/// As above; with `ignore_optional`, `T?` and `T` compare equal at every level.
bool same_type(const Type& a, const Type& b, bool ignore_optional);

struct FieldSchema {
  std::string name;
  TypePtr type;
  bool required = false;   ///< a create/upsert must send it (target side)
  bool read_only = false;  ///< computed by the owning system; a flow must not write it
  std::string doc;
  uint32_t line = 0;       ///< line in the schema file, for diagnostics about schema files
};

/// A struct (address, line item) or a top-level record (order, salesOrder).
struct StructType {
  std::string name;       ///< qualified: "woocommerce.address" or, for records, "woocommerce.order"
  std::string doc;
  std::vector<FieldSchema> fields;
  /// Groups of fields of which a create must send at least one (BC: customerId or customerNumber).
  std::vector<std::vector<std::string>> required_one_of;
  const FieldSchema* find(std::string_view field) const;
};

}  // namespace syncloom::schema
