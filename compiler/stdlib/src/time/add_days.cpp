// sl_date_add_days and sl_timestamp_add_days: `add_days(x, n)`; UTC has no daylight saving, so a day is 24 hours.
#include "syncloom/stdlib/time.hpp"
#include "syncloom/stdlib/spec.hpp"

namespace syncloom::stdlib::specs {
namespace {
constexpr Example kExamples[] = {
    {R"~(add_days(date("2024-02-28")!, 1))~", R"~("2024-02-29")~", nullptr, nullptr},
    {R"~(add_days(date_created_gmt, -1))~", R"~("2017-03-21T16:28:02Z")~", nullptr, R"~({"date_created_gmt": "2017-03-22T16:28:02"})~"},
};
}  // namespace
extern const FunctionSpec kAddDays = {"add_days", "time", R"~(date or timestamp, `int ->` same)~", "no",
                                     R"~(the date or instant `n` days later (earlier when negative))~", kExamples};
}  // namespace syncloom::stdlib::specs

extern "C" sl_status sl_date_add_days(int32_t date, int64_t days, int32_t* out) {
  // Any |days| beyond the whole supported range overflows; checking first keeps the sum from wrapping.
  const int64_t span = int64_t{SL_DATE_MAX} - SL_DATE_MIN;
  if (date < SL_DATE_MIN || date > SL_DATE_MAX) return SL_OVERFLOW;
  if (days > span || days < -span) return SL_OVERFLOW;
  int64_t r = int64_t{date} + days;
  if (r < SL_DATE_MIN || r > SL_DATE_MAX) return SL_OVERFLOW;
  *out = int32_t(r);
  return SL_OK;
}

extern "C" sl_status sl_timestamp_add_days(int64_t ts, int64_t days, int64_t* out) {
  const int64_t span = int64_t{SL_DATE_MAX} - SL_DATE_MIN + 1;
  if (ts < SL_TIMESTAMP_MIN || ts > SL_TIMESTAMP_MAX) return SL_OVERFLOW;
  if (days > span || days < -span) return SL_OVERFLOW;
  int64_t r = ts + days * SL_MICROS_PER_DAY;
  if (r < SL_TIMESTAMP_MIN || r > SL_TIMESTAMP_MAX) return SL_OVERFLOW;
  *out = r;
  return SL_OK;
}
