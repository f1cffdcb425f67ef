// JSON-shaped values for `syncloom test`: expected records written in YAML and actual records the interpreter
// writes as JSON meet here. Numbers keep their text, so 12.50 and 12.5 compare equal by decimal value and
// nothing is ever rounded through a double.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace syncloom::cli {

struct TestValue {
  enum class Kind : uint8_t {
    kNull,    ///< YAML null, ~ or an empty value; JSON null
    kBool,    ///< `text` is "true" or "false"
    kNumber,  ///< `text` is the number as written (a plain YAML scalar in JSON number syntax)
    kString,  ///< `text` holds the characters (unescaped)
    kArray,   ///< `items`
    kObject,  ///< `fields`, in written order (order does not matter when comparing)
  };
  Kind kind = Kind::kNull;
  std::string text;
  std::vector<TestValue> items;
  std::vector<std::pair<std::string, TestValue>> fields;

  const TestValue* field(std::string_view name) const;
};

/// Parses one JSON document; false and `error` when it is malformed.
bool parse_json(std::string_view json, TestValue& out, std::string& error);

/// Compact JSON (the interpreter's input format).
std::string to_json(const TestValue& v);

/// Indented JSON for diffs; each line starts with `indent`.
std::string to_pretty_json(const TestValue& v, const std::string& indent);

/// The canonical form of a JSON number: "3.0000", "3" and "0.3e1" all give "3e0"; "-0" gives "0e0".
std::string canonical_number(std::string_view text);

/// True when `text` is a JSON number (and so a plain YAML scalar in that form is a number).
bool is_json_number(std::string_view text);

/// Structural differences, one line each: "lines[0].unit_price: expected 12.5, got 12.4". Empty: equal.
/// Object field order is ignored; numbers compare by decimal value (canonical_number).
std::vector<std::string> diff_values(const TestValue& expected, const TestValue& actual);

/// Deep merge for `patch`: objects merge field by field, anything else replaces.
void merge_patch(TestValue& target, const TestValue& patch);

}  // namespace syncloom::cli
