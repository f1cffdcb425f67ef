#include "store_lock.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "syncloom/store/store.hpp"

namespace syncloom {
namespace {

std::string read_holder(int fd) {
  char buffer[32] = {};
  ssize_t n = ::pread(fd, buffer, sizeof buffer - 1, 0);
  std::string pid = n > 0 ? std::string(buffer, static_cast<size_t>(n)) : std::string();
  while (!pid.empty() && (pid.back() == '\n' || pid.back() == ' ')) pid.pop_back();
  return pid;
}

}  // namespace

StoreLock& StoreLock::operator=(StoreLock&& other) noexcept {
  if (this != &other) {
    if (fd_ >= 0) ::close(fd_);
    fd_ = other.fd_;
    other.fd_ = -1;
  }
  return *this;
}

StoreLock::~StoreLock() {
  if (fd_ >= 0) ::close(fd_);  // closing the descriptor releases the flock
}

std::variant<StoreLock, std::string> StoreLock::acquire(const std::string& url_or_path) {
  if (store::is_postgres_url(url_or_path) || url_or_path == ":memory:" || url_or_path.empty())
    return StoreLock();
  const std::string path = url_or_path + ".run.lock";
  int fd = ::open(path.c_str(), O_CREAT | O_RDWR | O_CLOEXEC, 0644);
  if (fd < 0) return path + ": cannot open the store's lock file: " + std::strerror(errno);
  if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
    int error = errno;
    std::string holder = error == EWOULDBLOCK ? read_holder(fd) : std::string();
    ::close(fd);
    if (error != EWOULDBLOCK) return path + ": cannot lock: " + std::strerror(error);
    return url_or_path + " is in use by another syncloom run" + (holder.empty() ? "" : " (pid " + holder + ")") +
           "; the embedded SQLite store serves one service process, a PostgreSQL store several";
  }
  // The pid is for the message above alone; the lock is the flock, never the file's content.
  std::string pid = std::to_string(::getpid()) + "\n";
  if (::ftruncate(fd, 0) != 0 || ::pwrite(fd, pid.data(), pid.size(), 0) < 0) {
    // A lock without its pid still locks; the message just cannot name the holder.
  }
  return StoreLock(fd);
}

}  // namespace syncloom
