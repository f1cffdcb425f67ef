// timestamp: an instant; with a zone, text without an offset, dates and site-time timestamps are read on the zone's clocks. Its body is the interpreter's (compiler/interp/src/builtins*.cpp), which the JIT runs
// through its bridge or mirrors natively; this file holds its spec.
#include "syncloom/stdlib/spec.hpp"

namespace syncloom::stdlib::specs {
namespace {
constexpr Example kExamples[] = {
    {R"~(timestamp("2017-03-22T16:28:02+01:00")!)~", R"~("2017-03-22T15:28:02Z")~", nullptr, nullptr},
    {R"~(timestamp(date_created, "Europe/Berlin"))~", R"~("2017-03-22T15:28:02Z")~", nullptr, R"~({"date_created": "2017-03-22T16:28:02"})~"},
    {R"~(timestamp("2025-03-30T02:30:00", "Europe/Berlin")!)~", R"~("2025-03-30T01:30:00Z")~", nullptr, nullptr},
    {R"~(timestamp("2025-10-26T02:30:00", "Europe/Berlin")!)~", R"~("2025-10-26T00:30:00Z")~", nullptr, nullptr},
    {R"~(timestamp(date("2024-03-10")!, "America/New_York"))~", R"~("2024-03-10T05:00:00Z")~", nullptr, nullptr},
};
}  // namespace
extern const FunctionSpec kTimestamp = {"timestamp", "conversion", R"~(date, timestamp, string or `any`[, zone] `-> timestamp`)~", "from text, `any`",
                                     R"~(an instant; with a zone, text without an offset, dates and site-time timestamps are read on the zone's clocks)~", kExamples};
}  // namespace syncloom::stdlib::specs
