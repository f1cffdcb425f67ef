// The wait a throttling answer (429, 503 with Retry-After) imposes on a connector. Retries of failed items
// wait by the mapping's policy instead: syncloom::retry_delay_ms in syncloom/sync_plan.hpp, the one
// definition of the backoff (full jitter over an exponential ceiling, docs/semantics.md).
#pragma once
#include <chrono>
#include <optional>

namespace syncloom::core {

/// Retry-After when the system gave it (capped at `cap`), else `fallback`. Throttling does not use up an
/// attempt (docs/design.md, "Connectors").
std::chrono::milliseconds throttle_delay(std::optional<std::chrono::milliseconds> retry_after,
                                         std::chrono::milliseconds fallback,
                                         std::chrono::milliseconds cap = std::chrono::minutes(60));

}  // namespace syncloom::core
