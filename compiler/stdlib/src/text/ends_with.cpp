// sl_text_ends_with: `ends_with(s, t)`; on valid UTF-8 a byte suffix match is a code-point suffix match.
#include <string_view>

#include "syncloom/stdlib/text.hpp"

extern "C" sl_status sl_text_ends_with(const char* s, size_t n, const char* t, size_t t_n, bool* out) {
  if (sl_status st = sl_text_validate(s, n); st != SL_OK) return st;
  if (sl_status st = sl_text_validate(t, t_n); st != SL_OK) return st;
  *out = std::string_view(s, n).ends_with(std::string_view(t, t_n));
  return SL_OK;
}
