// The zone forms of date(), string(), timestamp() and format_date(): instants shifted onto the zone's clocks.
#include "fields.hpp"
#include "scan.hpp"
#include "syncloom/stdlib/time.hpp"
#include "zone_impl.hpp"

namespace {

using namespace syncloom::stdlib::detail;

/// The instant's local wall-clock value (µs), range-checked like every timestamp.
sl_status local_of(const sl_zone* zone, int64_t ts, int64_t* local, int32_t* offset) {
  if (ts < SL_TIMESTAMP_MIN || ts > SL_TIMESTAMP_MAX) return SL_OVERFLOW;
  sl_zone_offset(zone, ts, offset, nullptr);
  *local = ts + int64_t(*offset) * 1000000;
  if (*local < SL_TIMESTAMP_MIN || *local > SL_TIMESTAMP_MAX) return SL_OVERFLOW;
  return SL_OK;
}

}  // namespace

extern "C" sl_status sl_timestamp_date_in(const sl_zone* zone, int64_t ts, int32_t* out) {
  int64_t local = 0;
  int32_t offset = 0;
  if (sl_status st = local_of(zone, ts, &local, &offset); st != SL_OK) return st;
  *out = sl_timestamp_date(local);
  return SL_OK;
}

extern "C" sl_status sl_timestamp_to_text_in(const sl_zone* zone, int64_t ts, sl_buffer* out) {
  int64_t local = 0;
  int32_t offset = 0;
  if (sl_status st = local_of(zone, ts, &local, &offset); st != SL_OK) return st;
  size_t restore = out->len;
  if (sl_status st = sl_timestamp_to_text(local, out); st != SL_OK) return st;
  out->len -= 1;  // the "Z" of UTC text becomes the offset
  char text[16], *p = text;
  int32_t a = offset < 0 ? -offset : offset;
  *p++ = offset < 0 ? '-' : '+';
  put_digits(p, a / 3600, 2);
  *p++ = ':';
  put_digits(p, a / 60 % 60, 2);
  if (a % 60 != 0) {
    *p++ = ':';
    put_digits(p, a % 60, 2);
  }
  if (sl_status st = sl_buffer_append(out, text, size_t(p - text)); st != SL_OK) {
    out->len = restore;
    return st;
  }
  return SL_OK;
}

extern "C" sl_status sl_timestamp_parse_in(const sl_zone* zone, const char* text, size_t n, int64_t* out) {
  // An explicit offset ("Z", "+02:00") names the instant; without one the text is read on the zone's clocks.
  bool offset = false;
  int64_t parsed = 0;
  if (sl_status st = parse_timestamp_text(text, n, &parsed, &offset); st != SL_OK) return st;
  if (offset) {
    *out = parsed;
    return SL_OK;
  }
  return sl_zone_from_local(zone, parsed, out);
}

extern "C" sl_status sl_date_timestamp_in(const sl_zone* zone, int32_t date, int64_t* out) {
  if (date < SL_DATE_MIN || date > SL_DATE_MAX) return SL_OVERFLOW;
  return sl_zone_from_local(zone, sl_date_timestamp(date), out);
}
