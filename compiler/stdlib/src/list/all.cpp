// all: whether every element is true (true for an empty list). Its body is the interpreter's (compiler/interp/src/builtins*.cpp), which the JIT runs
// through its bridge or mirrors natively; this file holds its spec.
#include "syncloom/stdlib/spec.hpp"

namespace syncloom::stdlib::specs {
namespace {
constexpr Example kExamples[] = {
    {R"~(all([true, false]))~", R"~(false)~", nullptr, nullptr},
    {R"~(all(for c in coupon_lines => false))~", R"~(true)~", nullptr, R"~({"line_items": [{"name": "Album", "total": "2.00", "quantity": 1}, {"name": "Beanie", "total": "1.5", "quantity": 6}], "refunds": [], "coupon_lines": []})~"},
};
}  // namespace
extern const FunctionSpec kAll = {"all", "list", R"~(`[bool] -> bool`)~", "no",
                                     R"~(whether every element is true (true for an empty list))~", kExamples};
}  // namespace syncloom::stdlib::specs
