// Status codes shared by every stdlib function: both engines turn a non-OK status into an error of the record.
#pragma once

#include <stdint.h>

extern "C" {

/// Result of a stdlib call. Values are stable: the JIT compares against them as integers.
typedef enum sl_status : int32_t {
  SL_OK = 0,            ///< success; outputs are written
  SL_OVERFLOW = 1,      ///< a result does not fit (38 decimal digits, int64, year 0000-9999)
  SL_DIV_BY_ZERO = 2,   ///< decimal division by zero
  SL_INVALID = 3,       ///< malformed text or an argument outside its domain (bad scale, unknown format)
  SL_INVALID_UTF8 = 4,  ///< a string argument is not well-formed UTF-8
  SL_INEXACT = 5,       ///< a conversion would lose a fraction (decimal 2.5 to int)
  SL_NO_MEMORY = 6,     ///< an output buffer could not grow
  SL_LIMIT = 7,         ///< a regular expression exceeded its backtracking limits on this text
} sl_status;

/// A short English description of `status` ("decimal overflow"), static storage; never null.
const char* sl_status_message(sl_status status);

}  // extern "C"
