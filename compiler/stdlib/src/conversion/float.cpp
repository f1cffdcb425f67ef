// float: a binary floating-point number, on purpose (never money). Its body is the interpreter's (compiler/interp/src/builtins*.cpp), which the JIT runs
// through its bridge or mirrors natively; this file holds its spec.
#include "syncloom/stdlib/spec.hpp"

namespace syncloom::stdlib::specs {
namespace {
constexpr Example kExamples[] = {
    {R"~(float("1.5")!)~", R"~(1.5)~", nullptr, nullptr},
    {R"~(float(3))~", R"~(3)~", nullptr, nullptr},
};
}  // namespace
extern const FunctionSpec kFloat = {"float", "conversion", R"~(number, string or `any` `-> float`)~", "from text, `any`",
                                     R"~(a binary floating-point number, on purpose (never money))~", kExamples};
}  // namespace syncloom::stdlib::specs
