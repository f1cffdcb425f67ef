// sl_date_parse: `date(s)` for "YYYY-MM-DD" text.
#include "scan.hpp"
#include "syncloom/stdlib/time.hpp"

extern "C" sl_status sl_date_parse(const char* text, size_t n, int32_t* out) {
  syncloom::stdlib::detail::Scanner s{text, n};
  int64_t days = 0;
  if (!scan_date(s, &days) || !s.at_end()) return SL_INVALID;
  *out = int32_t(days);
  return SL_OK;
}
