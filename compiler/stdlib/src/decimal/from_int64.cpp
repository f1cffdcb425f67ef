// sl_decimal_from_int64: int widens to decimal (language §3) at scale 0.
#include "syncloom/stdlib/decimal.hpp"

extern "C" sl_decimal sl_decimal_from_int64(int64_t v) { return sl_decimal{sl_int128(v), 0}; }
