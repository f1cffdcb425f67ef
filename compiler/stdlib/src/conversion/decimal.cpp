// decimal: an exact decimal from text, an untyped value or a number. Its body is the interpreter's (compiler/interp/src/builtins*.cpp), which the JIT runs
// through its bridge or mirrors natively; this file holds its spec.
#include "syncloom/stdlib/spec.hpp"

namespace syncloom::stdlib::specs {
namespace {
constexpr Example kExamples[] = {
    {R"~(decimal("12.50")!)~", R"~(12.50)~", nullptr, nullptr},
    {R"~(decimal("12,50") ?? 0)~", R"~(0)~", nullptr, nullptr},
    {R"~(decimal(7) / 2)~", R"~(3.5)~", nullptr, nullptr},
};
}  // namespace
extern const FunctionSpec kDecimal = {"decimal", "conversion", R"~(number, string or `any` `-> decimal`)~", "from text, `any`",
                                     R"~(an exact decimal from text, an untyped value or a number)~", kExamples};
}  // namespace syncloom::stdlib::specs
