// Logs as JSON lines, one event per line, with the correlation id that follows a record from the
// WooCommerce event to the ERP document (and into the dead-letter queue and the audit trail).
//
//   Logger log(stderr_sink(), Level::kInfo);
//   std::string cid = new_correlation_id();
//   log.info("synced", {{"domain", "orders"}, {"key", "WOO-727"}, Field::number("ms", 412)}, cid);
//   // {"ts":"2026-12-02T02:40:00.123Z","level":"info","msg":"synced","cid":"01J...","domain":"orders",...}
//
// Values are data, never formatted into the message, so logs can be queried by field. Secrets must not
// be passed at all: nothing here can tell a password from a name.
#pragma once
#include <atomic>
#include <cstdint>
#include <functional>
#include <initializer_list>
#include <string>
#include <string_view>

namespace syncloom::core {

enum class Level : unsigned char { kDebug, kInfo, kWarn, kError };
const char* level_name(Level level);  ///< "debug", "info", "warn", "error"

struct Field {
  std::string key;
  std::string value;
  bool raw = false;  ///< true: written as is (a number or true/false), else as a JSON string
  Field(std::string k, std::string v) : key(std::move(k)), value(std::move(v)) {}
  static Field number(std::string k, int64_t n) { return Field(std::move(k), std::to_string(n), true); }
  static Field boolean(std::string k, bool b) { return Field(std::move(k), b ? "true" : "false", true); }

 private:
  Field(std::string k, std::string v, bool r) : key(std::move(k)), value(std::move(v)), raw(r) {}
};

class Logger {
 public:
  using Sink = std::function<void(std::string_view line)>;  ///< receives one line, without the newline
  Logger(Sink sink, Level min = Level::kInfo) : sink_(std::move(sink)), min_(min) {}

  void log(Level level, std::string_view msg, std::initializer_list<Field> fields = {}, std::string_view cid = {});
  void debug(std::string_view msg, std::initializer_list<Field> fields = {}, std::string_view cid = {}) { log(Level::kDebug, msg, fields, cid); }
  void info(std::string_view msg, std::initializer_list<Field> fields = {}, std::string_view cid = {}) { log(Level::kInfo, msg, fields, cid); }
  void warn(std::string_view msg, std::initializer_list<Field> fields = {}, std::string_view cid = {}) { log(Level::kWarn, msg, fields, cid); }
  void error(std::string_view msg, std::initializer_list<Field> fields = {}, std::string_view cid = {}) { log(Level::kError, msg, fields, cid); }
  bool enabled(Level level) const { return level >= min_; }

  /// The line `log` would write, with `ts` given (tests); `ts_millis` is Unix time in milliseconds.
  static std::string format(int64_t ts_millis, Level level, std::string_view msg, std::initializer_list<Field> fields,
                            std::string_view cid);

 private:
  Sink sink_;
  Level min_;
};

/// A sink writing lines to stderr, whole lines at a time (safe from many threads).
Logger::Sink stderr_sink();

/// A new correlation id: 26 characters of Crockford base32 (a ULID: 48 bits of milliseconds, then 80
/// random bits), so ids sort by creation time and carry no information about the record.
std::string new_correlation_id();

}  // namespace syncloom::core
