// POSIX TZ strings as TZif footers use them (RFC 8536 §3.3, with its extensions: hours up to 167 and negative
// rule times): "EST5EDT,M3.2.0,M11.1.0", "<+0330>-3:30", "<-03>3<-02>,M3.5.0/-2,M10.5.0/-1".
#include "civil.hpp"
#include "zone_impl.hpp"

namespace syncloom::stdlib::detail {
namespace {

struct Cursor {
  std::string_view s;
  size_t pos = 0;
  bool at_end() const { return pos >= s.size(); }
  bool peek(char c) const { return pos < s.size() && s[pos] == c; }
  bool eat(char c) {
    if (!peek(c)) return false;
    ++pos;
    return true;
  }
  bool number(int max_digits, int64_t* out) {
    size_t start = pos;
    int64_t v = 0;
    while (pos < s.size() && s[pos] >= '0' && s[pos] <= '9' && int(pos - start) < max_digits) v = v * 10 + (s[pos++] - '0');
    *out = v;
    return pos > start;
  }
};

bool name(Cursor& c, std::string* out) {
  size_t start = c.pos;
  if (c.eat('<')) {
    while (!c.at_end() && !c.peek('>')) ++c.pos;
    if (!c.eat('>')) return false;
    *out = std::string(c.s.substr(start + 1, c.pos - start - 2));
    return out->size() >= 3;
  }
  while (!c.at_end() && ((c.s[c.pos] >= 'A' && c.s[c.pos] <= 'Z') || (c.s[c.pos] >= 'a' && c.s[c.pos] <= 'z'))) ++c.pos;
  *out = std::string(c.s.substr(start, c.pos - start));
  return out->size() >= 3;
}

/// [+-]hh[:mm[:ss]] in seconds, hours up to `max_hours`.
bool duration(Cursor& c, int64_t max_hours, int64_t* out) {
  int64_t sign = c.eat('-') ? -1 : (c.eat('+'), 1);
  int64_t h = 0, m = 0, sec = 0;
  if (!c.number(3, &h) || h > max_hours) return false;
  if (c.eat(':') && (!c.number(2, &m) || m > 59)) return false;
  if (c.peek(':') && (!c.eat(':') || !c.number(2, &sec) || sec > 59)) return false;
  *out = sign * (h * 3600 + m * 60 + sec);
  return true;
}

bool when(Cursor& c, PosixRule::When* w) {
  int64_t a = 0, b = 0, d = 0;
  if (c.eat('J')) {
    if (!c.number(3, &a) || a < 1 || a > 365) return false;
    w->kind = 'J';
    w->day = int(a);
  } else if (c.eat('M')) {
    if (!c.number(2, &a) || !c.eat('.') || !c.number(1, &b) || !c.eat('.') || !c.number(1, &d)) return false;
    if (a < 1 || a > 12 || b < 1 || b > 5 || d > 6) return false;
    w->kind = 'M';
    w->month = int(a);
    w->week = int(b);
    w->weekday = int(d);
  } else {
    if (!c.number(3, &a) || a > 365) return false;
    w->kind = 'D';
    w->day = int(a);
  }
  w->time = 7200;
  if (c.eat('/')) {
    int64_t t = 0;
    if (!duration(c, 167, &t)) return false;
    w->time = int32_t(t);
  }
  return true;
}

/// Days since the epoch of the rule date in `year`.
int64_t rule_day(const PosixRule::When& w, int64_t year) {
  switch (w.kind) {
    case 'J': return days_from_civil(year, 1, 1) + w.day - 1 + (is_leap_year(year) && w.day >= 60 ? 1 : 0);
    case 'D': return days_from_civil(year, 1, 1) + w.day;
    default: {
      int64_t first = days_from_civil(year, unsigned(w.month), 1);
      int64_t weekday_of_first = (first % 7 + 11) % 7;  // 1970-01-01 was a Thursday (4)
      int64_t day = 1 + (w.weekday - weekday_of_first + 7) % 7 + int64_t(w.week - 1) * 7;
      while (day > days_in_month(year, unsigned(w.month))) day -= 7;  // week 5 is "the last"
      return first + day - 1;
    }
  }
}

}  // namespace

bool parse_posix_rule(std::string_view text, PosixRule* out) {
  Cursor c{text};
  PosixRule r;
  int64_t offset = 0;
  if (!name(c, &r.standard.abbreviation) || !duration(c, 24, &offset)) return false;
  r.standard.offset = int32_t(-offset);  // POSIX counts hours west of Greenwich
  if (!c.at_end()) {
    r.has_daylight = true;
    r.daylight.dst = true;
    if (!name(c, &r.daylight.abbreviation)) return false;
    r.daylight.offset = r.standard.offset + 3600;
    if (!c.peek(',') && !c.at_end()) {
      if (!duration(c, 24, &offset)) return false;
      r.daylight.offset = int32_t(-offset);
    }
    if (c.at_end()) {
      // No rule: POSIX leaves it to the implementation; tzcode uses the US rules since 2007.
      r.start = {'M', 3, 2, 0, 0, 7200};
      r.end = {'M', 11, 1, 0, 0, 7200};
    } else if (!c.eat(',') || !when(c, &r.start) || !c.eat(',') || !when(c, &r.end)) {
      return false;
    }
  }
  if (!c.at_end()) return false;
  *out = r;
  return true;
}

void rule_transitions(const PosixRule& rule, int64_t first_year, int64_t last_year, std::vector<int64_t>& out) {
  if (!rule.has_daylight) return;
  for (int64_t y = first_year; y <= last_year; ++y) {
    // The start time is read on standard-time clocks, the end time on daylight-time clocks.
    out.push_back(rule_day(rule.start, y) * 86400 + rule.start.time - rule.standard.offset);
    out.push_back(rule_day(rule.end, y) * 86400 + rule.end.time - rule.daylight.offset);
  }
}

const LocalTimeType& rule_type_at(const PosixRule& rule, int64_t t) {
  if (!rule.has_daylight) return rule.standard;
  int64_t year = civil_from_days(floor_div(t + rule.standard.offset, 86400)).year;
  std::vector<int64_t> changes;
  changes.reserve(6);
  rule_transitions(rule, year - 1, year + 1, changes);
  // Changes alternate start, end, start, ...; the last one at or before t decides. Where a year's end and the
  // next year's start coincide (all-year daylight time, "EST5EDT,0/0,J365/25"), the later in the list wins.
  const LocalTimeType* in_effect = &rule.standard;
  int64_t latest = INT64_MIN;
  for (size_t i = 0; i < changes.size(); ++i) {
    if (changes[i] <= t && changes[i] >= latest) {
      latest = changes[i];
      in_effect = i % 2 == 0 ? &rule.daylight : &rule.standard;
    }
  }
  return *in_effect;
}

}  // namespace syncloom::stdlib::detail
