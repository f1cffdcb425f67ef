// Paths into a JSON document (`billing.email`, `line_items[0].sku`): read and set one value, for the
// dead-letter edits of `syncloom dlq edit --set` and the admin API.
//
//   auto doc = *syncloom::wire::parse(R"({"billing":{"email":"A@x"},"line_items":[{"sku":"S"}]})").value;
//   syncloom::wire::Value before;
//   std::string why = syncloom::wire::set_path(doc, "line_items[0].sku", Value::string("S-1"), &before);
//   // why == "" and before is "S"; set_path(doc, "line_items[3].sku", ...) == "line_items[3]: the array has 1 item"
#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "syncloom/wire/value.hpp"

namespace syncloom::wire {

/// One step of a path: an object member, or an array index.
struct PathStep {
  std::string key{};                 ///< the member name (when `index` is empty)
  std::optional<size_t> index{};     ///< `[N]`
};

/// Splits `a.b[0].c` into its steps; nullopt with `why` set for a malformed path (empty, `a..b`, `a[x]`).
/// A member name is any run of characters other than `.` and `[`.
std::optional<std::vector<PathStep>> parse_path(std::string_view path, std::string* why);

/// The value at `path`, or nullptr when a step is missing.
const Value* find_path(const Value& root, std::string_view path);

/// Sets the value at `path`. Missing object members are created on the way (as objects, and the last one
/// with `value`); array indexes must exist. Answers "" or why not, naming the step
/// ("billing.email: billing is a string, not an object"). `previous`, when given, receives the value
/// replaced (null when the member is new) and `created` whether the member is new.
std::string set_path(Value& root, std::string_view path, Value value, Value* previous = nullptr, bool* created = nullptr);

/// Removes the member or array item at `path`; "" or why not (the step that is missing).
std::string erase_path(Value& root, std::string_view path);

}  // namespace syncloom::wire
