// Messages for sl_status values, used in dead-letter reasons and test failures.
#include "syncloom/stdlib/status.hpp"

extern "C" const char* sl_status_message(sl_status status) {
  switch (status) {
    case SL_OK: return "ok";
    case SL_OVERFLOW: return "value out of range";
    case SL_DIV_BY_ZERO: return "division by zero";
    case SL_INVALID: return "invalid value";
    case SL_INVALID_UTF8: return "invalid UTF-8";
    case SL_INEXACT: return "value has a fractional part";
    case SL_NO_MEMORY: return "out of memory";
    case SL_LIMIT: return "the regular expression exceeded its backtracking limit on this text";
  }
  return "unknown status";
}
