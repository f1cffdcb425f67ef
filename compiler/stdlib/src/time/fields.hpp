// A date or timestamp broken into calendar fields, for the text renderers.
#pragma once

#include <cstdint>

#include "civil.hpp"

namespace syncloom::stdlib::detail {

struct Fields {
  CivilDate date;
  int64_t hour = 0, minute = 0, second = 0, micros = 0;
};

/// The UTC fields of a timestamp (in range: callers check SL_TIMESTAMP_MIN/MAX).
inline Fields timestamp_fields(int64_t ts) {
  const int64_t day_micros = 86400000000;
  int64_t days = floor_div(ts, day_micros);
  int64_t rem = ts - days * day_micros;  // [0, one day)
  Fields f{civil_from_days(days)};
  f.hour = rem / 3600000000;
  f.minute = rem / 60000000 % 60;
  f.second = rem / 1000000 % 60;
  f.micros = rem % 1000000;
  return f;
}

/// Appends `value` as exactly `width` decimal digits (value >= 0 and small enough).
void put_digits(char*& out, int64_t value, int width);

}  // namespace syncloom::stdlib::detail
