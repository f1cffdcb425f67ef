// Parsing, printing and comparing the JSON-shaped values of `syncloom test`.
#include "mapping_test_value.hpp"

#include "syncloom/interp/value.hpp"

#include <cstdio>
#include <nlohmann/json.hpp>

namespace syncloom::cli {
namespace {

// Builds a TestValue from nlohmann's SAX events: its DOM would turn 12.50 into a double.
class TreeBuilder : public nlohmann::json_sax<nlohmann::json> {
 public:
  explicit TreeBuilder(TestValue& root) : root_(root) {}

  bool null() override { return put({}); }
  bool boolean(bool b) override { return put(scalar(TestValue::Kind::kBool, b ? "true" : "false")); }
  bool number_integer(number_integer_t n) override { return put(scalar(TestValue::Kind::kNumber, std::to_string(n))); }
  bool number_unsigned(number_unsigned_t n) override { return put(scalar(TestValue::Kind::kNumber, std::to_string(n))); }
  bool number_float(number_float_t, const string_t& s) override { return put(scalar(TestValue::Kind::kNumber, s)); }
  bool string(string_t& s) override { return put(scalar(TestValue::Kind::kString, s)); }
  bool binary(binary_t&) override { return false; }
  bool start_object(std::size_t) override { return open(TestValue::Kind::kObject); }
  bool key(string_t& k) override {
    stack_.back()->fields.emplace_back(k, TestValue{});
    return true;
  }
  bool end_object() override { return stack_.pop_back(), true; }
  bool start_array(std::size_t) override { return open(TestValue::Kind::kArray); }
  bool end_array() override { return stack_.pop_back(), true; }
  bool parse_error(std::size_t position, const std::string&, const nlohmann::detail::exception& e) override {
    error_ = e.what();
    (void)position;
    return false;
  }
  const std::string& error() const { return error_; }

 private:
  static TestValue scalar(TestValue::Kind kind, std::string text) {
    TestValue v;
    v.kind = kind;
    v.text = std::move(text);
    return v;
  }
  // The slot the next value goes into: the root, the last key of an object, or a new array item.
  TestValue* slot() {
    if (stack_.empty()) return &root_;
    TestValue* top = stack_.back();
    if (top->kind == TestValue::Kind::kArray) return &top->items.emplace_back();
    return &top->fields.back().second;
  }
  bool put(TestValue v) {
    *slot() = std::move(v);
    return true;
  }
  bool open(TestValue::Kind kind) {
    TestValue* s = slot();
    s->kind = kind;
    stack_.push_back(s);
    return true;
  }

