// `format_date(x, fmt)`: a small strftime subset (%Y %m %d %H %M %S %%) that is locale-free, so both engines and
// every host produce the same bytes.
#include "fields.hpp"
#include "syncloom/stdlib/text.hpp"
#include "syncloom/stdlib/time.hpp"

namespace {

using namespace syncloom::stdlib::detail;

/// Renders `fmt`, or only checks it when `out` is null.
sl_status render(const Fields* f, const char* fmt, size_t n, sl_buffer* out) {
  if (sl_status st = sl_text_validate(fmt, n); st != SL_OK) return st;
  size_t rollback = out ? out->len : 0;
  auto fail = [&](sl_status st) {
    if (out) out->len = rollback;  // no partial text on failure
    return st;
  };
  for (size_t i = 0; i < n; ++i) {
    char piece[8], *p = piece;
    if (fmt[i] != '%') {
      *p++ = fmt[i];
    } else if (++i == n) {
      return fail(SL_INVALID);
    } else {
      switch (fmt[i]) {
        case 'Y': if (f) put_digits(p, f->date.year, 4); break;
        case 'm': if (f) put_digits(p, f->date.month, 2); break;
        case 'd': if (f) put_digits(p, f->date.day, 2); break;
        case 'H': if (f) put_digits(p, f->hour, 2); break;
        case 'M': if (f) put_digits(p, f->minute, 2); break;
        case 'S': if (f) put_digits(p, f->second, 2); break;
        case '%': *p++ = '%'; break;
        default: return fail(SL_INVALID);
      }
    }
    if (out)
      if (sl_status st = sl_buffer_append(out, piece, size_t(p - piece)); st != SL_OK) return fail(st);
  }
  return SL_OK;
}

}  // namespace

extern "C" sl_status sl_time_format_check(const char* fmt, size_t fmt_n) {
  return render(nullptr, fmt, fmt_n, nullptr);
}

extern "C" sl_status sl_date_format(int32_t date, const char* fmt, size_t fmt_n, sl_buffer* out) {
  if (date < SL_DATE_MIN || date > SL_DATE_MAX) return SL_OVERFLOW;
  Fields f{civil_from_days(date)};
  return render(&f, fmt, fmt_n, out);
}

extern "C" sl_status sl_timestamp_format(int64_t ts, const char* fmt, size_t fmt_n, sl_buffer* out) {
  if (ts < SL_TIMESTAMP_MIN || ts > SL_TIMESTAMP_MAX) return SL_OVERFLOW;
  Fields f = timestamp_fields(ts);
  return render(&f, fmt, fmt_n, out);
}
