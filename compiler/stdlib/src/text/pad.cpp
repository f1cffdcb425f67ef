// Padding to a width in code points with one fill code point; shared by pad_left and pad_right.
#include "pad.hpp"

#include "utf8.hpp"

namespace syncloom::stdlib::detail {

sl_status pad(const char* s, size_t n, int64_t width, const char* fill, size_t fill_n, bool left, sl_buffer* out) {
  if (sl_status st = sl_text_validate(s, n); st != SL_OK) return st;
  if (sl_status st = sl_text_validate(fill, fill_n); st != SL_OK) return st;
  char32_t cp = 0;
  if (fill_n == 0 || decode_utf8(fill, fill_n, 0, &cp) != fill_n) return SL_INVALID;  // exactly one code point
  if (width > SL_TEXT_PAD_MAX) return SL_INVALID;
  int64_t length = 0;
  sl_text_length(s, n, &length);
  int64_t missing = width > length ? width - length : 0;
  if (sl_status st = sl_buffer_reserve(out, n + size_t(missing) * fill_n); st != SL_OK) return st;
  if (!left) sl_buffer_append(out, s, n);
  for (int64_t i = 0; i < missing; ++i) sl_buffer_append(out, fill, fill_n);
  if (left) sl_buffer_append(out, s, n);
  return SL_OK;
}

}  // namespace syncloom::stdlib::detail
