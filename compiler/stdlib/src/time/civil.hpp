// Proleptic Gregorian calendar arithmetic (Howard Hinnant's days_from_civil / civil_from_days), exact for any year.
#pragma once

#include <cstdint>

namespace syncloom::stdlib::detail {

struct CivilDate {
  int64_t year;
  unsigned month;  ///< 1..12
  unsigned day;    ///< 1..31
};

/// Days since 1970-01-01 of a valid calendar date.
int64_t days_from_civil(int64_t year, unsigned month, unsigned day);

/// The calendar date `days` after 1970-01-01.
CivilDate civil_from_days(int64_t days);

bool is_leap_year(int64_t year);

/// 28..31.
unsigned days_in_month(int64_t year, unsigned month);

/// Floor division and its non-negative remainder, for instants before the epoch.
inline int64_t floor_div(int64_t a, int64_t b) { return a / b - ((a % b != 0) && ((a < 0) != (b < 0))); }

}  // namespace syncloom::stdlib::detail
