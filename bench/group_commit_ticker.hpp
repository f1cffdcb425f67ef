// A stand-in for the store's group commit in the listener benchmarks: every `period` one "fsync"
// completes and everyone who arrived before it is woken (by callback, or blocking for thread-per-request servers).
#pragma once

#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace syncloom::bench {

class GroupCommitTicker {
 public:
  explicit GroupCommitTicker(std::chrono::microseconds period) : period_(period), thread_([this] { run(); }) {}
  ~GroupCommitTicker() {
    {
      std::lock_guard lock(mutex_);
      stop_ = true;
    }
    thread_.join();
  }

  /// Asynchronous: `done` runs on the ticker's thread after the next commit completes.
  void enqueue(std::function<void()> done) {
    std::lock_guard lock(mutex_);
    waiting_.push_back(std::move(done));
  }

  /// Blocking: returns once a commit that started after the call has completed.
  void wait_durable() {
    std::unique_lock lock(mutex_);
    // Odd: a commit is running that started before we arrived, so wait for the end of the next one.
    uint64_t target = generation_ + (generation_ % 2 == 1 ? 3 : 2);
    committed_.wait(lock, [&] { return generation_ >= target || stop_; });
  }

 private:
  // A commit "starts" when it takes the batch and completes a period later; the next starts at once.
  void run() {
    auto next = std::chrono::steady_clock::now();
    std::vector<std::function<void()>> batch;
    for (;;) {
      {
        std::lock_guard lock(mutex_);
        if (stop_) break;
        batch.swap(waiting_);
        ++generation_;  // commit start
      }
      committed_.notify_all();
      next += period_;
      std::this_thread::sleep_until(next);
      for (auto& f : batch) f();
      batch.clear();
      {
        std::lock_guard lock(mutex_);
        ++generation_;  // commit end
      }
      committed_.notify_all();
    }
    for (auto& f : batch) f();
    committed_.notify_all();
  }

  std::chrono::microseconds period_;
  std::mutex mutex_;
  std::condition_variable committed_;
  std::vector<std::function<void()>> waiting_;
  uint64_t generation_ = 0;  // odd: a commit is running
  bool stop_ = false;
  std::thread thread_;
};

}  // namespace syncloom::bench
