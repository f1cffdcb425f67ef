// The background checkpointer (checkpointer.hpp).
#include "checkpointer.hpp"

#include <sqlite3.h>

#include <chrono>

namespace syncloom::store::sqlite {
namespace {

int on_wal_commit(void* self, sqlite3*, const char*, int pages) {
  static_cast<Checkpointer*>(self)->wal_grew(pages);
  return SQLITE_OK;
}

}  // namespace

Checkpointer::Checkpointer(Db& writer, std::unique_ptr<Db> own, int wal_pages)
    : writer_(writer), own_(std::move(own)), wal_pages_(wal_pages), thread_([this] { loop(); }) {
  sqlite3_wal_hook(writer_.handle(), on_wal_commit, this);
}

Checkpointer::~Checkpointer() {
  sqlite3_wal_hook(writer_.handle(), nullptr, nullptr);
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_one();
  thread_.join();
}

void Checkpointer::wal_grew(int pages) {
  if (pages < wal_pages_) return;
  {
    std::lock_guard lock(mutex_);
    due_ = true;
  }
  wake_.notify_one();
}

void Checkpointer::loop() {
  std::unique_lock lock(mutex_);
  for (;;) {
    // Also every few seconds, so that a quiet store's WAL does not wait for the next burst.
    wake_.wait_for(lock, std::chrono::seconds(5), [&] { return due_ || stopping_; });
    if (stopping_) return;
    due_ = false;
    lock.unlock();
    // PASSIVE: copies what no reader still needs, never blocks the writer or readers. A failure (busy,
    // I/O) leaves the WAL as it is: the next checkpoint tries again, and nothing is lost either way.
    sqlite3_wal_checkpoint_v2(own_->handle(), nullptr, SQLITE_CHECKPOINT_PASSIVE, nullptr, nullptr);
    lock.lock();
  }
}

}  // namespace syncloom::store::sqlite
