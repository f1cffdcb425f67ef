// JSON-lines logging and ULID correlation ids.
#include "syncloom/core/log.hpp"

#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <ctime>
#include <memory>
#include <mutex>
#include <random>

#include "syncloom/wire/value.hpp"

namespace syncloom::core {

const char* level_name(Level level) {
  switch (level) {
    case Level::kDebug: return "debug";
    case Level::kInfo: return "info";
    case Level::kWarn: return "warn";
    case Level::kError: return "error";
  }
  return "?";
}

std::string Logger::format(int64_t ts_millis, Level level, std::string_view msg, std::initializer_list<Field> fields,
                           std::string_view cid) {
  std::time_t seconds = static_cast<std::time_t>(ts_millis / 1000);
  std::tm tm{};
  gmtime_r(&seconds, &tm);
  char ts[64];
  std::snprintf(ts, sizeof ts, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
                tm.tm_hour, tm.tm_min, tm.tm_sec, static_cast<int>(ts_millis % 1000));
  std::string line = "{\"ts\":\"";
  line += ts;
  line += "\",\"level\":\"";
  line += level_name(level);
  line += "\",\"msg\":";
  wire::append_quoted(msg, line);
  if (!cid.empty()) {
    line += ",\"cid\":";
    wire::append_quoted(cid, line);
  }
  for (const Field& f : fields) {
    line.push_back(',');
    wire::append_quoted(f.key, line);
    line.push_back(':');
    if (f.raw) line += f.value;
    else wire::append_quoted(f.value, line);
  }
  line.push_back('}');
  return line;
}

void Logger::log(Level level, std::string_view msg, std::initializer_list<Field> fields, std::string_view cid) {
  if (!enabled(level) || !sink_) return;
  auto now = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch());
  sink_(format(now.count(), level, msg, fields, cid));
}

Logger::Sink stderr_sink() {
  auto mutex = std::make_shared<std::mutex>();
  return [mutex](std::string_view line) {
    std::string out(line);
    out.push_back('\n');
    std::lock_guard lock(*mutex);
    // One write per line, so lines from several processes sharing stderr do not interleave mid-line.
    ssize_t written = ::write(STDERR_FILENO, out.data(), out.size());
    (void)written;
  };
}

std::string new_correlation_id() {
  static constexpr char kAlphabet[] = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
  thread_local std::mt19937_64 rng{std::random_device{}()};
  auto ms = static_cast<uint64_t>(
      std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch()).count());
  uint64_t hi = rng() & 0xFFFF;  // 16 of the 80 random bits
  uint64_t lo = rng();           // the other 64
  std::string id(26, '0');
  // 128 bits: 48 of time, 80 random; 26 base32 digits hold 130 bits, the top two are zero.
  for (int i = 25; i >= 0; --i) {
    id[static_cast<size_t>(i)] = kAlphabet[lo & 31];
    lo = (lo >> 5) | ((hi & 31) << 59);
    hi = (hi >> 5) | ((ms & 31) << 11);
    ms >>= 5;
  }
  return id;
}

}  // namespace syncloom::core
