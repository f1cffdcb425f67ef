// The Gregorian calendar checks both connectors make on dates from the wire (and from page tokens).
#pragma once

namespace syncloom::connectors {

/// Year 1..9999, month 1..12, and a day the month has (29 February only in leap years).
inline bool valid_civil_date(int year, int month, int day) {
  static constexpr int kDays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (year < 1 || year > 9999 || month < 1 || month > 12 || day < 1 || day > kDays[month - 1]) return false;
  bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  return !(month == 2 && day == 29 && !leap);
}

}  // namespace syncloom::connectors
