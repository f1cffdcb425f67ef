// date: a calendar date: of a timestamp in UTC, or on a zone's clocks. Its body is the interpreter's (compiler/interp/src/builtins*.cpp), which the JIT runs
// through its bridge or mirrors natively; this file holds its spec.
#include "syncloom/stdlib/spec.hpp"

namespace syncloom::stdlib::specs {
namespace {
constexpr Example kExamples[] = {
    {R"~(date(date_created_gmt))~", R"~("2017-03-22")~", nullptr, R"~({"date_created_gmt": "2017-03-22T16:28:02"})~"},
    {R"~(date(date_created_gmt, "Asia/Tokyo"))~", R"~("2017-03-23")~", nullptr, R"~({"date_created_gmt": "2017-03-22T16:28:02"})~"},
    {R"~(date("2017-03-22")!)~", R"~("2017-03-22")~", nullptr, nullptr},
    {R"~(date("2017-03-22T23:30:00+00:00", "Europe/Berlin")!)~", R"~("2017-03-23")~", nullptr, nullptr},
    {R"~(date("22.03.2017")!)~", nullptr, R"~("22.03.2017" is not a valid date)~", nullptr},
};
}  // namespace
extern const FunctionSpec kDate = {"date", "conversion", R"~(date, timestamp, string or `any`[, zone] `-> date`)~", "from text, `any`",
                                     R"~(a calendar date: of a timestamp in UTC, or on a zone's clocks)~", kExamples};
}  // namespace syncloom::stdlib::specs
