// The circuit breaker's state machine: closed -> open after N straight failures -> half-open after the
// cool-down -> closed on a successful probe, or open again with a doubled cool-down.
#include "syncloom/core/circuit_breaker.hpp"

#include <algorithm>

namespace syncloom::core {

const char* circuit_state_name(CircuitState state) {
  switch (state) {
    case CircuitState::kClosed: return "closed";
    case CircuitState::kOpen: return "open";
    case CircuitState::kHalfOpen: return "half_open";
  }
  return "?";
}

bool CircuitBreaker::allow(Clock::time_point now) {
  std::lock_guard lock(mutex_);
  if (state_ == CircuitState::kOpen && now >= open_until_) {
    state_ = CircuitState::kHalfOpen;
    probe_in_flight_ = false;
  }
  switch (state_) {
    case CircuitState::kClosed: return true;
    case CircuitState::kOpen: return false;
    case CircuitState::kHalfOpen:
      if (probe_in_flight_) return false;
      probe_in_flight_ = true;
      return true;
  }
  return false;
}

void CircuitBreaker::success(Clock::time_point) {
  std::lock_guard lock(mutex_);
  state_ = CircuitState::kClosed;
  consecutive_failures_ = 0;
  probe_in_flight_ = false;
  cool_down_ = policy_.cool_down;
  answered_ = true;
}

bool CircuitBreaker::failure(Clock::time_point now) {
  std::lock_guard lock(mutex_);
  const bool was_up = answered_;
  answered_ = false;
  if (state_ == CircuitState::kHalfOpen) {
    // The probe failed: stay away longer.
    cool_down_ = std::min(cool_down_ * 2, policy_.max_cool_down);
    state_ = CircuitState::kOpen;
    open_until_ = now + cool_down_;
    probe_in_flight_ = false;
    ++times_opened_;
    return was_up;
  }
  if (state_ == CircuitState::kOpen) return was_up;  // late answers of calls started before it opened
  if (++consecutive_failures_ >= policy_.failures_to_open) {
    state_ = CircuitState::kOpen;
    open_until_ = now + cool_down_;
    ++times_opened_;
  }
  return was_up;
}

CircuitState CircuitBreaker::state(Clock::time_point now) const {
  std::lock_guard lock(mutex_);
  if (state_ == CircuitState::kOpen && now >= open_until_) return CircuitState::kHalfOpen;
  return state_;
}

CircuitBreaker::Clock::time_point CircuitBreaker::retry_at() const {
  std::lock_guard lock(mutex_);
  return open_until_;
}

uint64_t CircuitBreaker::times_opened() const {
  std::lock_guard lock(mutex_);
  return times_opened_;
}

}  // namespace syncloom::core
