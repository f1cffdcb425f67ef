// `format_date(x, fmt[, zone])`: a small strftime subset (%Y %m %d %H %M %S %z %Z %%) that is locale-free, so both
// engines and every host produce the same bytes.
#include <cstring>

#include "fields.hpp"
#include "syncloom/stdlib/text.hpp"
#include "syncloom/stdlib/time.hpp"
#include "syncloom/stdlib/zone.hpp"
#include "syncloom/stdlib/spec.hpp"

namespace syncloom::stdlib::specs {
namespace {
constexpr Example kExamples[] = {
    {R"~(format_date(date_created_gmt, "%d.%m.%Y"))~", R"~("22.03.2017")~", nullptr, R"~({"date_created_gmt": "2017-03-22T16:28:02"})~"},
    {R"~(format_date(date_created_gmt, "%H:%M %Z (%z)", "Europe/Berlin"))~", R"~("17:28 CET (+0100)")~", nullptr, R"~({"date_created_gmt": "2017-03-22T16:28:02"})~"},
    {R"~(format_date(date("2024-02-29")!, "%Y%m%d"))~", R"~("20240229")~", nullptr, nullptr},
};
}  // namespace
extern const FunctionSpec kFormatDate = {"format_date", "time", R"~(date or timestamp, `string`[, zone] `-> string`)~", "no",
                                     R"~(the value formatted with %Y %m %d %H %M %S %z %Z %% (a timestamp on a zone's clocks with a zone))~", kExamples};
}  // namespace syncloom::stdlib::specs

namespace {

using namespace syncloom::stdlib::detail;

/// The clock a value is shown on: its UTC offset (seconds) and the offset's abbreviation.
struct Clock {
  int32_t offset = 0;
  const char* abbreviation = "UTC";
};

/// Renders `fmt`, or only checks it when `out` is null.
sl_status render(const Fields* f, const Clock& clock, const char* fmt, size_t n, sl_buffer* out) {
  if (sl_status st = sl_text_validate(fmt, n); st != SL_OK) return st;
  size_t rollback = out ? out->len : 0;
  auto fail = [&](sl_status st) {
    if (out) out->len = rollback;  // no partial text on failure
    return st;
  };
  for (size_t i = 0; i < n; ++i) {
    char piece[8], *p = piece;
    if (fmt[i] == '%' && i + 1 < n && fmt[i + 1] == 'Z') {
      ++i;
      if (out)
        if (sl_status st = sl_buffer_append(out, clock.abbreviation, std::strlen(clock.abbreviation)); st != SL_OK) return fail(st);
      continue;
    }
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
        case 'z': {  // +hhmm, as strftime: seconds of an offset are not shown
          int32_t a = clock.offset < 0 ? -clock.offset : clock.offset;
          *p++ = clock.offset < 0 ? '-' : '+';
          put_digits(p, a / 3600, 2);
          put_digits(p, a / 60 % 60, 2);
          break;
        }
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
  return render(nullptr, Clock{}, fmt, fmt_n, nullptr);
}

extern "C" sl_status sl_date_format(int32_t date, const char* fmt, size_t fmt_n, sl_buffer* out) {
  if (date < SL_DATE_MIN || date > SL_DATE_MAX) return SL_OVERFLOW;
  Fields f{civil_from_days(date)};
  return render(&f, Clock{}, fmt, fmt_n, out);
}

extern "C" sl_status sl_timestamp_format(int64_t ts, const char* fmt, size_t fmt_n, sl_buffer* out) {
  if (ts < SL_TIMESTAMP_MIN || ts > SL_TIMESTAMP_MAX) return SL_OVERFLOW;
  Fields f = timestamp_fields(ts);
  return render(&f, Clock{}, fmt, fmt_n, out);
}

extern "C" sl_status sl_timestamp_format_in(const sl_zone* zone, int64_t ts, const char* fmt, size_t fmt_n, sl_buffer* out) {
  if (ts < SL_TIMESTAMP_MIN || ts > SL_TIMESTAMP_MAX) return SL_OVERFLOW;
  Clock clock;
  sl_zone_offset(zone, ts, &clock.offset, &clock.abbreviation);
  int64_t local = ts + int64_t(clock.offset) * 1000000;
  if (local < SL_TIMESTAMP_MIN || local > SL_TIMESTAMP_MAX) return SL_OVERFLOW;
  Fields f = timestamp_fields(local);
  return render(&f, clock, fmt, fmt_n, out);
}
