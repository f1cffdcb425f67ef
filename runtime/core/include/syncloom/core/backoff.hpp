// Retry timing: full-jitter exponential backoff within a mapping's `retry N backoff MIN..MAX` policy.
#pragma once
#include <chrono>
#include <cstdint>
#include <optional>

namespace syncloom::core {

struct RetryPolicy {
  uint32_t attempts = 5;                          ///< tries in all, the first included
  std::chrono::milliseconds min{1000};            ///< `backoff 1s..5m`
  std::chrono::milliseconds max{300000};
};

/// How long to wait before attempt `next_attempt` (2 for the first retry), or nullopt when the policy is
/// used up (the item goes to the dead-letter queue). Full jitter (AWS Architecture Blog, "Exponential
/// Backoff and Jitter") with the policy's floor: uniform in [min, min(max, min * 2^(n-2))], so that a
/// retry storm after an outage spreads out instead of arriving in waves, and no retry comes sooner than
/// the mapping allows. `random01` is a uniform draw
/// in [0, 1) supplied by the caller (a seeded generator in tests).
std::optional<std::chrono::milliseconds> retry_delay(const RetryPolicy& policy, uint32_t next_attempt, double random01);

/// The wait a throttling answer asks for: Retry-After when given (capped at `cap`), else `fallback`.
/// Throttling does not use up an attempt (docs/design.md, "Connectors").
std::chrono::milliseconds throttle_delay(std::optional<std::chrono::milliseconds> retry_after,
                                         std::chrono::milliseconds fallback,
                                         std::chrono::milliseconds cap = std::chrono::minutes(60));

}  // namespace syncloom::core
