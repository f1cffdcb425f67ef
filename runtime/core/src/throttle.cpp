// Throttle waits: what the system asked for, within bounds.
#include "syncloom/core/throttle.hpp"

#include <algorithm>

namespace syncloom::core {

std::chrono::milliseconds throttle_delay(std::optional<std::chrono::milliseconds> retry_after,
                                         std::chrono::milliseconds fallback, std::chrono::milliseconds cap) {
  std::chrono::milliseconds wait = retry_after ? *retry_after : fallback;
  if (wait.count() < 0) wait = std::chrono::milliseconds(0);
  return std::min(wait, cap);
}

}  // namespace syncloom::core
