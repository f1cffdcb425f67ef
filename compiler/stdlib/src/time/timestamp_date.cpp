// sl_timestamp_date: `date(ts)`, the UTC day; floor division so 1969-12-31T23:00Z is 1969-12-31, not 1970-01-01.
#include "civil.hpp"
#include "syncloom/stdlib/time.hpp"

extern "C" int32_t sl_timestamp_date(int64_t ts) {
  return int32_t(syncloom::stdlib::detail::floor_div(ts, SL_MICROS_PER_DAY));
}
