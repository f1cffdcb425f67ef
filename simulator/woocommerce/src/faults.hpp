// Faults the control API can inject, drawn from a seeded generator so that a run is reproducible.
#pragma once

#include "json.hpp"

#include <cstdint>
#include <mutex>
#include <string>

namespace woosim {

struct FaultSettings {
  // HTTP answers of /wp-json (shares are 0..1 of requests; `_next` counts force the next N requests).
  double rate_limit_share = 0;   ///< 429 with Retry-After
  int64_t rate_limit_next = 0;
  int64_t retry_after = 1;       ///< seconds, the Retry-After value
  double server_error_share = 0; ///< 5xx
  int64_t server_error_next = 0;
  int server_error_status = 503;
  double slow_share = 0;         ///< answer after slow_ms
  int64_t slow_ms = 0;
  double html_share = 0;         ///< an HTML error page with status 200
  int64_t html_next = 0;
  double truncate_share = 0;     ///< the JSON body cut in half
  int64_t truncate_next = 0;
  // Webhook deliveries.
  double drop_share = 0;         ///< never sent (logged as dropped)
  double duplicate_share = 0;    ///< sent twice
  double forge_share = 0;        ///< wrong signature
  int64_t delay_ms = 0;          ///< every delivery waits this long before it is sent
  bool reorder = false;          ///< the queue is served newest first
  // Data.
  bool stale_modified = false;   ///< changes do not bump date_modified
};

/// The settings plus their generator; thread-safe.
class Faults {
 public:
  explicit Faults(uint64_t seed = 1) : state_(seed ? seed : 1) {}
  /// Applies a control request body (keys as FaultSettings' names); false and `error` on an unknown key.
  bool configure(const Json& body, std::string& error);
  void reset(uint64_t seed);
  Json describe() const;
  FaultSettings snapshot() const;

  enum class Http { none, rate_limit, server_error, html, truncate };
  /// Draws the fault for one /wp-json request, and whether it is also slow.
  Http draw_http(bool& slow);
  /// Draws for one webhook delivery.
  bool draw(double share);

 private:
  double next_unit();  // callers hold mu_
  mutable std::mutex mu_;
  FaultSettings s_;
  uint64_t state_;
};

}  // namespace woosim
