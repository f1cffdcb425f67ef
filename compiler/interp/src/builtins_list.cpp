// sort, sort_by, distinct and group_by over values: keys become stdlib sl_keys (list.hpp), which decide the
// order and the groups, so the JIT (which runs this same code through its bridge) orders exactly alike.
#include "eval.hpp"
#include "syncloom/stdlib/list.hpp"

namespace syncloom::interp::detail {
namespace {

sl_key key_of(const Value& v) {
  sl_key k{SL_KEY_NULL, 0, 0, {}, nullptr, 0};
  if (v.is_null()) return k;
  if (auto* b = std::get_if<bool>(&v.v)) k = {SL_KEY_BOOL, *b ? 1 : 0, 0, {}, nullptr, 0};
  else if (auto* i = std::get_if<int64_t>(&v.v)) k = {SL_KEY_INT, *i, 0, {}, nullptr, 0};
  else if (auto* d = std::get_if<sl_decimal>(&v.v)) k = {SL_KEY_DECIMAL, 0, 0, *d, nullptr, 0};
  else if (auto* f = std::get_if<double>(&v.v)) k = {SL_KEY_FLOAT, 0, *f, {}, nullptr, 0};
  else if (auto* s = std::get_if<std::string>(&v.v)) k = {SL_KEY_STRING, 0, 0, {}, s->data(), s->size()};
  else if (auto* date = std::get_if<Date>(&v.v)) k = {SL_KEY_DATE, date->days, 0, {}, nullptr, 0};
  else if (auto* t = std::get_if<Timestamp>(&v.v)) k = {SL_KEY_TIMESTAMP, t->micros, 0, {}, nullptr, 0};
  else throw RecordError{"a list or object cannot be a sort or group key"};
  return k;
}

std::vector<sl_key> keys_of(const List& values) {
  std::vector<sl_key> keys;
  keys.reserve(values.size());
  for (const Value& v : values) keys.push_back(key_of(v));
  return keys;
}

const List& list_or_empty(const Value& v) {
  static const List kEmpty;  // immutable
  return v.list() ? *v.list() : kEmpty;
}

}  // namespace

std::optional<Value> call_list_builtin(const std::string& name, std::vector<Value>& a, const ir::Type&) {
  bool sort = name == "sort", sort_by = name == "sort_by";
  if (!sort && !sort_by && name != "distinct" && name != "group_by") return std::nullopt;
  // sort_by and group_by get the keys as their second operand: `for x in xs => key` (lowering).
  const List& items = list_or_empty(a[0]);
  const List& key_values = sort || name == "distinct" ? items : list_or_empty(a[1]);
  if (key_values.size() != items.size()) throw RecordError{"internal error: " + name + " got " + std::to_string(key_values.size()) + " keys"};
  std::vector<sl_key> keys = keys_of(key_values);
  if (sort || sort_by) {
    size_t order_arg = sort ? 1 : 2;
    bool descending = a.size() > order_arg && std::get_if<std::string>(&a[order_arg].v) && std::get<std::string>(a[order_arg].v) == "descending";
    std::vector<size_t> order(items.size());
    sl_list_sort_order(keys.data(), keys.size(), descending, order.data());
    List out;
    out.reserve(items.size());
    for (size_t i : order) out.push_back(items[i]);
    return Value::of_list(std::move(out));
  }
  std::vector<size_t> group_of(items.size());
  size_t groups = 0;
  sl_list_group(keys.data(), keys.size(), group_of.data(), &groups);
  if (name == "distinct") {
    List out;
    std::vector<bool> seen(groups, false);
    for (size_t i = 0; i < items.size(); ++i)
      if (!seen[group_of[i]]) {
        seen[group_of[i]] = true;
        out.push_back(items[i]);
      }
    return Value::of_list(std::move(out));
  }
  // group_by: {key, items} per group, the key as it first appeared.
  std::vector<List> members(groups);
  std::vector<size_t> first(groups, SIZE_MAX);
  for (size_t i = 0; i < items.size(); ++i) {
    members[group_of[i]].push_back(items[i]);
    if (first[group_of[i]] == SIZE_MAX) first[group_of[i]] = i;
  }
  List out;
  out.reserve(groups);
  for (size_t g = 0; g < groups; ++g)
    out.push_back(Value::of_object({{"key", key_values[first[g]]}, {"items", Value::of_list(std::move(members[g]))}}));
  return Value::of_list(std::move(out));
}

}  // namespace syncloom::interp::detail
