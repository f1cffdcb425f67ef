// max: the greatest of its arguments, or of a list (`max(xs)`, null when empty). Its body is the interpreter's (compiler/interp/src/builtins*.cpp), which the JIT runs
// through its bridge or mirrors natively; this file holds its spec.
#include "syncloom/stdlib/spec.hpp"

namespace syncloom::stdlib::specs {
namespace {
constexpr Example kExamples[] = {
    {R"~(max(0, -2))~", R"~(0)~", nullptr, nullptr},
    {R"~(max(["b", "a"]))~", R"~("b")~", nullptr, nullptr},
};
}  // namespace
extern const FunctionSpec kMax = {"max", "list", R"~(numbers, strings, dates, timestamps `->` common type)~", "no",
                                     R"~(the greatest of its arguments, or of a list (`max(xs)`, null when empty))~", kExamples};
}  // namespace syncloom::stdlib::specs
