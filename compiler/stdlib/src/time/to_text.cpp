// sl_date_to_text and sl_timestamp_to_text: `string(x)` as ISO 8601 with an explicit "Z", so the text is an
// unambiguous instant whichever system reads it back.
#include "fields.hpp"
#include "syncloom/stdlib/time.hpp"

namespace syncloom::stdlib::detail {

void put_digits(char*& out, int64_t value, int width) {
  for (int i = width - 1; i >= 0; --i, value /= 10) out[i] = char('0' + value % 10);
  out += width;
}

}  // namespace syncloom::stdlib::detail

extern "C" sl_status sl_date_to_text(int32_t date, sl_buffer* out) {
  using namespace syncloom::stdlib::detail;
  if (date < SL_DATE_MIN || date > SL_DATE_MAX) return SL_OVERFLOW;
  CivilDate d = civil_from_days(date);
  char text[10], *p = text;
  put_digits(p, d.year, 4);
  *p++ = '-';
  put_digits(p, d.month, 2);
  *p++ = '-';
  put_digits(p, d.day, 2);
  return sl_buffer_append(out, text, size_t(p - text));
}

extern "C" sl_status sl_timestamp_to_text(int64_t ts, sl_buffer* out) {
  using namespace syncloom::stdlib::detail;
  if (ts < SL_TIMESTAMP_MIN || ts > SL_TIMESTAMP_MAX) return SL_OVERFLOW;
  Fields f = timestamp_fields(ts);
  char text[32], *p = text;
  put_digits(p, f.date.year, 4);
  *p++ = '-';
  put_digits(p, f.date.month, 2);
  *p++ = '-';
  put_digits(p, f.date.day, 2);
  *p++ = 'T';
  put_digits(p, f.hour, 2);
  *p++ = ':';
  put_digits(p, f.minute, 2);
  *p++ = ':';
  put_digits(p, f.second, 2);
  if (f.micros != 0) {
    *p++ = '.';
    put_digits(p, f.micros, 6);
  }
  *p++ = 'Z';
  return sl_buffer_append(out, text, size_t(p - text));
}
