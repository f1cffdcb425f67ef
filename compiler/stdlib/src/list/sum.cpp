// sum: the exact sum of a list of numbers. Its body is the interpreter's (compiler/interp/src/builtins*.cpp), which the JIT runs
// through its bridge or mirrors natively; this file holds its spec.
#include "syncloom/stdlib/spec.hpp"

namespace syncloom::stdlib::specs {
namespace {
constexpr Example kExamples[] = {
    {R"~(sum(line_items.total))~", R"~(3.50)~", nullptr, R"~({"line_items": [{"name": "Album", "total": "2.00", "quantity": 1}, {"name": "Beanie", "total": "1.5", "quantity": 6}], "refunds": [], "coupon_lines": []})~"},
    {R"~(sum(refunds.total))~", R"~(0)~", nullptr, R"~({"line_items": [{"name": "Album", "total": "2.00", "quantity": 1}, {"name": "Beanie", "total": "1.5", "quantity": 6}], "refunds": [], "coupon_lines": []})~"},
};
}  // namespace
extern const FunctionSpec kSum = {"sum", "list", R"~(list of numbers `-> T` (0 when empty))~", "no",
                                     R"~(the exact sum of a list of numbers)~", kExamples};
}  // namespace syncloom::stdlib::specs
