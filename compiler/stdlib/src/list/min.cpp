// min: the least of its arguments, or of a list (`min(xs)`, null when empty). Its body is the interpreter's (compiler/interp/src/builtins*.cpp), which the JIT runs
// through its bridge or mirrors natively; this file holds its spec.
#include "syncloom/stdlib/spec.hpp"

namespace syncloom::stdlib::specs {
namespace {
constexpr Example kExamples[] = {
    {R"~(min(3, 1.5))~", R"~(1.5)~", nullptr, nullptr},
    {R"~(min(line_items.total))~", R"~(1.5)~", nullptr, R"~({"line_items": [{"name": "Album", "total": "2.00", "quantity": 1}, {"name": "Beanie", "total": "1.5", "quantity": 6}], "refunds": [], "coupon_lines": []})~"},
    {R"~(min(refunds.total))~", R"~(null)~", nullptr, R"~({"line_items": [{"name": "Album", "total": "2.00", "quantity": 1}, {"name": "Beanie", "total": "1.5", "quantity": 6}], "refunds": [], "coupon_lines": []})~"},
};
}  // namespace
extern const FunctionSpec kMin = {"min", "list", R"~(numbers, strings, dates, timestamps `->` common type)~", "no",
                                     R"~(the least of its arguments, or of a list (`min(xs)`, null when empty))~", kExamples};
}  // namespace syncloom::stdlib::specs
