// Ordering and grouping of list elements by scalar keys, for `sort`, `sort_by`, `distinct` and `group_by`. The
// engines turn each element's key into an sl_key and permute or group their own values by the result, so both
// order and group exactly alike.
//
// The order: numbers by value (decimals 1.0 and 1.00 are equal), strings by code point (byte order of UTF-8),
// dates and timestamps chronologically, false before true; null after every value, in either direction. Sorting
// is stable: equal keys keep their order in the input.
#pragma once

#include <stddef.h>
#include <stdint.h>

#include "syncloom/stdlib/decimal.hpp"
#include "syncloom/stdlib/status.hpp"

extern "C" {

typedef enum sl_key_kind : int32_t {
  SL_KEY_NULL = 0,
  SL_KEY_BOOL = 1,       ///< i: 0 or 1
  SL_KEY_INT = 2,        ///< i
  SL_KEY_DECIMAL = 3,    ///< d
  SL_KEY_FLOAT = 4,      ///< f (finite)
  SL_KEY_STRING = 5,     ///< s, n: UTF-8
  SL_KEY_DATE = 6,       ///< i: days since the epoch
  SL_KEY_TIMESTAMP = 7,  ///< i: microseconds since the epoch
} sl_key_kind;

typedef struct sl_key {
  sl_key_kind kind;
  int64_t i;
  double f;
  sl_decimal d;
  const char* s;
  size_t n;
} sl_key;

/// <0, 0, >0 as `a` sorts before, with, or after `b` (nulls last). Keys of one list have one kind (or are
/// null); an int meets a decimal by value, other kinds of different sort by kind.
int32_t sl_key_compare(const sl_key* a, const sl_key* b);

/// A stable ordering of `n` keys: `order` receives the indices 0..n-1 sorted (ascending, or descending with
/// `descending`; nulls last either way).
sl_status sl_list_sort_order(const sl_key* keys, size_t n, bool descending, size_t* order);

/// Groups equal keys (null equals null): `group_of[i]` is the group of key i, groups numbered by their first
/// appearance; `*groups` receives the number of groups.
sl_status sl_list_group(const sl_key* keys, size_t n, size_t* group_of, size_t* groups);

}  // extern "C"
