// Dates and timestamps as integers for the C ABI: a date is days since 1970-01-01, a timestamp is microseconds
// since 1970-01-01T00:00:00Z (UTC). Both are limited to years 0000-9999; leaving that range is SL_OVERFLOW.
#pragma once

#include <stddef.h>
#include <stdint.h>

#include "syncloom/stdlib/buffer.hpp"
#include "syncloom/stdlib/status.hpp"

extern "C" {

enum : int32_t {
  SL_DATE_MIN = -719528,  ///< 0000-01-01 in days since the epoch
  SL_DATE_MAX = 2932896,  ///< 9999-12-31 in days since the epoch
};
inline constexpr int64_t SL_MICROS_PER_DAY = 86400000000;
/// 0000-01-01T00:00:00Z and 9999-12-31T23:59:59.999999Z in microseconds since the epoch.
inline constexpr int64_t SL_TIMESTAMP_MIN = int64_t{SL_DATE_MIN} * SL_MICROS_PER_DAY;
inline constexpr int64_t SL_TIMESTAMP_MAX = (int64_t{SL_DATE_MAX} + 1) * SL_MICROS_PER_DAY - 1;

/// Parses ISO 8601 "YYYY-MM-DDTHH:MM:SS", optionally with a fraction of 1-6 digits (".5", ".123456") and an
/// offset ("Z", "+00:00", "-05:30"). No offset means UTC: WooCommerce's `*_gmt` fields ("2017-03-22T16:28:08")
/// carry none. A space may replace the 'T' (Tryton, SQL). The calendar is checked (month 13, Feb 30, Feb 29 in
/// a common year, hour 24, second 60 are SL_INVALID); so is the syntax (a sign before the year, a missing field,
/// trailing text). A UTC result outside years 0000-9999 is SL_OVERFLOW.
///
///   int64_t t; sl_timestamp_parse("1970-01-01T00:00:01Z", 20, &t);  // t == 1000000
sl_status sl_timestamp_parse(const char* text, size_t n, int64_t* out);

/// Parses "YYYY-MM-DD" to days since the epoch, with the same calendar checks.
sl_status sl_date_parse(const char* text, size_t n, int32_t* out);

/// `date(ts)`: the UTC calendar day of a timestamp (rounding towards the past for times before 1970).
int32_t sl_timestamp_date(int64_t ts);

/// `timestamp(d)`: midnight UTC at the start of the day.
int64_t sl_date_timestamp(int32_t date);

/// `add_days(d, n)` for dates and timestamps; n may be negative. SL_OVERFLOW outside years 0000-9999.
sl_status sl_date_add_days(int32_t date, int64_t days, int32_t* out);
sl_status sl_timestamp_add_days(int64_t ts, int64_t days, int64_t* out);

/// `string(x)`: ISO 8601 text appended to `out`: "2017-03-22" and "2017-03-22T16:28:08Z", with ".ffffff" only
/// when the microseconds are not zero. SL_OVERFLOW for values outside years 0000-9999.
sl_status sl_date_to_text(int32_t date, sl_buffer* out);
sl_status sl_timestamp_to_text(int64_t ts, sl_buffer* out);

/// `format_date(x, fmt)`: appends `fmt` with %Y (4-digit year), %m, %d, %H, %M, %S (2 digits), %z (the UTC
/// offset, here always +0000), %Z (its abbreviation, here UTC) and %% replaced; other bytes are copied. A date has
/// time 00:00:00. sl_timestamp_format_in (zone.hpp) shows a timestamp on a zone's clocks. Any other '%' sequence, or a '%' at the end, is SL_INVALID
/// (sl_time_format_check lets the compiler reject a literal format early); `fmt` must be UTF-8.
///
///   sl_timestamp_format(ts, "%d.%m.%Y", 8, &buf);  // "22.03.2017"
sl_status sl_date_format(int32_t date, const char* fmt, size_t fmt_n, sl_buffer* out);
sl_status sl_timestamp_format(int64_t ts, const char* fmt, size_t fmt_n, sl_buffer* out);
sl_status sl_time_format_check(const char* fmt, size_t fmt_n);

}  // extern "C"
