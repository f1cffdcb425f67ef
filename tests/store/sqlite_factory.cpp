// The SQLite backend of the store test suite: a fresh file per store, in the build tree (a real disk, not tmpfs).
#include <filesystem>
#include <string>
#include <unistd.h>

#include "sqlite_test_files.hpp"
#include "store_suite.hpp"

namespace syncloom::store::testing {

std::unique_ptr<Store> make_test_store(const Clock& clock) {
  std::string path = fresh_store_path("suite");
  auto store = open_sqlite_store(path, {.clock = clock});
  if (!store.ok()) FAIL("cannot open " << path << ": " << store.error().message);
  return std::move(store).value();
}

}  // namespace syncloom::store::testing
