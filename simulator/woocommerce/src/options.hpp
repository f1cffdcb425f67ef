// syncloom-woosim's command line (docs/woosim.md lists every option and its default).
#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace woosim {

struct SeedCounts {
  int64_t customers = 5, products = 8, variable_products = 2, orders = 20, refunds = 3, coupons = 2;
};

struct Options {
  std::string host = "127.0.0.1";
  int port = -1;                         ///< required; 0 picks a free port
  std::optional<uint64_t> seed;          ///< seed the store at start-up (default counts)
  std::string key = "ck_woosim";         ///< consumer key (read_write unless --scope)
  std::string secret = "cs_woosim";      ///< consumer secret
  std::string scope = "read_write";
  std::string webhook_secret = "woosim-webhook-secret";  ///< for webhooks created without a secret
  std::string timezone = "UTC";          ///< the site time zone of date_* fields
  std::string site_url;                  ///< default http://HOST:PORT
  bool assume_https = false;             ///< treat every request as HTTPS (Basic and query keys allowed)
  std::string tls_cert, tls_key;         ///< PEM files: serve HTTPS instead of HTTP
  int threads = 8;                       ///< request worker threads
  int64_t max_body = 4 * 1024 * 1024;    ///< request body limit, bytes
  int64_t webhook_timeout_ms = 60000;
  std::string control_token;             ///< when set, /__sim/ needs X-Woosim-Token
};

/// Parses argv; on failure returns false with `error` (and usage is printed by the caller).
bool parse_options(int argc, char** argv, Options& out, std::string& error, bool& help);
const char* usage_text();

}  // namespace woosim
