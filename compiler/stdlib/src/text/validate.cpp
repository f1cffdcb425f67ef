// sl_text_validate: the check every text function runs first, so no engine ever sees malformed UTF-8.
#include "syncloom/stdlib/text.hpp"
#include "utf8.hpp"

extern "C" sl_status sl_text_validate(const char* s, size_t n) {
  for (size_t i = 0; i < n;) {
    // ASCII runs are the common case in SKUs and e-mail addresses.
    if (static_cast<unsigned char>(s[i]) < 0x80) {
      ++i;
      continue;
    }
    char32_t cp = 0;
    size_t len = syncloom::stdlib::detail::decode_utf8(s, n, i, &cp);
    if (len == 0) return SL_INVALID_UTF8;
    i += len;
  }
  return SL_OK;
}
