// BudgetGate: a counting semaphore for concurrency and a sliding-window log for the rate.
#include "common/budget.hpp"

namespace syncloom::connectors {

BudgetGate::BudgetGate(Budget budget) : budget_(budget) {
  if (budget_.concurrency == 0) budget_.concurrency = 1;
  if (budget_.requests == 0) budget_.requests = 1;
  use_.concurrency = budget_.concurrency;
}

BudgetGate::Ticket BudgetGate::acquire() {
  std::unique_lock lock(mutex_);
  bool waited = false;
  for (;;) {
    Clock::time_point now = Clock::now();
    while (!starts_.empty() && now - starts_.front() >= budget_.window) starts_.pop_front();
    if (now < held_until_) {
      waited = true;
      cv_.wait_until(lock, held_until_);
      continue;
    }
    if (use_.in_flight >= budget_.concurrency) {
      waited = true;
      cv_.wait(lock);
      continue;
    }
    if (starts_.size() >= budget_.requests) {
      waited = true;
      cv_.wait_until(lock, starts_.front() + budget_.window);
      continue;
    }
    starts_.push_back(now);
    ++use_.in_flight;
    ++use_.started;
    if (use_.in_flight > use_.max_in_flight) use_.max_in_flight = use_.in_flight;
    if (waited) ++use_.waits;
    return Ticket(this);
  }
}

void BudgetGate::hold(std::chrono::milliseconds delay) {
  std::lock_guard lock(mutex_);
  Clock::time_point until = Clock::now() + delay;
  if (until > held_until_) held_until_ = until;
}

void BudgetGate::release() {
  {
    std::lock_guard lock(mutex_);
    --use_.in_flight;
  }
  cv_.notify_all();
}

BudgetGate::Use BudgetGate::use() const {
  std::lock_guard lock(mutex_);
  return use_;
}

BudgetGate::Ticket::~Ticket() {
  if (gate_) gate_->release();
}

}  // namespace syncloom::connectors
