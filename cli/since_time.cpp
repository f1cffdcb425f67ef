// Instants and ages for --since; the calendar is the compiler's (syncloom/stdlib/time.hpp).
#include "since_time.hpp"

#include <cstdlib>

#include "syncloom/stdlib/buffer.hpp"
#include "syncloom/stdlib/time.hpp"

namespace syncloom::cli {

bool parse_seconds(const std::string& text, std::chrono::seconds& out, std::string& why) {
  size_t digits = 0;
  while (digits < text.size() && text[digits] >= '0' && text[digits] <= '9') ++digits;
  std::string unit = text.substr(digits);
  long long scale = unit == "s" ? 1 : unit == "min" || unit == "m" ? 60 : unit == "h" ? 3600 : unit == "d" ? 86400 : 0;
  if (digits == 0 || digits > 9 || scale == 0) {
    why = "expected a duration such as 90s, 15min, 24h or 7d";
    return false;
  }
  out = std::chrono::seconds(std::atoll(text.substr(0, digits).c_str()) * scale);
  return true;
}

bool resolve_since_micros(const std::string& text, int64_t& micros, std::string& why) {
  std::chrono::seconds age{};
  std::string ignored;
  if (!text.empty() && text.find('-') == std::string::npos && parse_seconds(text, age, ignored)) {
    auto now = std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::system_clock::now().time_since_epoch());
    micros = now.count() - std::chrono::duration_cast<std::chrono::microseconds>(age).count();
    micros -= micros % 1000000;  // whole seconds: every API here takes them
    return true;
  }
  std::string full = text.size() == 10 ? text + "T00:00:00" : text;
  if (sl_timestamp_parse(full.data(), full.size(), &micros) != SL_OK) {
    why = "expected an ISO 8601 instant (2026-11-30T10:00:00Z, 2026-11-30) or an age (24h)";
    return false;
  }
  return true;
}

bool resolve_since(const std::string& text, std::string& instant, std::string& why) {
  int64_t micros = 0;
  if (!resolve_since_micros(text, micros, why)) return false;
  sl_buffer buffer{};
  if (sl_timestamp_to_text(micros, &buffer) != SL_OK) {
    sl_buffer_free(&buffer);
    why = "out of range";
    return false;
  }
  instant.assign(buffer.data, buffer.len);
  sl_buffer_free(&buffer);
  return true;
}

}  // namespace syncloom::cli
