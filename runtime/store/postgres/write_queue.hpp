// Group commit on PostgreSQL: one writer thread (one connection) runs every write of this process, sharing one transaction (one fsync)
// among all the writes that arrived while the previous commit was syncing.
#pragma once
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <mutex>
#include <optional>
#include <thread>

#include "conn.hpp"
#include "syncloom/store/result.hpp"

namespace syncloom::store::postgres {

class WriteQueue {
 public:
  /// A write: runs inside the batch's transaction under its own savepoint. An Error (or a PgError
  /// thrown) rolls back this write alone; the others of the batch still commit.
  using Body = std::function<std::optional<Error>(Conn&)>;

  /// `group` false: one write per transaction (the benchmark's baseline).
  WriteQueue(Conn& db, bool group, int max_batch);
  ~WriteQueue();  ///< finishes the queued writes, then stops the thread
  WriteQueue(const WriteQueue&) = delete;
  WriteQueue& operator=(const WriteQueue&) = delete;

  /// Runs `body` and returns once its transaction has committed (or failed): the write is durable.
  std::optional<Error> submit(Body body);
  /// The same without waiting: `then` runs on the writer thread after the commit (or the failure).
  void submit_async(Body body, std::function<void(std::optional<Error>)> then);

  /// The same, for a body answering a value: Result<T>(Conn&).
  template <class T, class F>
  Result<T> run(F&& body) {
    std::optional<T> value;
    auto error = submit([&](Conn& db) -> std::optional<Error> {
      Result<T> result = body(db);
      if (!result.ok()) return result.error();
      value = std::move(result).value();
      return std::nullopt;
    });
    if (error) return *error;
    return std::move(*value);
  }

 private:
  struct Pending {
    Body body;
    std::optional<Error> error{};
    bool done = false;
    std::condition_variable done_cv{};  ///< its own: waking only this batch's callers, not every waiter
    /// Set for submit_async: called after the commit instead of waking a caller; the queue owns the Pending.
    std::function<void(std::optional<Error>)> then{};
  };
  void writer_loop();
  void run_batch(std::deque<Pending*>& batch);

  Conn& db_;
  bool group_;
  std::size_t max_batch_;
  std::mutex mutex_;
  std::condition_variable work_cv_;  ///< the writer waits for writes
  std::deque<Pending*> queue_;
  bool stopping_ = false;
  std::thread writer_;
};

}  // namespace syncloom::store::postgres
