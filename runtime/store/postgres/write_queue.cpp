// The group-commit writer on PostgreSQL (write_queue.hpp): batch, savepoint per write, one COMMIT, wake
// the batch. The same shape as SQLite's; a connection the server dropped (a restart) is re-opened before
// the next batch, so the store outlives a PostgreSQL restart (the batch in flight fails with kIo).
#include "write_queue.hpp"

#include <memory>
#include <vector>

namespace syncloom::store::postgres {

WriteQueue::WriteQueue(Conn& db, bool group, int max_batch)
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
  if (stopping_) return Error{ErrorCode::kClosed, db_.label() + ": the store is closing"};
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
  pending->then(Error{ErrorCode::kClosed, db_.label() + ": the store is closing"});
}

void WriteQueue::writer_loop() {
  std::deque<Pending*> batch;
  for (;;) {
    {
      std::unique_lock lock(mutex_);
      work_cv_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
      if (queue_.empty()) return;  // stopping, nothing left
      std::size_t take = group_ ? std::min(max_batch_, queue_.size()) : 1;
      for (std::size_t i = 0; i < take; ++i) {
        batch.push_back(queue_.front());
        queue_.pop_front();
      }
    }
    run_batch(batch);
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
    for (auto& pending : answered_later) pending->then(std::move(pending->error));
    batch.clear();
  }
}

void WriteQueue::run_batch(std::deque<Pending*>& batch) {
  auto fail_all = [&](const std::string& what) {
    for (Pending* pending : batch) pending->error = Error{ErrorCode::kIo, what};
  };
  auto abandon = [&] {
    try {
      if (db_.in_transaction()) db_.exec("ROLLBACK");
    } catch (const PgError&) {
      // The connection is gone; the next batch connects again.
    }
  };
  try {
    db_.ensure_connected();
    db_.exec("BEGIN");
  } catch (const PgError& failure) {
    fail_all(failure.what());
    return;
  }
  for (Pending* pending : batch) {
    try {
      db_.exec("SAVEPOINT write");
    } catch (const PgError& failure) {
      fail_all(failure.what());
      abandon();
      return;
    }
    try {
      pending->error = pending->body(db_);
    } catch (const std::exception& failure) {  // PgError (a deadlock, a constraint), bad_alloc: this write fails
      pending->error = Error{ErrorCode::kIo, failure.what()};
    }
    try {
      if (pending->error) db_.exec("ROLLBACK TO SAVEPOINT write");
      db_.exec("RELEASE SAVEPOINT write");
    } catch (const PgError& failure) {
      fail_all(failure.what());  // the connection failed: nothing of the batch holds
      abandon();
      return;
    }
  }
  try {
    db_.exec("COMMIT");
  } catch (const PgError& failure) {
    fail_all(failure.what());
    abandon();
  }
}

}  // namespace syncloom::store::postgres
