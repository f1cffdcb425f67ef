// A JSON value for the wire: numbers keep their exact text (money never becomes a binary float), objects
// keep their member order, and parsing reports errors as values with the byte offset.
//
//   auto parsed = syncloom::wire::parse(R"({"total":"29.35","lines":[{"price":12.50}]})");
//   if (!parsed.value) return error(parsed.error);            // "offset 12: expected ':'"
//   const Value* total = parsed.value->find("total");        // string "29.35"
//   parsed.value->at("lines")[0].find("price")->text();      // "12.50", exactly as sent
//   std::string out = syncloom::wire::dump(*parsed.value);   // compact, same number text
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace syncloom::wire {

enum class Kind : unsigned char { kNull, kBool, kNumber, kString, kArray, kObject };

class Value {
 public:
  using Member = std::pair<std::string, Value>;

  Value() = default;  ///< null
  static Value null() { return {}; }
  static Value boolean(bool b);
  /// A number from its JSON text ("29.35", "-1e3"); the text is not checked here (parse() checks input).
  static Value number(std::string text);
  static Value integer(int64_t n);
  static Value string(std::string s);
  static Value array();
  static Value object();

  Kind kind() const { return kind_; }
  bool is_null() const { return kind_ == Kind::kNull; }
  bool is_bool() const { return kind_ == Kind::kBool; }
  bool is_number() const { return kind_ == Kind::kNumber; }
  bool is_string() const { return kind_ == Kind::kString; }
  bool is_array() const { return kind_ == Kind::kArray; }
  bool is_object() const { return kind_ == Kind::kObject; }

  bool as_bool() const { return bool_; }
  /// A number's JSON text or a string's contents (unescaped); "" for other kinds.
  const std::string& text() const { return text_; }
  /// The number as an int64 when it is an integer that fits ("42", not "42.0"); nullopt otherwise.
  std::optional<int64_t> as_int64() const;

  // Arrays
  size_t size() const { return kind_ == Kind::kArray ? items_.size() : kind_ == Kind::kObject ? members_.size() : 0; }
  const std::vector<Value>& items() const { return items_; }
  std::vector<Value>& items() { return items_; }
  const Value& operator[](size_t i) const { return items_[i]; }
  Value& operator[](size_t i) { return items_[i]; }
  Value& push_back(Value v);

  // Objects (member order is kept; keys are unique after parse: a repeated key keeps the last value)
  const std::vector<Member>& members() const { return members_; }
  std::vector<Member>& members() { return members_; }
  const Value* find(std::string_view key) const;
  Value* find(std::string_view key);
  /// The member `key`, or a shared null when absent (for chained reads).
  const Value& at(std::string_view key) const;
  /// Sets `key` (replacing its value, or appending it) and returns it.
  Value& set(std::string_view key, Value v);
  bool erase(std::string_view key);

  friend bool operator==(const Value& a, const Value& b);  ///< numbers compare by text

 private:
  Kind kind_ = Kind::kNull;
  bool bool_ = false;
  std::string text_;
  std::vector<Value> items_;
  std::vector<Member> members_;
};

struct ParseResult {
  std::optional<Value> value;
  std::string error;   ///< "offset 12: expected ':' after an object key"
  size_t offset = 0;   ///< byte offset of the error
};

struct ParseLimits {
  unsigned max_depth = 256;                 ///< deeper nesting is an error, never a stack overflow
  uint64_t max_bytes = 256ull << 20;
};

/// Parses exactly one JSON document (white space around it allowed). Invalid UTF-8 in strings, control
/// characters, trailing bytes, a document cut off in the middle: errors with the offset.
ParseResult parse(std::string_view text, const ParseLimits& limits = {});

/// Compact JSON; numbers as their text; strings escaped minimally (`"`, `\`, control characters), `/` not.
std::string dump(const Value& value);
void dump_to(const Value& value, std::string& out);
/// Indented JSON for people (an editor's buffer, `syncloom dlq show`): one member or item a line, `indent`
/// spaces a level, empty objects and arrays as `{}` and `[]`; the same number text as dump().
std::string dump_pretty(const Value& value, int indent = 2);
/// Appends `s` as a JSON string literal (quotes included).
void append_quoted(std::string_view s, std::string& out);

}  // namespace syncloom::wire
