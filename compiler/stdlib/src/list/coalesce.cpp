// coalesce: the first argument that is not null. Its body is the interpreter's (compiler/interp/src/builtins*.cpp), which the JIT runs
// through its bridge or mirrors natively; this file holds its spec.
#include "syncloom/stdlib/spec.hpp"

namespace syncloom::stdlib::specs {
namespace {
constexpr Example kExamples[] = {
    {R"~(coalesce(shipping.phone, billing.phone, "no phone"))~", R"~("no phone")~", nullptr, R"~({"billing": {"phone": null}})~"},
    {R"~(coalesce(billing.phone, "x"))~", R"~("555")~", nullptr, R"~({"billing": {"phone": "555"}})~"},
};
}  // namespace
extern const FunctionSpec kCoalesce = {"coalesce", "null", R"~(common type; the first non-null argument)~", "no",
                                     R"~(the first argument that is not null)~", kExamples};
}  // namespace syncloom::stdlib::specs
