// Construction, access and comparison of wire::Value.
#include "syncloom/wire/value.hpp"

#include <charconv>

namespace syncloom::wire {

Value Value::boolean(bool b) {
  Value v;
  v.kind_ = Kind::kBool;
  v.bool_ = b;
  return v;
}

Value Value::number(std::string text) {
  Value v;
  v.kind_ = Kind::kNumber;
  v.text_ = std::move(text);
  return v;
}

Value Value::integer(int64_t n) { return number(std::to_string(n)); }

Value Value::string(std::string s) {
  Value v;
  v.kind_ = Kind::kString;
  v.text_ = std::move(s);
  return v;
}

Value Value::array() {
  Value v;
  v.kind_ = Kind::kArray;
  return v;
}

Value Value::object() {
  Value v;
  v.kind_ = Kind::kObject;
  return v;
}

std::optional<int64_t> Value::as_int64() const {
  if (kind_ != Kind::kNumber) return std::nullopt;
  int64_t n = 0;
  const char* begin = text_.data();
  const char* end = begin + text_.size();
  auto [ptr, ec] = std::from_chars(begin, end, n);
  if (ec != std::errc() || ptr != end) return std::nullopt;
  return n;
}

Value& Value::push_back(Value v) {
  if (kind_ != Kind::kArray) *this = array();
  items_.push_back(std::move(v));
  return items_.back();
}

const Value* Value::find(std::string_view key) const {
  for (const auto& [k, v] : members_)
    if (k == key) return &v;
  return nullptr;
}

Value* Value::find(std::string_view key) {
  for (auto& [k, v] : members_)
    if (k == key) return &v;
  return nullptr;
}

const Value& Value::at(std::string_view key) const {
  static const Value kNull;
  const Value* v = find(key);
  return v ? *v : kNull;
}

Value& Value::set(std::string_view key, Value v) {
  if (kind_ != Kind::kObject) *this = object();
  if (Value* existing = find(key)) return *existing = std::move(v);
  members_.emplace_back(std::string(key), std::move(v));
  return members_.back().second;
}

bool Value::erase(std::string_view key) {
  for (auto it = members_.begin(); it != members_.end(); ++it)
    if (it->first == key) {
      members_.erase(it);
      return true;
    }
  return false;
}

bool operator==(const Value& a, const Value& b) {
  if (a.kind_ != b.kind_) return false;
  switch (a.kind_) {
    case Kind::kNull: return true;
    case Kind::kBool: return a.bool_ == b.bool_;
    case Kind::kNumber:
    case Kind::kString: return a.text_ == b.text_;
    case Kind::kArray: return a.items_ == b.items_;
    case Kind::kObject: return a.members_ == b.members_;
  }
  return false;
}

}  // namespace syncloom::wire
