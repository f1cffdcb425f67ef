// One `syncloom run` per embedded store file. SQLite serialises writers with a file lock of its own, but
// two services on one file would both claim, poll and schedule: every poll twice, every scheduled batch
// twice, and each one's lease recovery fighting the other's. PostgreSQL is the store for several
// workers (its claims are row locks); for SQLite the service holds an exclusive flock on `<file>.run.lock`
// for its lifetime. The kernel drops it when the process ends, however it ends (SIGKILL included), so a
// crashed service never leaves a stale lock behind.
#pragma once
#include <string>
#include <variant>

namespace syncloom {

class StoreLock {
 public:
  StoreLock() = default;
  StoreLock(StoreLock&& other) noexcept : fd_(other.fd_) { other.fd_ = -1; }
  StoreLock& operator=(StoreLock&& other) noexcept;
  StoreLock(const StoreLock&) = delete;
  StoreLock& operator=(const StoreLock&) = delete;
  ~StoreLock();

  /// Locks the store a configuration names; a PostgreSQL URL or ":memory:" needs no lock (an empty
  /// StoreLock). The error names the lock file and the pid that holds it.
  static std::variant<StoreLock, std::string> acquire(const std::string& url_or_path);

 private:
  explicit StoreLock(int fd) : fd_(fd) {}
  int fd_ = -1;
};

}  // namespace syncloom
