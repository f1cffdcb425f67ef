// Cron parsing and the "can this ever fire" check behind E0402 (see cron.hpp).
#include "syncloom/frontend/cron.hpp"

#include <algorithm>
#include <cctype>
#include <chrono>
#include <vector>

namespace syncloom::frontend {
namespace {

struct Field {
  const char* name;
  int lo, hi;
};
constexpr Field kFields[5] = {{"minute", 0, 59}, {"hour", 0, 23}, {"day of month", 1, 31}, {"month", 1, 12}, {"day of week", 0, 7}};

bool number(std::string_view t, int& out) {
  if (t.empty() || t.size() > 4 || !std::all_of(t.begin(), t.end(), [](char c) { return std::isdigit(static_cast<unsigned char>(c)); }))
    return false;
  out = std::stoi(std::string(t));
  return true;
}

/// Sets the bits of one field ("1-5,10,*/15"); "" on success, else why not.
std::string parse_field(std::string_view text, const Field& f, std::vector<bool>& bits) {
  std::string field(text);
  field += ',';
  size_t start = 0;
  for (size_t comma; (comma = field.find(',', start)) != std::string::npos; start = comma + 1) {
    std::string part = field.substr(start, comma - start);
    std::string range = part;
    int step = 1;
    if (auto slash = part.find('/'); slash != std::string::npos) {
      range = part.substr(0, slash);
      if (!number(part.substr(slash + 1), step) || step == 0) return std::string("bad step in the ") + f.name + " field";
    }
    int a = f.lo, b = f.hi;
    if (range != "*") {
      auto dash = range.find('-');
      bool ok = dash == std::string::npos ? number(range, a) && (b = a, true)
                                          : number(range.substr(0, dash), a) && number(range.substr(dash + 1), b);
      if (!ok) return "`" + part + "` is not valid in the " + f.name + " field";
      if (a < f.lo || b > f.hi || a > b)
        return std::string("the ") + f.name + " field allows " + std::to_string(f.lo) + "-" + std::to_string(f.hi);
      // `5/15` means 5, 20, 35, 50: a single start runs to the end of the field.
      if (dash == std::string::npos && part.find('/') != std::string::npos) b = f.hi;
    }
    for (int v = a; v <= b; v += step) bits[size_t(v)] = true;
  }
  return "";
}

template <size_t N>
std::bitset<N> to_bits(const std::vector<bool>& v) {
  std::bitset<N> out;
  for (size_t i = 0; i < N && i < v.size(); ++i) out[i] = v[i];
  return out;
}

}  // namespace

std::optional<CronSpec> parse_cron(std::string_view text, std::string& why) {
  std::vector<std::string> fields;
  std::string cur;
  for (char c : text) {
    if (c == ' ' || c == '\t') {
      if (!cur.empty()) fields.push_back(cur);
      cur.clear();
    } else {
      cur += c;
    }
  }
  if (!cur.empty()) fields.push_back(cur);
  if (fields.size() != 5) {
    why = "expected 5 fields, found " + std::to_string(fields.size());
    return std::nullopt;
  }
  std::vector<bool> bits[5];
  for (int i = 0; i < 5; ++i) {
    bits[i].assign(size_t(kFields[i].hi) + 1, false);
    if (std::string e = parse_field(fields[size_t(i)], kFields[i], bits[i]); !e.empty()) {
      why = e;
      return std::nullopt;
    }
  }
  CronSpec spec;
  spec.minutes = to_bits<60>(bits[0]);
  spec.hours = to_bits<24>(bits[1]);
  spec.days = to_bits<32>(bits[2]);
  spec.months = to_bits<13>(bits[3]);
  if (bits[4][7]) bits[4][0] = true;  // Sunday is 0 or 7
  spec.weekdays = to_bits<8>(bits[4]);
  spec.weekdays[7] = false;
  spec.days_star = fields[2].front() == '*';
  spec.weekdays_star = fields[4].front() == '*';
  return spec;
}

std::optional<std::string> never_fires(const CronSpec& spec) {
  // With a restricted day of week as well, a day matches either field, and every weekday comes round.
  if (spec.days_star || !spec.weekdays_star) return std::nullopt;
  static constexpr int kLongest[13] = {0, 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  static constexpr const char* kMonth[13] = {"", "January", "February", "March", "April", "May", "June", "July",
                                             "August", "September", "October", "November", "December"};
  int first_day = 1;
  while (first_day <= 31 && !spec.days[size_t(first_day)]) ++first_day;
  std::string months;
  for (int m = 1; m <= 12; ++m) {
    if (!spec.months[size_t(m)]) continue;
    if (first_day <= kLongest[m]) return std::nullopt;
    months += (months.empty() ? "" : ", ") + std::string(kMonth[m]);
  }
  return "day " + std::to_string(first_day) + (spec.days.count() > 1 ? " or later" : "") + " never comes in " + months;
}

bool fires_on(const CronSpec& spec, unsigned month, unsigned day, unsigned weekday) {
  if (!spec.months[month]) return false;
  // Vixie cron: when either day field starts with `*`, a day must match both; when both are restricted,
  // either will do (`0 0 1 * 1` fires on the 1st and on every Monday).
  if (spec.days_star || spec.weekdays_star) return spec.days[day] && spec.weekdays[weekday];
  return spec.days[day] || spec.weekdays[weekday];
}

std::optional<int64_t> next_fire(const CronSpec& spec, int64_t after_unix_seconds) {
  using namespace std::chrono;
  constexpr int64_t kMinute = 60, kHour = 3600, kDay = 86'400;
  // 9999-12-31T23:59:59Z: beyond it no answer is written as a date anyone reads (and no arithmetic overflows).
  constexpr int64_t kLast = 253'402'300'799;
  constexpr int64_t kFirst = -62'135'596'800;  // 0001-01-01T00:00:00Z
  if (after_unix_seconds >= kLast || after_unix_seconds < kFirst) return std::nullopt;
  // Strictly after: the next whole minute.
  int64_t t = after_unix_seconds - ((after_unix_seconds % kMinute) + kMinute) % kMinute + kMinute;
  const int64_t limit = t + 146'097LL * kDay;  // 400 Gregorian years: the calendar repeats after them
  while (t <= limit && t <= kLast) {
    int64_t day_number = t >= 0 ? t / kDay : (t - kDay + 1) / kDay;
    int64_t second_of_day = t - day_number * kDay;
    sys_days date{days{day_number}};
    year_month_day ymd{date};
    unsigned month_number = unsigned(ymd.month()), day_of_month = unsigned(ymd.day());
    if (!spec.months[month_number]) {  // to the first of the next month
      year_month_day next = ymd.year() / ymd.month() / day{1} + months{1};
      t = int64_t(sys_days(next).time_since_epoch().count()) * kDay;
      continue;
    }
    if (!fires_on(spec, month_number, day_of_month, weekday(date).c_encoding())) {
      t = (day_number + 1) * kDay;
      continue;
    }
    int64_t hour = second_of_day / kHour, minute = second_of_day % kHour / kMinute;
    if (!spec.hours[size_t(hour)]) {
      if (hour == 23) t = (day_number + 1) * kDay;
      else t = day_number * kDay + (hour + 1) * kHour;
      continue;
    }
    if (!spec.minutes[size_t(minute)]) {
      t += kMinute;
      continue;
    }
    return t;
  }
  return std::nullopt;
}

}  // namespace syncloom::frontend
