// Full-jitter exponential backoff and throttle waits.
#include "syncloom/core/backoff.hpp"

#include <algorithm>

namespace syncloom::core {

std::optional<std::chrono::milliseconds> retry_delay(const RetryPolicy& policy, uint32_t next_attempt, double random01) {
  if (next_attempt < 2 || next_attempt > policy.attempts) return std::nullopt;
  int64_t min = std::max<int64_t>(policy.min.count(), 0);
  int64_t max = std::max<int64_t>(policy.max.count(), min);
  // min * 2^(n-2), saturating at max without overflowing.
  int64_t ceiling = min;
  for (uint32_t i = 2; i < next_attempt && ceiling < max; ++i) ceiling = ceiling > max / 2 ? max : ceiling * 2;
  ceiling = std::min(ceiling, max);
  double r = random01 < 0 ? 0 : random01 >= 1 ? 0.999999999 : random01;
  auto drawn = min + static_cast<int64_t>(r * static_cast<double>(ceiling - min + 1));
  return std::chrono::milliseconds(std::clamp(drawn, min, ceiling));
}

std::chrono::milliseconds throttle_delay(std::optional<std::chrono::milliseconds> retry_after,
                                         std::chrono::milliseconds fallback, std::chrono::milliseconds cap) {
  std::chrono::milliseconds wait = retry_after ? *retry_after : fallback;
  if (wait.count() < 0) wait = std::chrono::milliseconds(0);
  return std::min(wait, cap);
}

}  // namespace syncloom::core
