// The registry of built-in function specs (spec.hpp), gathered from the functions' own files.
#include <algorithm>
#include <string_view>

#include "syncloom/stdlib/spec.hpp"

namespace syncloom::stdlib {
namespace specs {
#define SPEC(name) extern const FunctionSpec name;
#include "spec_list.def"
#undef SPEC
}  // namespace specs

const std::vector<const FunctionSpec*>& function_specs() {
  static const std::vector<const FunctionSpec*> all = [] {
    std::vector<const FunctionSpec*> v = {
#define SPEC(name) &specs::name,
#include "spec_list.def"
#undef SPEC
    };
    std::sort(v.begin(), v.end(), [](const FunctionSpec* a, const FunctionSpec* b) { return std::string_view(a->name) < b->name; });
    return v;
  }();
  return all;
}

const FunctionSpec* find_spec(std::string_view name) {
  for (const FunctionSpec* f : function_specs())
    if (name == f->name) return f;
  return nullptr;
}

}  // namespace syncloom::stdlib
