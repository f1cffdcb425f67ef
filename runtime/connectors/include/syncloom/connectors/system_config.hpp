// One system's configuration as syncloom.yaml gives it: endpoint, credentials, budget and settings.
#pragma once
#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace syncloom::connectors {

/// A credential. It has no stream operator and no implicit conversion, so it cannot reach a log by
/// accident; `reveal()` is called only where the credential is put on the wire.
class Secret {
 public:
  Secret() = default;
  explicit Secret(std::string value) : value_(std::move(value)) {}
  std::string_view reveal() const { return value_; }
  bool empty() const { return value_.empty(); }
  /// Constant-time equality (for comparing signatures and tokens).
  bool equals(std::string_view other) const;

 private:
  std::string value_{};
};

/// Constant-time comparison of two byte strings: the time depends only on the lengths.
bool constant_time_equal(std::string_view a, std::string_view b);

/// How much of a system one connector may use. Enforced inside the connector (docs/design.md).
struct Budget {
  unsigned concurrency = 4;  ///< requests in flight at most
  unsigned requests = 20;    ///< at most this many requests started ...
  std::chrono::milliseconds window{1000};  ///< ... per this window (20/s; BC: 6000 per 5 min)
};

/// Parses "20/s", "6000/5min", "100/10s", "1/h": requests per window. Nullopt and `error` otherwise.
std::optional<Budget> parse_rate(std::string_view text, Budget base, std::string* error);

/// A setting's value and where it came from, so that an error can name the file, line and key.
struct Setting {
  std::string value{};   ///< after ${VAR} substitution
  bool secret = false; ///< came from a secret key (password, consumer_secret, ...): never print it
  int line = 0;        ///< 1-based line in the configuration file; 0 when not from a file
};

struct SystemConfig {
  std::string name{};  ///< as the mappings name it: "woo", "erp"
  std::string kind{};  ///< schema kind: "woocommerce", "tryton"
  std::string url{};   ///< base URL ("http://127.0.0.1:8765", "http://127.0.0.1:8000")
  std::string file{};  ///< the configuration file, for errors ("syncloom.yaml")
  int line = 0;      ///< the line of `systems.NAME:`
  Budget budget{};
  std::chrono::milliseconds connect_timeout{5000};
  std::chrono::milliseconds timeout{60000};   ///< whole request, answer included
  uint64_t max_body_bytes = 64ull << 20;       ///< an answer larger than this is an outcome, not a crash
  bool verify_tls = true;
  /// Every other key of `systems.NAME` (consumer_key, database, user, password, auth, ...), by name.
  std::map<std::string, Setting, std::less<>> settings{};

  /// The setting `key`, or nullptr.
  const Setting* find(std::string_view key) const;
  /// The value of `key`, or `fallback`.
  std::string get(std::string_view key, std::string_view fallback = {}) const;
  /// The secret `key` (empty when absent).
  Secret secret(std::string_view key) const;
  /// "syncloom.yaml:9: systems.erp.KEY" — the prefix of an error about a setting.
  std::string where(std::string_view key) const;
};

}  // namespace syncloom::connectors
