// sl_text_substr: `substr(s, start[, n])` by code points; infallible by design, so ranges clamp instead of failing.
#include "syncloom/stdlib/text.hpp"
#include "utf8.hpp"

extern "C" sl_status sl_text_substr(const char* s, size_t n, int64_t start, int64_t count, size_t* start_byte,
                                    size_t* len) {
  using syncloom::stdlib::detail::skip_code_points;
  if (sl_status st = sl_text_validate(s, n); st != SL_OK) return st;
  size_t from = skip_code_points(s, n, 0, start < 0 ? 0 : start);
  size_t to = skip_code_points(s, n, from, count < 0 ? 0 : count);
  *start_byte = from;
  *len = to - from;
  return SL_OK;
}
