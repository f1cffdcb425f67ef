// SystemConfig accessors, secrets compared in constant time, and budget rates ("20/s", "6000/5min").
#include <charconv>

#include "syncloom/connectors/system_config.hpp"

namespace syncloom::connectors {

bool constant_time_equal(std::string_view a, std::string_view b) {
  // The loop runs over the longer length whatever the contents, so timing reveals only the lengths.
  size_t n = a.size() > b.size() ? a.size() : b.size();
  unsigned char diff = a.size() == b.size() ? 0 : 1;
  for (size_t i = 0; i < n; ++i) {
    unsigned char x = i < a.size() ? static_cast<unsigned char>(a[i]) : 0;
    unsigned char y = i < b.size() ? static_cast<unsigned char>(b[i]) : 0;
    diff |= static_cast<unsigned char>(x ^ y);
  }
  // Keep the compiler from turning the accumulated difference into an early exit.
  volatile unsigned char result = diff;
  return result == 0;
}

bool Secret::equals(std::string_view other) const { return constant_time_equal(value_, other); }

std::optional<Budget> parse_rate(std::string_view text, Budget base, std::string* error) {
  auto fail = [&](std::string why) -> std::optional<Budget> {
    if (error) *error = std::move(why);
    return std::nullopt;
  };
  size_t slash = text.find('/');
  if (slash == std::string_view::npos) return fail("expected requests per window, such as 20/s or 6000/5min");
  unsigned requests = 0;
  std::string_view count = text.substr(0, slash);
  auto [p, ec] = std::from_chars(count.data(), count.data() + count.size(), requests);
  if (ec != std::errc() || p != count.data() + count.size() || requests == 0)
    return fail("`" + std::string(count) + "` is not a positive number of requests");
  std::string_view window = text.substr(slash + 1);
  unsigned long amount = 1;
  size_t digits = 0;
  while (digits < window.size() && window[digits] >= '0' && window[digits] <= '9') ++digits;
  if (digits > 0) {
    auto [q, ec2] = std::from_chars(window.data(), window.data() + digits, amount);
    if (ec2 != std::errc() || amount == 0) return fail("the window must be a positive duration");
  }
  std::string_view unit = window.substr(digits);
  long long ms_per_unit = 0;
  if (unit == "ms") ms_per_unit = 1;
  else if (unit == "s" || unit == "sec") ms_per_unit = 1000;
  else if (unit == "min" || unit == "m") ms_per_unit = 60'000;
  else if (unit == "h") ms_per_unit = 3'600'000;
  else return fail("unknown window unit `" + std::string(unit) + "` (use ms, s, min or h)");
  base.requests = requests;
  base.window = std::chrono::milliseconds(static_cast<long long>(amount) * ms_per_unit);
  return base;
}

const Setting* SystemConfig::find(std::string_view key) const {
  auto it = settings.find(key);
  return it == settings.end() ? nullptr : &it->second;
}

std::string SystemConfig::get(std::string_view key, std::string_view fallback) const {
  const Setting* s = find(key);
  return s ? s->value : std::string(fallback);
}

Secret SystemConfig::secret(std::string_view key) const {
  const Setting* s = find(key);
  return s ? Secret(s->value) : Secret();
}

std::string SystemConfig::where(std::string_view key) const {
  const Setting* s = find(key);
  int at = s && s->line ? s->line : line;
  std::string out = file.empty() ? std::string() : file + ":";
  if (at) out += std::to_string(at) + ":";
  if (!out.empty()) out += " ";
  return out + "systems." + name + (key.empty() ? "" : "." + std::string(key));
}

}  // namespace syncloom::connectors
