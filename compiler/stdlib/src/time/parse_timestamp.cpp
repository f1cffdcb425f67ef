// sl_timestamp_parse: ISO 8601 instants; no offset means UTC because WooCommerce's `*_gmt` fields carry none.
#include "scan.hpp"
#include "syncloom/stdlib/time.hpp"

namespace syncloom::stdlib::detail {

sl_status parse_timestamp_text(const char* text, size_t n, int64_t* out, bool* has_offset) {
  Scanner s{text, n};
  // 1. Date, separator, time of day.
  int64_t days = 0, hour = 0, minute = 0, second = 0;
  if (!scan_date(s, &days)) return SL_INVALID;
  if (!s.eat('T') && !s.eat(' ')) return SL_INVALID;
  if (!s.digits(2, &hour) || !s.eat(':') || !s.digits(2, &minute) || !s.eat(':') || !s.digits(2, &second))
    return SL_INVALID;
  if (hour > 23 || minute > 59 || second > 59) return SL_INVALID;

  // 2. Optional fraction, at most microseconds: finer digits would be silently lost.
  int64_t micros = 0;
  if (s.eat('.')) {
    int digits = 0;
    for (int64_t d = 0; digits < 7 && s.digits(1, &d); ++digits) micros = micros * 10 + d;
    if (digits == 0 || digits > 6) return SL_INVALID;
    for (int i = digits; i < 6; ++i) micros *= 10;
  }

  // 3. Optional offset: Z, or +HH:MM / -HH:MM (local time = UTC + offset).
  int64_t offset_minutes = 0;
  *has_offset = s.peek('Z') || s.peek('+') || s.peek('-');
  if (!s.eat('Z')) {
    bool ahead = s.peek('+');
    if (s.eat('+') || s.eat('-')) {
      int64_t oh = 0, om = 0;
      if (!s.digits(2, &oh) || !s.eat(':') || !s.digits(2, &om) || oh > 23 || om > 59) return SL_INVALID;
      offset_minutes = (ahead ? 1 : -1) * (oh * 60 + om);
    }
  }
  if (!s.at_end()) return SL_INVALID;

  int64_t seconds = days * 86400 + hour * 3600 + (minute - offset_minutes) * 60 + second;
  int64_t ts = seconds * 1000000 + micros;
  if (ts < SL_TIMESTAMP_MIN || ts > SL_TIMESTAMP_MAX) return SL_OVERFLOW;
  *out = ts;
  return SL_OK;
}

}  // namespace syncloom::stdlib::detail

extern "C" sl_status sl_timestamp_parse(const char* text, size_t n, int64_t* out) {
  bool has_offset = false;
  return syncloom::stdlib::detail::parse_timestamp_text(text, n, out, &has_offset);
}
