// A background thread that runs a task, then waits a period (or until stopped), until stopped: what the
// poller and the scheduler are, around their own rounds.
#pragma once
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <thread>

namespace syncloom::core {

class PeriodicLoop {
 public:
  ~PeriodicLoop() { stop(); }

  /// Starts the loop (once; later calls do nothing): `round` now, then again every `period`.
  void start(std::chrono::milliseconds period, std::function<void()> round) {
    if (running_.exchange(true)) return;
    thread_ = std::thread([this, period, round = std::move(round)] {
      while (running_.load()) {
        round();
        std::unique_lock lock(mutex_);
        stopping_.wait_for(lock, period, [&] { return !running_.load() || woken_; });
        woken_ = false;
      }
    });
  }

  /// Cuts the wait short: the next round starts now (or right after the one in progress).
  void wake() {
    {
      std::lock_guard lock(mutex_);
      woken_ = true;
    }
    stopping_.notify_all();
  }

  /// Wakes the loop from its wait and joins it after the round in progress. Idempotent.
  void stop() {
    {
      std::lock_guard lock(mutex_);
      running_.store(false);
    }
    stopping_.notify_all();
    if (thread_.joinable()) thread_.join();
  }

 private:
  std::atomic<bool> running_{false};
  bool woken_ = false;  // guarded by mutex_
  std::mutex mutex_;
  std::condition_variable stopping_;
  std::thread thread_;
};

}  // namespace syncloom::core
