// Retry-After, as every connector reads it: seconds or an HTTP date, capped at kMaxRetryAfter.
#include "common/retry_after.hpp"

#include <charconv>
#include <ctime>
#include <string>

#include "common/budget.hpp"

namespace syncloom::connectors {

std::optional<std::chrono::milliseconds> parse_retry_after(std::string_view value,
                                                           std::chrono::system_clock::time_point now) {
  while (!value.empty() && value.front() == ' ') value.remove_prefix(1);
  while (!value.empty() && value.back() == ' ') value.remove_suffix(1);
  if (value.empty()) return std::nullopt;
  long long seconds = 0;
  auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), seconds);
  if (ec == std::errc() && end == value.data() + value.size())
    return seconds < 0 ? std::nullopt : std::optional(retry_after_wait(seconds));
  std::tm tm{};
  std::string text(value);
  const char* parsed = strptime(text.c_str(), "%a, %d %b %Y %H:%M:%S GMT", &tm);
  if (!parsed || *parsed != '\0') return std::nullopt;
  // Compared in seconds first: a date centuries away does not fit system_clock's nanoseconds.
  long long at_seconds = timegm(&tm);
  long long ahead = at_seconds - static_cast<long long>(std::chrono::system_clock::to_time_t(now));
  if (ahead < 0) return std::chrono::milliseconds(0);
  if (ahead > std::chrono::duration_cast<std::chrono::seconds>(kMaxRetryAfter).count()) return kMaxRetryAfter;
  auto at = std::chrono::system_clock::from_time_t(static_cast<std::time_t>(at_seconds));
  auto delay = std::chrono::duration_cast<std::chrono::milliseconds>(at - now);
  return delay.count() < 0 ? std::chrono::milliseconds(0) : delay;
}

std::optional<std::chrono::milliseconds> retry_after(const http::Response& response) {
  const std::string* value = response.header("Retry-After");
  if (!value) return std::nullopt;
  return parse_retry_after(*value, std::chrono::system_clock::now());
}

}  // namespace syncloom::connectors
