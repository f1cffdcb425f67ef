// string: the text of a value: numbers as written, dates and timestamps in ISO 8601 (UTC, or with a zone its local time and offset). Its body is the interpreter's (compiler/interp/src/builtins*.cpp), which the JIT runs
// through its bridge or mirrors natively; this file holds its spec.
#include "syncloom/stdlib/spec.hpp"

namespace syncloom::stdlib::specs {
namespace {
constexpr Example kExamples[] = {
    {R"~("WOO-" + string(727))~", R"~("WOO-727")~", nullptr, nullptr},
    {R"~(string(12.50))~", R"~("12.50")~", nullptr, nullptr},
    {R"~(string(date_created_gmt))~", R"~("2017-03-22T16:28:02Z")~", nullptr, R"~({"date_created_gmt": "2017-03-22T16:28:02"})~"},
    {R"~(string(date_created_gmt, "Europe/Berlin"))~", R"~("2017-03-22T17:28:02+01:00")~", nullptr, R"~({"date_created_gmt": "2017-03-22T16:28:02"})~"},
    {R"~(string(date_created_gmt, "America/New_York"))~", R"~("2024-07-04T12:00:00-04:00")~", nullptr, R"~({"date_created_gmt": "2024-07-04T16:00:00"})~"},
};
}  // namespace
extern const FunctionSpec kString = {"string", "conversion", R"~(scalar[, zone] `-> string`)~", "no",
                                     R"~(the text of a value: numbers as written, dates and timestamps in ISO 8601 (UTC, or with a zone its local time and offset))~", kExamples};
}  // namespace syncloom::stdlib::specs
