// Run-time values of the reference interpreter: typed scalars, plus raw JSON from the input, converted
// to the IR's static type when a flow reads it (so fields a flow never reads are never validated).
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "syncloom/stdlib/decimal.hpp"

namespace syncloom::interp {

struct Date {
  int32_t days;  ///< since 1970-01-01
};
struct Timestamp {
  int64_t micros;  ///< since the epoch, UTC
};
/// A JSON number exactly as the input wrote it: converted to int, decimal or float only when read.
struct RawNumber {
  std::string text;
};

struct Value;
using List = std::vector<Value>;
using Object = std::vector<std::pair<std::string, Value>>;

struct Value {
  std::variant<std::monostate, bool, int64_t, sl_decimal, double, std::string, Date, Timestamp, RawNumber,
               std::shared_ptr<const List>, std::shared_ptr<const Object>>
      v;

  bool is_null() const { return std::holds_alternative<std::monostate>(v); }
  const List* list() const {
    auto* p = std::get_if<std::shared_ptr<const List>>(&v);
    return p ? p->get() : nullptr;
  }
  const Object* object() const {
    auto* p = std::get_if<std::shared_ptr<const Object>>(&v);
    return p ? p->get() : nullptr;
  }
  /// The field `name` of an object (null when absent or when this is not an object).
  const Value* field(std::string_view name) const;

  static Value null() { return {}; }
  static Value of_list(List items) { return {std::make_shared<const List>(std::move(items))}; }
  static Value of_object(Object fields) { return {std::make_shared<const Object>(std::move(fields))}; }
};

/// Appends `s` to `out` as a JSON string literal (quotes, escapes, control characters as \u00XX): the one
/// writer for records, reject lines and test output.
void append_json_string(std::string_view s, std::string& out);

}  // namespace syncloom::interp
