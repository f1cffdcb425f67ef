// sl_text_length: `len(s)` counts code points, not bytes, so "Øster" is 5 like the user sees it.
#include "syncloom/stdlib/text.hpp"

extern "C" sl_status sl_text_length(const char* s, size_t n, int64_t* out) {
  if (sl_status st = sl_text_validate(s, n); st != SL_OK) return st;
  int64_t count = 0;
  for (size_t i = 0; i < n; ++i)  // every byte that is not a continuation byte starts a code point
    if ((static_cast<unsigned char>(s[i]) & 0xC0) != 0x80) ++count;
  *out = count;
  return SL_OK;
}
