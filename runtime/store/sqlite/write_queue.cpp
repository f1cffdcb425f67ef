// The group-commit writer (write_queue.hpp): batch, savepoint per write, one COMMIT, wake the batch.
#include "write_queue.hpp"

#include <sqlite3.h>

#include <memory>
#include <vector>

namespace syncloom::store::sqlite {

WriteQueue::WriteQueue(Db& db, bool group, int max_batch)
    : db_(db), group_(group), max_batch_(static_cast<std::size_t>(max_batch < 1 ? 1 : max_batch)),
      writer_([this] { writer_loop(); }) {}

WriteQueue::~WriteQueue() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  work_cv_.notify_all();
  writer_.join();
}

std::optional<Error> WriteQueue::submit(Body body) {
  Pending pending{std::move(body)};
  std::unique_lock lock(mutex_);
  if (stopping_) return Error{ErrorCode::kClosed, db_.path() + ": the store is closing"};
  queue_.push_back(&pending);
  work_cv_.notify_one();
  pending.done_cv.wait(lock, [&] { return pending.done; });
  return std::move(pending.error);
}

void WriteQueue::submit_async(Body body, std::function<void(std::optional<Error>)> then) {
  auto pending = std::make_unique<Pending>();
  pending->body = std::move(body);
  pending->then = std::move(then);
  {
    std::lock_guard lock(mutex_);
    if (!stopping_) {
      queue_.push_back(pending.release());
      work_cv_.notify_one();
      return;
    }
  }
  pending->then(Error{ErrorCode::kClosed, db_.path() + ": the store is closing"});
}

void WriteQueue::writer_loop() {
  std::deque<Pending*> batch;
  for (;;) {
    {
      std::unique_lock lock(mutex_);
      work_cv_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
      if (queue_.empty()) return;  // stopping, nothing left
      // Everything that queued up while the last commit was syncing goes into this one.
      std::size_t take = group_ ? std::min(max_batch_, queue_.size()) : 1;
      for (std::size_t i = 0; i < take; ++i) {
        batch.push_back(queue_.front());
        queue_.pop_front();
      }
    }
    run_batch(batch);
    // Asynchronous writes are taken out first: once a waiting caller is woken it may return and destroy
    // its Pending, so the batch must not be read after that.
    std::vector<std::unique_ptr<Pending>> answered_later;
    {
      std::lock_guard lock(mutex_);
      for (Pending* pending : batch) {
        if (pending->then) {
          answered_later.emplace_back(pending);
          continue;
        }
        pending->done = true;
        pending->done_cv.notify_one();
      }
    }
    // Answered outside the lock, after the commit: their writes are durable.
    for (auto& pending : answered_later) pending->then(std::move(pending->error));
    batch.clear();
  }
}

void WriteQueue::run_batch(std::deque<Pending*>& batch) {
  auto fail_all = [&](const std::string& what) {
    for (Pending* pending : batch) pending->error = Error{ErrorCode::kIo, what};
  };
  try {
    db_.prepare("BEGIN IMMEDIATE").run();
  } catch (const DbError& failure) {
    fail_all(failure.what());
    return;
  }
  for (Pending* pending : batch) {
    db_.prepare("SAVEPOINT write").run();
    try {
      pending->error = pending->body(db_);
    } catch (const std::exception& failure) {  // DbError, or bad_alloc: this write fails, the writer lives
      pending->error = Error{ErrorCode::kIo, failure.what()};
    }
    try {
      if (pending->error) db_.prepare("ROLLBACK TO write").run();
      db_.prepare("RELEASE write").run();
    } catch (const DbError& failure) {
      // SQLite rolled the whole transaction back itself (disk full, I/O error): nothing of the batch holds.
      fail_all(failure.what());
      if (!db_.autocommit()) db_.exec("ROLLBACK");
      return;
    }
  }
  try {
    db_.prepare("COMMIT").run();
  } catch (const DbError& failure) {
    fail_all(failure.what());
    try {
      if (!db_.autocommit()) db_.exec("ROLLBACK");
    } catch (const DbError&) {
      // The connection is unusable; the next batch reports its own error.
    }
  }
}

}  // namespace syncloom::store::sqlite
