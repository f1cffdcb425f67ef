// A circuit breaker per connector: pauses a system during an outage and probes it, instead of spending
// every work item's attempts against a system that is down.
#pragma once
#include <chrono>
#include <cstdint>
#include <mutex>

namespace syncloom::core {

enum class CircuitState : unsigned char {
  kClosed,    ///< normal: calls go through
  kOpen,      ///< the system is failing: calls wait until the cool-down ends
  kHalfOpen,  ///< one probe call is allowed; its outcome closes or reopens the circuit
};

const char* circuit_state_name(CircuitState state);  ///< "closed", "open", "half_open"

struct CircuitPolicy {
  uint32_t failures_to_open = 5;  ///< consecutive retryable failures (timeouts, 5xx, connection errors)
  std::chrono::milliseconds cool_down{10000};      ///< open for this long before a probe
  std::chrono::milliseconds max_cool_down{300000};  ///< a failed probe doubles the cool-down up to this
};

/// Thread-safe. Time is passed in, so tests need no sleeping.
///
///   if (!breaker.allow(now)) { wait until breaker.retry_at(); }
///   ... call the system ...
///   outcome.ok() ? breaker.success(now) : outcome is a transport/5xx failure ? breaker.failure(now) : ...
/// Permanent and auth outcomes say nothing about the system's health and are not reported.
class CircuitBreaker {
 public:
  using Clock = std::chrono::steady_clock;
  explicit CircuitBreaker(CircuitPolicy policy = {}) : policy_(policy), cool_down_(policy.cool_down) {}

  /// May a call start now? In half-open state only one caller gets true until it reports back.
  bool allow(Clock::time_point now);
  void success(Clock::time_point now);
  /// Reports a failure. Answers whether the system had answered since its previous failure: true for the
  /// first failure after a success (the system was up, so the failure may be the call's own), false while a
  /// streak goes on or when nothing has answered since the breaker was made (a service restarted into an
  /// outage). The engine charges an attempt for an unreachable system only in the first case.
  bool failure(Clock::time_point now);

  CircuitState state(Clock::time_point now) const;
  /// When an open circuit lets a probe through.
  Clock::time_point retry_at() const;
  uint64_t times_opened() const;

 private:
  CircuitPolicy policy_;
  mutable std::mutex mutex_;
  CircuitState state_ = CircuitState::kClosed;
  uint32_t consecutive_failures_ = 0;
  bool probe_in_flight_ = false;
  bool answered_ = false;  ///< a success since the last failure
  std::chrono::milliseconds cool_down_;
  Clock::time_point open_until_{};
  uint64_t times_opened_ = 0;
};

}  // namespace syncloom::core
