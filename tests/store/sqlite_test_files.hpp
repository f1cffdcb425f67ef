// Fresh SQLite file paths for the store tests, under STORE_TEST_DIR (the build tree), one per call.
#pragma once
#include <atomic>
#include <filesystem>
#include <string>
#include <unistd.h>

namespace syncloom::store::testing {

/// A path that does not exist yet (its -wal and -shm companions removed too).
inline std::string fresh_store_path(const std::string& label) {
  static std::atomic<int> counter{0};
  std::filesystem::path dir = STORE_TEST_DIR;
  std::filesystem::create_directories(dir);
  std::string path = (dir / (label + "-" + std::to_string(::getpid()) + "-" + std::to_string(counter++) + ".db")).string();
  for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(path + suffix);
  return path;
}

}  // namespace syncloom::store::testing
