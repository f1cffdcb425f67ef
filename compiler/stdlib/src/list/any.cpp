// any: whether some element is true (false for an empty list). Its body is the interpreter's (compiler/interp/src/builtins*.cpp), which the JIT runs
// through its bridge or mirrors natively; this file holds its spec.
#include "syncloom/stdlib/spec.hpp"

namespace syncloom::stdlib::specs {
namespace {
constexpr Example kExamples[] = {
    {R"~(any(for l in line_items => l.quantity > 5))~", R"~(true)~", nullptr, R"~({"line_items": [{"name": "Album", "total": "2.00", "quantity": 1}, {"name": "Beanie", "total": "1.5", "quantity": 6}], "refunds": [], "coupon_lines": []})~"},
    {R"~(any(for c in coupon_lines => true))~", R"~(false)~", nullptr, R"~({"line_items": [{"name": "Album", "total": "2.00", "quantity": 1}, {"name": "Beanie", "total": "1.5", "quantity": 6}], "refunds": [], "coupon_lines": []})~"},
};
}  // namespace
extern const FunctionSpec kAny = {"any", "list", R"~(`[bool] -> bool`)~", "no",
                                     R"~(whether some element is true (false for an empty list))~", kExamples};
}  // namespace syncloom::stdlib::specs
