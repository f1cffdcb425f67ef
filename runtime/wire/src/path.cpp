// Paths into JSON documents: parsing `a.b[0].c`, walking it to read, set or erase one value.
#include "syncloom/wire/path.hpp"

namespace syncloom::wire {
namespace {

const char* kind_name(Kind kind) {
  switch (kind) {
    case Kind::kNull: return "null";
    case Kind::kBool: return "a boolean";
    case Kind::kNumber: return "a number";
    case Kind::kString: return "a string";
    case Kind::kArray: return "an array";
    case Kind::kObject: return "an object";
  }
  return "a value";
}

std::string step_text(const std::vector<PathStep>& steps, size_t upto) {
  std::string out;
  for (size_t i = 0; i <= upto && i < steps.size(); ++i) {
    if (steps[i].index) out += "[" + std::to_string(*steps[i].index) + "]";
    else out += (out.empty() ? "" : ".") + steps[i].key;
  }
  return out;
}

// Walks `steps` but the last; creates missing object members when `create`. Answers the container
// holding the last step, or nullptr with `why` set.
Value* parent_of(Value& root, const std::vector<PathStep>& steps, bool create, std::string& why) {
  Value* at = &root;
  for (size_t i = 0; i + 1 < steps.size(); ++i) {
    const PathStep& step = steps[i];
    std::string where = step_text(steps, i);
    if (step.index) {
      if (!at->is_array()) {
        why = where + ": " + (i == 0 ? std::string("the document") : step_text(steps, i - 1)) + " is " +
              kind_name(at->kind()) + ", not an array";
        return nullptr;
      }
      if (*step.index >= at->size()) {
        why = where + ": the array has " + std::to_string(at->size()) + (at->size() == 1 ? " item" : " items");
        return nullptr;
      }
      at = &(*at)[*step.index];
      continue;
    }
    if (!at->is_object()) {
      why = where + ": " + (i == 0 ? std::string("the document") : step_text(steps, i - 1)) + " is " +
            kind_name(at->kind()) + ", not an object";
      return nullptr;
    }
    Value* next = at->find(step.key);
    if (!next) {
      if (!create) {
        why = where + ": no such member";
        return nullptr;
      }
      next = &at->set(step.key, Value::object());
    }
    at = next;
  }
  return at;
}

}  // namespace

std::optional<std::vector<PathStep>> parse_path(std::string_view path, std::string* why) {
  std::vector<PathStep> steps;
  size_t i = 0;
  auto fail = [&](const std::string& what) -> std::optional<std::vector<PathStep>> {
    if (why) *why = "`" + std::string(path) + "`: " + what;
    return std::nullopt;
  };
  if (path.empty()) return fail("an empty path");
  while (i < path.size()) {
    if (path[i] == '[') {
      size_t close = path.find(']', i);
      if (close == std::string_view::npos || close == i + 1) return fail("expected [N] with a number N");
      size_t n = 0;
      for (size_t j = i + 1; j < close; ++j) {
        if (path[j] < '0' || path[j] > '9' || close - i > 10) return fail("expected [N] with a number N");
        n = n * 10 + static_cast<size_t>(path[j] - '0');
      }
      steps.push_back({.index = n});
      i = close + 1;
      if (i < path.size() && path[i] != '.' && path[i] != '[') return fail("expected `.` or `[` after `]`");
      if (i < path.size() && path[i] == '.') {
        ++i;
        if (i == path.size()) return fail("a path cannot end with `.`");
      }
      continue;
    }
    size_t end = path.find_first_of(".[", i);
    if (end == std::string_view::npos) end = path.size();
    if (end == i) return fail("an empty member name");
    steps.push_back({.key = std::string(path.substr(i, end - i))});
    i = end;
    if (i < path.size() && path[i] == '.') {
      ++i;
      if (i == path.size()) return fail("a path cannot end with `.`");
    }
  }
  return steps;
}

const Value* find_path(const Value& root, std::string_view path) {
  auto steps = parse_path(path, nullptr);
  if (!steps) return nullptr;
  const Value* at = &root;
  for (const PathStep& step : *steps) {
    if (step.index) {
      if (!at->is_array() || *step.index >= at->size()) return nullptr;
      at = &(*at)[*step.index];
    } else {
      if (!at->is_object()) return nullptr;
      at = at->find(step.key);
      if (!at) return nullptr;
    }
  }
  return at;
}

std::string set_path(Value& root, std::string_view path, Value value, Value* previous, bool* created) {
  std::string why;
  auto steps = parse_path(path, &why);
  if (!steps) return why;
  Value* parent = parent_of(root, *steps, true, why);
  if (!parent) return why;
  const PathStep& last = steps->back();
  std::string where = step_text(*steps, steps->size() - 1);
  std::string holder = steps->size() == 1 ? "the document" : step_text(*steps, steps->size() - 2);
  if (last.index) {
    if (!parent->is_array()) return where + ": " + holder + " is " + kind_name(parent->kind()) + ", not an array";
    if (*last.index >= parent->size())
      return where + ": the array has " + std::to_string(parent->size()) + (parent->size() == 1 ? " item" : " items");
    if (previous) *previous = (*parent)[*last.index];
    if (created) *created = false;
    (*parent)[*last.index] = std::move(value);
    return {};
  }
  if (!parent->is_object()) return where + ": " + holder + " is " + kind_name(parent->kind()) + ", not an object";
  const Value* existing = parent->find(last.key);
  if (previous) *previous = existing ? *existing : Value::null();
  if (created) *created = existing == nullptr;
  parent->set(last.key, std::move(value));
  return {};
}

std::string erase_path(Value& root, std::string_view path) {
  std::string why;
  auto steps = parse_path(path, &why);
  if (!steps) return why;
  Value* parent = parent_of(root, *steps, false, why);
  if (!parent) return why;
  const PathStep& last = steps->back();
  std::string where = step_text(*steps, steps->size() - 1);
  if (last.index) {
    if (!parent->is_array() || *last.index >= parent->size()) return where + ": no such item";
    parent->items().erase(parent->items().begin() + static_cast<std::ptrdiff_t>(*last.index));
    return {};
  }
  if (!parent->is_object() || !parent->erase(last.key)) return where + ": no such member";
  return {};
}

}  // namespace syncloom::wire
