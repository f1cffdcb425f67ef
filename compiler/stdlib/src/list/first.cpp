// first: the first element, null when the list is empty. Its body is the interpreter's (compiler/interp/src/builtins*.cpp), which the JIT runs
// through its bridge or mirrors natively; this file holds its spec.
#include "syncloom/stdlib/spec.hpp"

namespace syncloom::stdlib::specs {
namespace {
constexpr Example kExamples[] = {
    {R"~(first(split("969 Market\nSuite 5", "\n")))~", R"~("969 Market")~", nullptr, nullptr},
    {R"~(first(refunds.total))~", R"~(null)~", nullptr, R"~({"line_items": [{"name": "Album", "total": "2.00", "quantity": 1}, {"name": "Beanie", "total": "1.5", "quantity": 6}], "refunds": [], "coupon_lines": []})~"},
};
}  // namespace
extern const FunctionSpec kFirst = {"first", "list", R"~(`[T] -> T?`)~", "no",
                                     R"~(the first element, null when the list is empty)~", kExamples};
}  // namespace syncloom::stdlib::specs
