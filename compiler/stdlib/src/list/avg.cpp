// avg: the mean of a list of numbers, null when empty. Its body is the interpreter's (compiler/interp/src/builtins*.cpp), which the JIT runs
// through its bridge or mirrors natively; this file holds its spec.
#include "syncloom/stdlib/spec.hpp"

namespace syncloom::stdlib::specs {
namespace {
constexpr Example kExamples[] = {
    {R"~(avg([1, 2]))~", R"~(1.5)~", nullptr, nullptr},
    {R"~(avg(refunds.total))~", R"~(null)~", nullptr, R"~({"line_items": [{"name": "Album", "total": "2.00", "quantity": 1}, {"name": "Beanie", "total": "1.5", "quantity": 6}], "refunds": [], "coupon_lines": []})~"},
};
}  // namespace
extern const FunctionSpec kAvg = {"avg", "list", R"~(list of numbers `-> T?` (ints average to decimal))~", "no",
                                     R"~(the mean of a list of numbers, null when empty)~", kExamples};
}  // namespace syncloom::stdlib::specs
