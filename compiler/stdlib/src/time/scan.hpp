// A cursor over date/time text for the ISO 8601 parsers: fixed-width digit fields and literal separators.
#pragma once

#include <cstddef>
#include <cstdint>

#include "syncloom/stdlib/status.hpp"

namespace syncloom::stdlib::detail {

struct Scanner {
  const char* text;
  std::size_t n;
  std::size_t pos = 0;

  bool at_end() const { return pos == n; }
  bool peek(char c) const { return pos < n && text[pos] == c; }

  /// Consumes `c` if it is next.
  bool eat(char c) {
    if (!peek(c)) return false;
    ++pos;
    return true;
  }

  /// Reads exactly `width` ASCII digits.
  bool digits(int width, int64_t* out) {
    int64_t v = 0;
    for (int i = 0; i < width; ++i, ++pos) {
      if (pos >= n || text[pos] < '0' || text[pos] > '9') return false;
      v = v * 10 + (text[pos] - '0');
    }
    *out = v;
    return true;
  }
};

/// Reads "YYYY-MM-DD" and checks the calendar; stores days since the epoch.
bool scan_date(Scanner& s, int64_t* days);

/// sl_timestamp_parse, also saying whether the text gave an offset ("Z", "+02:00"): without one the result is
/// the wall-clock value read as UTC.
sl_status parse_timestamp_text(const char* text, std::size_t n, std::int64_t* out, bool* has_offset);

}  // namespace syncloom::stdlib::detail
