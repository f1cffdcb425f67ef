// int: an integer from text, an untyped value, or a number without a fraction. Its body is the interpreter's (compiler/interp/src/builtins*.cpp), which the JIT runs
// through its bridge or mirrors natively; this file holds its spec.
#include "syncloom/stdlib/spec.hpp"

namespace syncloom::stdlib::specs {
namespace {
constexpr Example kExamples[] = {
    {R"~(int("42")!)~", R"~(42)~", nullptr, nullptr},
    {R"~(int("4.5") ?? 0)~", R"~(0)~", nullptr, nullptr},
    {R"~(int(2.0)!)~", R"~(2)~", nullptr, nullptr},
    {R"~(int(meta_data["qty"]) ?? 1)~", R"~(3)~", nullptr, R"~({"meta_data": [{"key": "qty", "value": "3"}]})~"},
    {R"~(int("x")!)~", nullptr, R"~("x" is not a valid int)~", nullptr},
};
}  // namespace
extern const FunctionSpec kInt = {"int", "conversion", R"~(number, string or `any` `-> int`)~", "from text, `any`, decimal, float",
                                     R"~(an integer from text, an untyped value, or a number without a fraction)~", kExamples};
}  // namespace syncloom::stdlib::specs
