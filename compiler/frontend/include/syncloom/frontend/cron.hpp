// Five-field cron expressions (minute hour day-of-month month day-of-week), as Vixie cron reads them: the
// one parser behind sema's E0402 check and the runtime's schedules (syncloom::next_cron_fire).
#pragma once

#include <array>
#include <bitset>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace syncloom::frontend {

struct CronSpec {
  std::bitset<60> minutes;
  std::bitset<24> hours;
  std::bitset<32> days;      ///< 1-31
  std::bitset<13> months;    ///< 1-12
  std::bitset<8> weekdays;   ///< 0-6, Sunday 0 (7 is read as 0)
  /// A field written starting with `*` is unrestricted for the day rule: when both day fields are
  /// restricted, a day matches either (union); otherwise both must match.
  bool days_star = false, weekdays_star = false;
};

/// The expression's fields, or nullopt with `why` (which field, and what it allows).
std::optional<CronSpec> parse_cron(std::string_view text, std::string& why);

/// Whether the schedule fires at all in the Gregorian calendar: `0 2 31 2 *` never does; `0 0 29 2 *`
/// does, in leap years. Nullopt when it can; else the reason it cannot.
std::optional<std::string> never_fires(const CronSpec& spec);

/// Whether the schedule fires on a date (the day rule above), for month 1-12, day 1-31 and weekday 0-6
/// (Sunday 0); the caller passes real dates only.
bool fires_on(const CronSpec& spec, unsigned month, unsigned day, unsigned weekday);

/// The first instant strictly after `after_unix_seconds` (UTC) at which the schedule fires, in Unix seconds
/// (a whole minute); nullopt when it never fires within 400 years (the Gregorian cycle: then it never will)
/// or when the answer would pass the year 9999.
std::optional<int64_t> next_fire(const CronSpec& spec, int64_t after_unix_seconds);

}  // namespace syncloom::frontend
