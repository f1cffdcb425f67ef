// Enforces a connector's declared budget: at most N requests in flight and at most R started per window.
#pragma once
#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <mutex>

#include "syncloom/connectors/system_config.hpp"

namespace syncloom::connectors {

/// The longest wait a connector takes from a Retry-After: a system asking for more (or a value so large
/// that it would overflow a duration) is waited on this long, then asked again, so that no answer can
/// hold a connector's gate for days.
inline constexpr std::chrono::hours kMaxRetryAfter{1};

/// A Retry-After of `seconds` (not negative) as the wait a connector takes: at most kMaxRetryAfter.
inline std::chrono::milliseconds retry_after_wait(long long seconds) {
  constexpr long long kMax = std::chrono::duration_cast<std::chrono::seconds>(kMaxRetryAfter).count();
  return std::chrono::seconds(std::clamp(seconds, 0LL, kMax));
}

/// Every request of a connector passes through its gate, so no caller (and no number of callers) can
/// exceed the budget. The rate is a sliding window: the (R+1)th start waits until the first leaves it.
///
///   auto ticket = gate_.acquire();  // blocks while the budget is used up
///   auto response = http_.send(request);
///   if (throttled) gate_.hold(retry_after);  // no request of this connector starts before then
class BudgetGate {
 public:
  using Clock = std::chrono::steady_clock;

  explicit BudgetGate(Budget budget);

  class Ticket {
   public:
    Ticket(Ticket&& other) noexcept : gate_(other.gate_) { other.gate_ = nullptr; }
    Ticket(const Ticket&) = delete;
    Ticket& operator=(const Ticket&) = delete;
    Ticket& operator=(Ticket&&) = delete;
    ~Ticket();

   private:
    friend class BudgetGate;
    explicit Ticket(BudgetGate* gate) : gate_(gate) {}
    BudgetGate* gate_;
  };

  /// Waits until a request may start, and counts it as in flight until the ticket is destroyed.
  Ticket acquire();
  /// No request starts before `delay` from now (a 429's Retry-After slows the whole connector down).
  void hold(std::chrono::milliseconds delay);

  struct Use {
    uint64_t in_flight = 0, max_in_flight = 0, started = 0, waits = 0;
    unsigned concurrency = 0;
  };
  Use use() const;
  const Budget& budget() const { return budget_; }

 private:
  void release();

  Budget budget_;
  mutable std::mutex mutex_;
  std::condition_variable cv_;
  std::deque<Clock::time_point> starts_;  ///< start times within the current window, oldest first
  Clock::time_point held_until_{};
  Use use_;
};

}  // namespace syncloom::connectors
