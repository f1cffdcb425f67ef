// sl_text_lower: `lower(s)`, Unicode-aware ("Øster" -> "øster") so e-mail and SKU keys match across systems.
#include "case_map.hpp"

extern "C" sl_status sl_text_lower(const char* s, size_t n, sl_buffer* out) {
  return syncloom::stdlib::detail::map_case(s, n, out, false);
}
