// SQLite store opened read-only (`syncloom replay`): reads work, every write is refused, the file is unchanged.
#include <fstream>
#include <sstream>

#include "db.hpp"
#include "migrations.hpp"
#include "sqlite_test_files.hpp"
#include "store_suite.hpp"

using namespace syncloom::store;
using namespace syncloom::store::testing;

namespace {

std::string file_bytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream bytes;
  bytes << in.rdbuf();
  return bytes.str();
}

}  // namespace

TEST_CASE("a store opened read-only reads the recorded events and refuses every write", "[store][sqlite][read_only]") {
  std::string path = fresh_store_path("read-only");
  {
    auto store = must(open_sqlite_store(path));
    accept_one_item(*store, order_event("1", "v1"));
  }  // closed: the WAL is checkpointed into the file
  const std::string bytes = file_bytes(path);
  {
    auto store = must(open_sqlite_store(path, {.read_only = true}));
    auto events = must(store->recorded_events({}));
    REQUIRE(events.size() == 1);
    CHECK(events[0].work.size() == 1);
    CHECK(must(store->retained_status()).events == 1);
    auto refused = store->accept(order_event("2", "v2"));
    REQUIRE_FALSE(refused.ok());
    CHECK(refused.error().code == ErrorCode::kIo);
    CHECK_FALSE(store->claim({.owner = "w", .limit = 1}).ok());
    CHECK_FALSE(store->prune_events(1LL << 50, 10).ok());
  }
  CHECK(file_bytes(path) == bytes);
}

TEST_CASE("a read-only open refuses a missing file, a file of another schema version and a foreign database", "[store][sqlite][read_only]") {
  std::string missing = fresh_store_path("read-only-missing");
  CHECK_FALSE(open_sqlite_store(missing, {.read_only = true}).ok());
  CHECK_FALSE(std::filesystem::exists(missing));  // not created

  std::string old = fresh_store_path("read-only-old");
  {
    sqlite::Db db(old, 1000);
    REQUIRE(sqlite::migrate(db, 1767225600000, 4).ok());
  }
  auto refused = open_sqlite_store(old, {.read_only = true});
  REQUIRE_FALSE(refused.ok());
  CHECK(refused.error().code == ErrorCode::kConflict);
  CHECK_THAT(refused.error().message, Catch::Contains("without migrating"));

  std::string foreign = fresh_store_path("read-only-foreign");
  {
    sqlite::Db db(foreign, 1000);
    db.exec("CREATE TABLE t (x)");
  }
  auto not_ours = open_sqlite_store(foreign, {.read_only = true});
  REQUIRE_FALSE(not_ours.ok());
  CHECK(not_ours.error().code == ErrorCode::kNotAStore);
}
