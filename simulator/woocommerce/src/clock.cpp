// Clock and SiteZone: civil-time conversions without the C library's global TZ state.
#include "clock.hpp"

#include "syncloom/stdlib/buffer.hpp"
#include "syncloom/stdlib/zone.hpp"

#include <chrono>
#include <cstdio>

namespace woosim {
namespace {

// Days from 1970-01-01 to y-m-d in the proleptic Gregorian calendar (Howard Hinnant's algorithm).
int64_t days_from_civil(int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<int64_t>(doe) - 719468;
}

std::string format_civil(int64_t t) {
  int64_t days = t >= 0 ? t / 86400 : (t - 86399) / 86400;
  int64_t secs = t - days * 86400;
  int64_t z = days + 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  int64_t y = static_cast<int64_t>(yoe) + era * 400;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  const unsigned d = doy - (153 * mp + 2) / 5 + 1;
  const unsigned m = mp < 10 ? mp + 3 : mp - 9;
  y += m <= 2;
  char buf[96];
  std::snprintf(buf, sizeof buf, "%04lld-%02u-%02uT%02lld:%02lld:%02lld", static_cast<long long>(y), m, d,
                static_cast<long long>(secs / 3600), static_cast<long long>(secs / 60 % 60),
                static_cast<long long>(secs % 60));
  return buf;
}

}  // namespace

int64_t Clock::now() const {
  if (frozen_.load()) return frozen_at_.load();
  using namespace std::chrono;
  return duration_cast<seconds>(system_clock::now().time_since_epoch()).count() + offset_.load();
}

void Clock::set(int64_t unix_seconds) {
  frozen_at_.store(unix_seconds);
  frozen_.store(true);
}

void Clock::advance(int64_t seconds) {
  if (frozen_.load()) frozen_at_.fetch_add(seconds);
  else offset_.fetch_add(seconds);
}

void Clock::unfreeze() {
  if (!frozen_.load()) return;
  using namespace std::chrono;
  int64_t real = duration_cast<seconds>(system_clock::now().time_since_epoch()).count();
  offset_.store(frozen_at_.load() - real);
  frozen_.store(false);
}

SiteZone::~SiteZone() {
  if (zone_) sl_zone_free(zone_);
}

bool SiteZone::load(const std::string& name, std::string& error) {
  sl_buffer why{};
  sl_zone* z = nullptr;
  if (sl_zone_load(nullptr, name.data(), name.size(), &z, &why) != SL_OK) {
    error = "unknown time zone '" + name + "'";
    if (why.len) error += ": " + std::string(why.data, why.len);
    sl_buffer_free(&why);
    return false;
  }
  sl_buffer_free(&why);
  if (zone_) sl_zone_free(zone_);
  zone_ = z;
  return true;
}

int32_t SiteZone::offset_at(int64_t unix_seconds) const {
  int32_t off = 0;
  if (zone_) sl_zone_offset(zone_, unix_seconds * 1000000, &off, nullptr);
  return off;
}

std::string SiteZone::local(int64_t unix_seconds) const { return format_civil(unix_seconds + offset_at(unix_seconds)); }

std::string SiteZone::gmt(int64_t unix_seconds) { return format_civil(unix_seconds); }

std::optional<int64_t> SiteZone::parse(const std::string& text, bool gmt) const {
  int y = 0, mo = 0, d = 0, h = 0, mi = 0, s = 0, consumed = 0;
  if (std::sscanf(text.c_str(), "%4d-%2d-%2d%n", &y, &mo, &d, &consumed) != 3 || consumed != 10) return std::nullopt;
  size_t pos = 10;
  if (pos < text.size() && (text[pos] == 'T' || text[pos] == ' ')) {
    int n = 0;
    if (std::sscanf(text.c_str() + pos + 1, "%2d:%2d:%2d%n", &h, &mi, &s, &n) != 3) return std::nullopt;
    pos += 1 + static_cast<size_t>(n);
    while (pos < text.size() && (text[pos] == '.' || (text[pos] >= '0' && text[pos] <= '9'))) ++pos;  // fraction
  }
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || s > 60) return std::nullopt;
  int64_t wall = days_from_civil(y, static_cast<unsigned>(mo), static_cast<unsigned>(d)) * 86400 + h * 3600 + mi * 60 + s;
  if (pos == text.size()) {
    if (gmt || !zone_) return wall;
    int64_t instant = 0;
    if (sl_zone_from_local(zone_, wall * 1000000, &instant) != SL_OK) return std::nullopt;
    return instant / 1000000;
  }
  if (text[pos] == 'Z' && pos + 1 == text.size()) return wall;
  int oh = 0, om = 0;
  char sign = text[pos];
  if ((sign == '+' || sign == '-') && std::sscanf(text.c_str() + pos + 1, "%2d:%2d", &oh, &om) == 2) {
    int64_t off = (oh * 3600 + om * 60) * (sign == '-' ? -1 : 1);
    return wall - off;
  }
  return std::nullopt;
}

}  // namespace woosim
