// The loaded zone behind sl_zone: the TZif transition table and the POSIX TZ rule for instants after it.
// Times inside are whole seconds since the epoch (TZif's own resolution).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "syncloom/stdlib/zone.hpp"

namespace syncloom::stdlib::detail {

struct LocalTimeType {
  int32_t offset = 0;  ///< seconds east of UTC
  bool dst = false;
  std::string abbreviation;
};

/// A POSIX TZ string ("CET-1CEST,M3.5.0,M10.5.0/3"): standard time, and optionally daylight time between two
/// yearly rules.
struct PosixRule {
  struct When {
    char kind = 'M';  ///< 'J': day 1..365 without Feb 29; 'D': day 0..365 counting it; 'M': month.week.weekday
    int month = 0, week = 0, weekday = 0, day = 0;
    int32_t time = 7200;  ///< seconds after local midnight, on the clocks in effect before the change
  };
  LocalTimeType standard, daylight;
  bool has_daylight = false;
  When start, end;
};

/// Parses a TZ string; false when it is not one.
bool parse_posix_rule(std::string_view text, PosixRule* out);
/// The local time type of the rule at instant `t` (seconds).
const LocalTimeType& rule_type_at(const PosixRule& rule, int64_t t);
/// The instants (seconds) of the rule's changes in years [first, last], in order.
void rule_transitions(const PosixRule& rule, int64_t first_year, int64_t last_year, std::vector<int64_t>& out);

}  // namespace syncloom::stdlib::detail

struct sl_zone {
  std::string name;
  std::vector<int64_t> transitions;   ///< instants of the table's changes, ascending
  std::vector<uint8_t> transition_type;  ///< the type taking effect at each
  std::vector<syncloom::stdlib::detail::LocalTimeType> types;  ///< types[0] applies before the first transition
  bool has_rule = false;
  syncloom::stdlib::detail::PosixRule rule;  ///< after the last transition, when has_rule
};

namespace syncloom::stdlib::detail {

/// Parses a TZif file's bytes into `zone` (name not set); false and `why` on a malformed file.
bool parse_tzif(std::string_view bytes, sl_zone& zone, std::string& why);
/// The local time type in effect at instant `t` (seconds).
const LocalTimeType& type_at(const sl_zone& zone, int64_t t);

}  // namespace syncloom::stdlib::detail
