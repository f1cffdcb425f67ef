// split: the pieces of `s` between occurrences of `sep` (an empty `sep` gives `[s]`). Its body is the interpreter's (compiler/interp/src/builtins*.cpp), which the JIT runs
// through its bridge or mirrors natively; this file holds its spec.
#include "syncloom/stdlib/spec.hpp"

namespace syncloom::stdlib::specs {
namespace {
constexpr Example kExamples[] = {
    {R"~(split("969 Market\nSuite 5", "\n"))~", R"~(["969 Market","Suite 5"])~", nullptr, nullptr},
    {R"~(split("a,,b", ","))~", R"~(["a","","b"])~", nullptr, nullptr},
    {R"~(split("a", ""))~", R"~(["a"])~", nullptr, nullptr},
};
}  // namespace
extern const FunctionSpec kSplit = {"split", "text", R"~(`string, string -> [string]`)~", "no",
                                     R"~(the pieces of `s` between occurrences of `sep` (an empty `sep` gives `[s]`))~", kExamples};
}  // namespace syncloom::stdlib::specs
