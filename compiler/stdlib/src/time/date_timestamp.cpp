// sl_date_timestamp: `timestamp(d)`, midnight UTC, the instant every engine agrees a date starts at.
#include "syncloom/stdlib/time.hpp"

extern "C" int64_t sl_date_timestamp(int32_t date) { return int64_t{date} * SL_MICROS_PER_DAY; }
