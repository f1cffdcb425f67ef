// Moves WAL checkpoints off the commit path: a thread with its own connection copies the WAL into the
// database file when the writer's commits have grown it, so no caller's commit waits for that copy.
#pragma once
#include <condition_variable>
#include <memory>
#include <mutex>
#include <thread>

#include "db.hpp"

namespace syncloom::store::sqlite {

class Checkpointer {
 public:
  /// Installs a WAL hook on `writer` (replacing SQLite's automatic checkpoint) and starts the thread.
  Checkpointer(Db& writer, std::unique_ptr<Db> own, int wal_pages);
  ~Checkpointer();  ///< stops the thread; closing the last connection checkpoints what is left
  Checkpointer(const Checkpointer&) = delete;
  Checkpointer& operator=(const Checkpointer&) = delete;

  void wal_grew(int pages);  ///< from the writer's WAL hook, after each commit

 private:
  void loop();

  Db& writer_;
  std::unique_ptr<Db> own_;
  int wal_pages_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool due_ = false;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace syncloom::store::sqlite
