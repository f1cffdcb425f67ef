// Fresh SQLite file paths for the store tests, under STORE_TEST_DIR (the build tree), one per call.
#pragma once
#include <atomic>
#include <filesystem>
#include <string>
#include <unistd.h>

namespace syncloom::store::testing {

/// Removes the files of earlier test processes that have ended (names carry the process id), so the
/// directory holds only what running tests use, and a failed run's files stay until the next run.
inline void remove_files_of_ended_runs(const std::filesystem::path& dir) {
  std::error_code ignored;
  for (const auto& entry : std::filesystem::directory_iterator(dir, ignored)) {
    std::string name = entry.path().filename().string();
    auto dash = name.find('-');
    auto next = dash == std::string::npos ? dash : name.find('-', dash + 1);
    if (next == std::string::npos) continue;
    std::string pid = name.substr(dash + 1, next - dash - 1);
    if (pid.empty() || pid.find_first_not_of("0123456789") != std::string::npos) continue;
    if (!std::filesystem::exists("/proc/" + pid)) std::filesystem::remove(entry.path(), ignored);
  }
}

/// A path that does not exist yet (its -wal and -shm companions removed too).
inline std::string fresh_store_path(const std::string& label) {
  static std::atomic<int> counter{0};
  std::filesystem::path dir = STORE_TEST_DIR;
  std::filesystem::create_directories(dir);
  if (counter == 0) remove_files_of_ended_runs(dir);
  std::string path = (dir / (label + "-" + std::to_string(::getpid()) + "-" + std::to_string(counter++) + ".db")).string();
  for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(path + suffix);
  return path;
}

}  // namespace syncloom::store::testing
