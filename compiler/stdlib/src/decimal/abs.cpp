// sl_decimal_abs: `abs(x)` for decimals, keeping the scale.
#include "syncloom/stdlib/decimal.hpp"
#include "syncloom/stdlib/spec.hpp"

namespace syncloom::stdlib::specs {
namespace {
constexpr Example kExamples[] = {
    {R"~(abs(-5))~", R"~(5)~", nullptr, nullptr},
    {R"~(abs(-2.50))~", R"~(2.50)~", nullptr, nullptr},
};
}  // namespace
extern const FunctionSpec kAbs = {"abs", "number", R"~(number `->` same)~", "no",
                                     R"~(the absolute value)~", kExamples};
}  // namespace syncloom::stdlib::specs

extern "C" sl_decimal sl_decimal_abs(sl_decimal x) { return sl_decimal{x.coeff < 0 ? -x.coeff : x.coeff, x.scale}; }
