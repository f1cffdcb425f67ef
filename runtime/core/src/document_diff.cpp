// Walking two JSON documents side by side to list what changed, where (docs/operations.md, "Changing a mapping safely").
#include "syncloom/core/document_diff.hpp"

#include <cstdlib>

#include "syncloom/wire/value.hpp"

namespace syncloom::core {
namespace {

// A decimal's digits without leading or trailing zeros and the power of ten of its last digit:
// "-012.340" is {negative, "1234", -2}. Empty digits: zero. False when the text is not a plain number.
struct Canonical {
  bool negative = false;
  std::string digits;
  long long exponent = 0;
};

bool canonical(std::string_view text, Canonical& out) {
  size_t i = 0;
  if (i < text.size() && (text[i] == '-' || text[i] == '+')) out.negative = text[i++] == '-';
  std::string digits;
  long long exponent = 0;
  bool any = false, point = false;
  for (; i < text.size(); ++i) {
    char c = text[i];
    if (c >= '0' && c <= '9') {
      digits += c;
      any = true;
      if (point) --exponent;
    } else if (c == '.' && !point) {
      point = true;
    } else {
      break;
    }
  }
  if (!any) return false;
  if (i < text.size()) {
    if (text[i] != 'e' && text[i] != 'E') return false;
    std::string rest(text.substr(i + 1));
    char* end = nullptr;
    long long e = std::strtoll(rest.c_str(), &end, 10);
    if (rest.empty() || *end != '\0') return false;
    exponent += e;
  }
  size_t first = digits.find_first_not_of('0');
  if (first == std::string::npos) {
    out = {};  // zero, whatever its sign and scale
    return true;
  }
  digits.erase(0, first);
  while (!digits.empty() && digits.back() == '0') {
    digits.pop_back();
    ++exponent;
  }
  out.digits = std::move(digits);
  out.exponent = exponent;
  return true;
}

bool same_value(const wire::Value& a, const wire::Value& b) {
  if (a.is_number() && b.is_number()) return same_decimal(a.text(), b.text());
  if (a.kind() != b.kind()) return false;
  if (a.is_array()) {
    if (a.size() != b.size()) return false;
    for (size_t i = 0; i < a.size(); ++i)
      if (!same_value(a[i], b[i])) return false;
    return true;
  }
  if (a.is_object()) {
    if (a.size() != b.size()) return false;
    for (const auto& [key, value] : a.members()) {
      const wire::Value* other = b.find(key);
      if (!other || !same_value(value, *other)) return false;
    }
    return true;
  }
  return a == b;
}

std::string member_path(const std::string& base, const std::string& key) { return base.empty() ? key : base + "." + key; }

void walk(const wire::Value& a, const wire::Value& b, const std::string& path, std::vector<FieldChange>& out) {
  if (a.is_object() && b.is_object()) {
    for (const auto& [key, value] : a.members()) {
      const wire::Value* other = b.find(key);
      if (!other) out.push_back({FieldChange::Kind::kRemoved, member_path(path, key), wire::dump(value), ""});
      else walk(value, *other, member_path(path, key), out);
    }
    for (const auto& [key, value] : b.members())
      if (!a.find(key)) out.push_back({FieldChange::Kind::kAdded, member_path(path, key), "", wire::dump(value)});
    return;
  }
  if (a.is_array() && b.is_array()) {
    for (size_t i = 0; i < a.size() || i < b.size(); ++i) {
      std::string at = path + "[" + std::to_string(i) + "]";
      if (i >= b.size()) out.push_back({FieldChange::Kind::kRemoved, at, wire::dump(a[i]), ""});
      else if (i >= a.size()) out.push_back({FieldChange::Kind::kAdded, at, "", wire::dump(b[i])});
      else walk(a[i], b[i], at, out);
    }
    return;
  }
  if (!same_value(a, b)) out.push_back({FieldChange::Kind::kChanged, path, wire::dump(a), wire::dump(b)});
}

}  // namespace

const char* field_change_name(FieldChange::Kind kind) {
  switch (kind) {
    case FieldChange::Kind::kChanged: return "changed";
    case FieldChange::Kind::kAdded: return "added";
    case FieldChange::Kind::kRemoved: return "removed";
  }
  return "changed";
}

bool same_decimal(std::string_view a, std::string_view b) {
  Canonical x, y;
  if (!canonical(a, x) || !canonical(b, y)) return a == b;
  return x.negative == y.negative && x.digits == y.digits && x.exponent == y.exponent;
}

std::vector<FieldChange> document_diff(std::string_view old_json, std::string_view new_json) {
  std::vector<FieldChange> out;
  if (old_json == new_json) return out;  // the usual case, and no parse needed: the same bytes
  auto a = wire::parse(old_json);
  auto b = wire::parse(new_json);
  if (!a.value || !b.value) {
    if (old_json != new_json) out.push_back({FieldChange::Kind::kChanged, "", std::string(old_json), std::string(new_json)});
    return out;
  }
  walk(*a.value, *b.value, "", out);
  return out;
}

std::string field_class(std::string_view path) {
  std::string out;
  for (size_t i = 0; i < path.size(); ++i) {
    out += path[i];
    if (path[i] != '[') continue;
    while (i + 1 < path.size() && path[i + 1] != ']') ++i;
  }
  return out;
}

}  // namespace syncloom::core
