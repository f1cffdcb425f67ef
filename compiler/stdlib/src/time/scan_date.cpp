// "YYYY-MM-DD" with calendar validation, shared by the date and timestamp parsers.
#include "civil.hpp"
#include "scan.hpp"

namespace syncloom::stdlib::detail {

bool scan_date(Scanner& s, int64_t* days) {
  int64_t year = 0, month = 0, day = 0;
  // Four digits exactly: no sign, so negative and expanded years are rejected.
  if (!s.digits(4, &year) || !s.eat('-') || !s.digits(2, &month) || !s.eat('-') || !s.digits(2, &day)) return false;
  if (month < 1 || month > 12) return false;
  if (day < 1 || day > int64_t{days_in_month(year, unsigned(month))}) return false;
  *days = days_from_civil(year, unsigned(month), unsigned(day));
  return true;
}

}  // namespace syncloom::stdlib::detail