  TestValue& root_;
  std::vector<TestValue*> stack_;
  std::string error_;
};

// JSON string escaping is the engines' own, so test output spells strings as `syncloom map` does.
void append_string(std::string& out, std::string_view s) { interp::append_json_string(s, out); }

void append_json(std::string& out, const TestValue& v, const std::string* indent, int depth) {
  auto newline = [&](int d) {
    if (indent == nullptr) return;
    out += '\n';
    out += *indent;
    out.append(size_t(d) * 2, ' ');
  };
  switch (v.kind) {
    case TestValue::Kind::kNull: out += "null"; break;
    case TestValue::Kind::kBool:
    case TestValue::Kind::kNumber: out += v.text; break;
    case TestValue::Kind::kString: append_string(out, v.text); break;
    case TestValue::Kind::kArray:
      if (v.items.empty()) {
        out += "[]";
        break;
      }
      out += '[';
      for (size_t i = 0; i < v.items.size(); ++i) {
        if (i > 0) out += ',';
        newline(depth + 1);
        append_json(out, v.items[i], indent, depth + 1);
      }
      newline(depth);
      out += ']';
      break;
    case TestValue::Kind::kObject:
      if (v.fields.empty()) {
        out += "{}";
        break;
      }
      out += '{';
      for (size_t i = 0; i < v.fields.size(); ++i) {
        if (i > 0) out += ',';
        newline(depth + 1);
        append_string(out, v.fields[i].first);
        out += indent != nullptr ? ": " : ":";
        append_json(out, v.fields[i].second, indent, depth + 1);
      }
      newline(depth);
      out += '}';
      break;
  }
}

bool same_value(const TestValue& a, const TestValue& b) {
  if (a.kind != b.kind) return false;
  if (a.kind == TestValue::Kind::kNumber) return canonical_number(a.text) == canonical_number(b.text);
  return a.text == b.text;
}

std::string member_path(const std::string& base, const std::string& name) {
  return base.empty() ? name : base + "." + name;
}

void diff_into(const TestValue& e, const TestValue& a, const std::string& path, std::vector<std::string>& out) {
  const std::string where = path.empty() ? "(record)" : path;
  if (e.kind != a.kind || (e.kind != TestValue::Kind::kArray && e.kind != TestValue::Kind::kObject)) {
    if (!same_value(e, a)) out.push_back(where + ": expected " + to_json(e) + ", got " + to_json(a));
    return;
  }
  if (e.kind == TestValue::Kind::kArray) {
    size_t common = std::min(e.items.size(), a.items.size());
    for (size_t i = 0; i < common; ++i) diff_into(e.items[i], a.items[i], path + "[" + std::to_string(i) + "]", out);
    for (size_t i = common; i < e.items.size(); ++i)
      out.push_back(path + "[" + std::to_string(i) + "]: missing (expected " + to_json(e.items[i]) + ")");
    for (size_t i = common; i < a.items.size(); ++i)
      out.push_back(path + "[" + std::to_string(i) + "]: unexpected " + to_json(a.items[i]));
    return;
  }
  for (const auto& [name, ev] : e.fields) {
    const TestValue* av = a.field(name);
    if (av == nullptr) out.push_back(member_path(path, name) + ": missing (expected " + to_json(ev) + ")");
    else diff_into(ev, *av, member_path(path, name), out);
  }
  for (const auto& [name, av] : a.fields)
    if (e.field(name) == nullptr) out.push_back(member_path(path, name) + ": unexpected " + to_json(av));
}

}  // namespace

const TestValue* TestValue::field(std::string_view name) const {
  for (const auto& [k, v] : fields)
    if (k == name) return &v;
  return nullptr;
}

bool parse_json(std::string_view json, TestValue& out, std::string& error) {
  out = TestValue{};
  TreeBuilder builder(out);
  if (nlohmann::json::sax_parse(json.begin(), json.end(), &builder)) return true;
  error = builder.error().empty() ? "malformed JSON" : builder.error();
  return false;
}

std::string to_json(const TestValue& v) {
  std::string out;
  append_json(out, v, nullptr, 0);
  return out;
}

std::string to_pretty_json(const TestValue& v, const std::string& indent) {
  std::string out = indent;
  append_json(out, v, &indent, 0);
  return out;
}

bool is_json_number(std::string_view t) {
  size_t i = 0;
  auto digits = [&] {
    size_t start = i;
    while (i < t.size() && t[i] >= '0' && t[i] <= '9') ++i;
    return i - start;
  };
  if (i < t.size() && t[i] == '-') ++i;
  size_t int_start = i;
  size_t n = digits();
  if (n == 0 || (n > 1 && t[int_start] == '0')) return false;
  if (i < t.size() && t[i] == '.') {
    ++i;
    if (digits() == 0) return false;
  }
  if (i < t.size() && (t[i] == 'e' || t[i] == 'E')) {
    ++i;
    if (i < t.size() && (t[i] == '+' || t[i] == '-')) ++i;
    if (digits() == 0) return false;
  }
  return i == t.size();
}

std::string canonical_number(std::string_view t) {
  if (!is_json_number(t)) return std::string(t);
  bool negative = !t.empty() && t[0] == '-';
  std::string digits;
  long long exponent = 0;
  size_t i = negative ? 1 : 0;
  for (; i < t.size() && t[i] != 'e' && t[i] != 'E'; ++i) {
    if (t[i] == '.') continue;
    digits += t[i];
  }
  size_t dot = t.find('.');
  size_t exp_pos = t.find_first_of("eE");
  if (dot != std::string_view::npos) exponent -= static_cast<long long>((exp_pos == std::string_view::npos ? t.size() : exp_pos) - dot - 1);
  if (exp_pos != std::string_view::npos) {
    try {
      exponent += std::stoll(std::string(t.substr(exp_pos + 1)));
    } catch (const std::exception&) {
      return std::string(t);  // an exponent beyond long long: compare as written
    }
  }
  size_t first = digits.find_first_not_of('0');
  if (first == std::string::npos) return "0e0";
  digits.erase(0, first);
  while (digits.size() > 1 && digits.back() == '0') digits.pop_back(), ++exponent;
  return (negative ? "-" : "") + digits + "e" + std::to_string(exponent);
}

std::vector<std::string> diff_values(const TestValue& expected, const TestValue& actual) {
  std::vector<std::string> out;
  diff_into(expected, actual, "", out);
  return out;
}

void merge_patch(TestValue& target, const TestValue& patch) {
  if (patch.kind != TestValue::Kind::kObject || target.kind != TestValue::Kind::kObject) {
    target = patch;
    return;
  }
  for (const auto& [name, pv] : patch.fields) {
    bool found = false;
    for (auto& [tname, tv] : target.fields) {
      if (tname == name) {
        merge_patch(tv, pv);
        found = true;
        break;
      }
    }
    if (!found) target.fields.emplace_back(name, pv);
  }
}

}  // namespace syncloom::cli
