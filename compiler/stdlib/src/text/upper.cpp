// sl_text_upper: `upper(s)`, Unicode-aware, with the one-to-many Latin mappings ("straße" -> "STRASSE").
#include "case_map.hpp"

extern "C" sl_status sl_text_upper(const char* s, size_t n, sl_buffer* out) {
  return syncloom::stdlib::detail::map_case(s, n, out, true);
}
