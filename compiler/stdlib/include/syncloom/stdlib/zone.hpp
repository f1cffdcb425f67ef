// IANA time zones from the system's tz database (Debian's tzdata, /usr/share/zoneinfo): a zone is read from
// its TZif file (RFC 8536) once per mapping, including the POSIX TZ rule in the file's footer that gives the
// offsets after the last transition in the table, so instants far in the future convert too. Loaded zones are
// immutable and may be used from many threads at once. GCC 12's libstdc++ has no std::chrono::tzdb, hence this.
//
// Local wall-clock times are microseconds on the local clock since 1970-01-01T00:00 (the instant's UTC value
// plus the offset). Turning one into an instant is ambiguous twice a year where clocks change:
// - in a gap (clocks jump forward: 02:30 on the last Sunday of March in Europe/Berlin does not exist), the time
//   is moved forward by the length of the gap (03:30 CEST), which is the instant the clock reads it as;
// - in an overlap (clocks go back: 02:30 on the last Sunday of October happens twice), the earlier instant is
//   taken (02:30 CEST, +02:00).
// These are the rules of RFC 5545, java.time and JavaScript's Temporal ("compatible").
//
//   sl_zone* berlin = nullptr; sl_buffer why{};
//   if (sl_zone_load(nullptr, "Europe/Berlin", 13, &berlin, &why) == SL_OK) { int32_t off; sl_zone_offset(berlin, ts, &off, nullptr); }
#pragma once

#include <stddef.h>
#include <stdint.h>

#include "syncloom/stdlib/buffer.hpp"
#include "syncloom/stdlib/status.hpp"

extern "C" {

typedef struct sl_zone sl_zone;

/// Loads zone `name` ("Europe/Berlin", "UTC", or a backward-compatible link such as "US/Eastern") from the tz
/// database in `dir` (null or empty: $TZDIR, else /usr/share/zoneinfo). Only names the database lists (its
/// tzdata.zi) are accepted, so host-specific entries such as `localtime` never make a mapping depend on the
/// machine. Failure: SL_INVALID with the reason appended to `message`.
sl_status sl_zone_load(const char* dir, const char* name, size_t n, sl_zone** out, sl_buffer* message);
void sl_zone_free(sl_zone* zone);
/// The name it was loaded by (NUL-terminated).
const char* sl_zone_name(const sl_zone* zone);

/// Appends every zone and link name of the database in `dir` (as sl_zone_load), sorted, each followed by a NUL.
sl_status sl_zone_names(const char* dir, sl_buffer* out);

/// The UTC offset in seconds (east positive) in effect at instant `ts` (µs) and, when `abbreviation` is not null,
/// its abbreviation ("CEST"; NUL-terminated, valid as long as the zone).
sl_status sl_zone_offset(const sl_zone* zone, int64_t ts, int32_t* offset, const char** abbreviation);
/// The instant local wall-clock time `local` denotes in the zone (gaps and overlaps as above).
sl_status sl_zone_from_local(const sl_zone* zone, int64_t local, int64_t* out);

/// `date(ts, zone)`: the calendar date of `ts` on the zone's clocks.
sl_status sl_timestamp_date_in(const sl_zone* zone, int64_t ts, int32_t* out);
/// `string(ts, zone)`: ISO 8601 local time with the offset, "2026-03-29T03:30:00+02:00" (fraction only when not
/// zero; an offset with seconds, as local mean time before 1900 has, as "+00:53:28").
sl_status sl_timestamp_to_text_in(const sl_zone* zone, int64_t ts, sl_buffer* out);
/// `format_date(ts, fmt, zone)`: sl_timestamp_format on the zone's clocks, where %z is the offset (+0200) and %Z
/// its abbreviation (CEST).
sl_status sl_timestamp_format_in(const sl_zone* zone, int64_t ts, const char* fmt, size_t fmt_n, sl_buffer* out);
/// `timestamp(text, zone)`: text as sl_timestamp_parse accepts it; without an offset it is a local wall-clock
/// time in the zone, with one the offset wins. WooCommerce's `date_created` is store-local this way.
sl_status sl_timestamp_parse_in(const sl_zone* zone, const char* text, size_t n, int64_t* out);
/// `timestamp(d, zone)`: the instant the day starts on the zone's clocks (midnight, or the gap rule's time).
sl_status sl_date_timestamp_in(const sl_zone* zone, int32_t date, int64_t* out);

}  // extern "C"
