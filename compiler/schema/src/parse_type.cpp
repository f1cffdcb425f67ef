// Parses type spellings such as `decimal?`, `[line_item]` and `enum+(pending, on-hold)`.
//
// Grammar (spaces allowed between tokens):
//   type    := primary '?'?
//   primary := '[' type ']' | 'enum' '+'? '(' value (',' value)* ','? ')' | name
//   value   := bare | '"' chars '"' | '\'' chars '\''    bare: letters, digits, _ - . / :
//   name    := a scalar (int, decimal, ...) or a struct of the schema, optionally as `<kind>.<struct>`
#include <algorithm>
#include <array>
#include <cctype>
#include <utility>

#include "syncloom/schema/schema.hpp"
#include "text_util.hpp"

namespace syncloom::schema {

namespace {

constexpr std::array<std::pair<std::string_view, TypeKind>, 9> kScalars = {{
    {"int", TypeKind::kInt},
    {"decimal", TypeKind::kDecimal},
    {"float", TypeKind::kFloat},
    {"string", TypeKind::kString},
    {"bool", TypeKind::kBool},
    {"date", TypeKind::kDate},
    {"timestamp", TypeKind::kTimestamp},
    {"any", TypeKind::kAny},
    {"meta", TypeKind::kMeta},
}};

class TypeParser {
 public:
  TypeParser(std::string_view text, const SystemSchema& schema) : text_(text), schema_(schema) {}

  TypePtr parse_all(std::string& error) {
    skip_spaces();
    if (at_end()) return fail("empty type spelling", error);
    TypePtr t = parse_type();
    if (t) {
      skip_spaces();
      if (!at_end()) {
        error_ = "unexpected `" + std::string(text_.substr(pos_)) + "` after the type";
        t = nullptr;
      }
    }
    if (!t) {
      // A lone name needs no context; a composite spelling shows where the problem sits.
      bool composite = text_.find_first_of("[]?(),") != std::string_view::npos;
      error = composite ? error_ + " in type `" + std::string(text_) + "`" : error_;
      return nullptr;
    }
    return t;
  }

 private:
  TypePtr fail(std::string message, std::string& error) {
    error = std::move(message);
    return nullptr;
  }
  TypePtr fail(std::string message) {
    if (error_.empty()) error_ = std::move(message);
    return nullptr;
  }
  bool fail_value(std::string message) {
    fail(std::move(message));
    return false;
  }
  bool at_end() const { return pos_ >= text_.size(); }
  char peek() const { return at_end() ? '\0' : text_[pos_]; }
  void skip_spaces() {
    while (!at_end() && (text_[pos_] == ' ' || text_[pos_] == '\t')) ++pos_;
  }
  bool accept(char c) {
    skip_spaces();
    if (peek() != c) return false;
    ++pos_;
    return true;
  }

  TypePtr parse_type() {
    TypePtr t = parse_primary();
    if (!t) return nullptr;
    if (accept('?')) {
      if (accept('?')) return fail("`?` given twice");
      t = Type::with_optional(t, true);
    }
    return t;
  }

  TypePtr parse_primary() {
    skip_spaces();
    if (accept('[')) {
      TypePtr element = parse_type();
      if (!element) return nullptr;
      if (!accept(']')) return fail("expected `]` after the list element type");
      return Type::make_list(element);
    }
    std::string name = read_name();
    if (name.empty()) {
      if (at_end()) return fail("expected a type");
      return fail("unexpected `" + std::string(1, peek()) + "`, expected a type");
    }
    if (name == "enum") return parse_enum();
    for (const auto& [spelling, kind] : kScalars) {
      if (name == spelling) return Type::make(kind);
    }
    return lookup_struct(name);
  }

  std::string read_name() {
    size_t start = pos_;
    while (!at_end()) {
      char c = text_[pos_];
      bool ok = std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_' || c == '.';
      if (!ok) break;
      ++pos_;
    }
    return std::string(text_.substr(start, pos_ - start));
  }

  TypePtr lookup_struct(std::string name) {
    // `woocommerce.address` (as to_string prints it) names the same struct as `address`.
    std::string prefix = schema_.kind + ".";
    if (!schema_.kind.empty() && name.rfind(prefix, 0) == 0) name = name.substr(prefix.size());
    auto it = schema_.structs.find(name);
    if (it != schema_.structs.end() && it->second) return Type::make_struct(it->second);
    std::vector<std::string> candidates;
    for (const auto& scalar : kScalars) candidates.emplace_back(scalar.first);
    for (const auto& entry : schema_.structs) candidates.push_back(entry.first);
    if (schema_.records.count(name) > 0) {
      return fail("`" + name + "` is a record, not a struct; records cannot be nested");
    }
    return fail("unknown type `" + name + "`" + detail::did_you_mean(name, candidates));
  }

  TypePtr parse_enum() {
    bool open = accept('+');
    if (!accept('(')) return fail(open ? "expected `(` after `enum+`" : "expected `(` after `enum`");
    std::vector<std::string> values;
    while (true) {
      skip_spaces();
      if (peek() == ')' && !values.empty()) {  // trailing comma
        ++pos_;
        break;
      }
      std::string value;
      if (!read_enum_value(value)) return nullptr;
      if (std::find(values.begin(), values.end(), value) != values.end()) {
        return fail("enum value `" + value + "` listed twice");
      }
      values.push_back(std::move(value));
      if (accept(',')) continue;
      if (accept(')')) break;
      if (at_end()) return fail("expected `)` to close the enum");
      return fail("expected `,` or `)` in the enum, found `" + std::string(1, peek()) + "`");
    }
    return Type::make_enum(std::move(values), open, "");
  }

  bool read_enum_value(std::string& value) {
    char quote = peek();
    if (quote == '"' || quote == '\'') {
      ++pos_;
      while (!at_end() && peek() != quote) {
        if (peek() == '\\' && pos_ + 1 < text_.size()) ++pos_;
        value += text_[pos_++];
      }
      if (at_end()) return fail_value("unterminated quoted enum value");
      ++pos_;
      return true;
    }
    while (!at_end() && detail::is_bare_enum_char(peek())) value += text_[pos_++];
    if (value.empty()) {
      if (at_end() || peek() == ')') return fail_value("expected an enum value");
      return fail_value("unexpected `" + std::string(1, peek()) + "` in an enum value (quote other characters)");
    }
    return true;
  }

  std::string_view text_;
  const SystemSchema& schema_;
  size_t pos_ = 0;
  std::string error_;
};

}  // namespace

TypePtr parse_type(std::string_view spelling, const SystemSchema& schema, std::string& error) {
  TypeParser parser(spelling, schema);
  return parser.parse_all(error);
}

}  // namespace syncloom::schema
