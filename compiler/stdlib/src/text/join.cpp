// join: the strings of a list with `sep` between them. Its body is the interpreter's (compiler/interp/src/builtins*.cpp), which the JIT runs
// through its bridge or mirrors natively; this file holds its spec.
#include "syncloom/stdlib/spec.hpp"

namespace syncloom::stdlib::specs {
namespace {
constexpr Example kExamples[] = {
    {R"~(join(["a", "b", "c"], ", "))~", R"~("a, b, c")~", nullptr, nullptr},
    {R"~(join(line_items.name, " / "))~", R"~("Album / Beanie")~", nullptr, R"~({"line_items": [{"name": "Album", "total": "2.00", "quantity": 1}, {"name": "Beanie", "total": "1.5", "quantity": 6}], "refunds": [], "coupon_lines": []})~"},
};
}  // namespace
extern const FunctionSpec kJoin = {"join", "text", R"~(`[string], string -> string`)~", "no",
                                     R"~(the strings of a list with `sep` between them)~", kExamples};
}  // namespace syncloom::stdlib::specs
