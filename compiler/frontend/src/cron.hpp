// Five-field cron expressions (minute hour day-of-month month day-of-week), as Vixie cron reads them.
#pragma once

#include <array>
#include <bitset>
#include <optional>
#include <string>
#include <string_view>

namespace syncloom::frontend::detail {

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

}  // namespace syncloom::frontend::detail
