// SQLite store: versioned migrations (a version-1 file upgraded in place), idempotent reopen, refusals.
#include <fstream>
#include <sstream>
#include <thread>

#include "db.hpp"
#include "migrations.hpp"
#include "sqlite_test_files.hpp"
#include "store_suite.hpp"

using namespace syncloom::store;
using namespace syncloom::store::testing;

namespace {

std::string read_text(const std::string& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

std::vector<std::int64_t> applied_versions(const std::string& path) {
  sqlite::Db db(path, 1000);
  std::vector<std::int64_t> versions;
  auto stmt = db.prepare("SELECT version FROM schema_version ORDER BY version");
  while (stmt.step()) versions.push_back(stmt.int_at(0));
  return versions;
}

/// A file at schema version 1 holding the v1 fixture's rows, made by the migration files themselves.
std::string version_1_file() {
  std::string path = fresh_store_path("v1");
  sqlite::Db db(path, 1000);
  auto migrated = sqlite::migrate(db, 1767225600000, 1);
  REQUIRE(migrated.ok());
  REQUIRE(*migrated == 1);
  db.exec(read_text(std::string(STORE_FIXTURE_DIR) + "/v1_data.sql"));
  return path;
}

}  // namespace

// 1, 2, 3, ... without gaps: a missing number is a migration lost in a merge.
TEST_CASE("the migrations are numbered 1, 2, ... in increasing order", "[store][sqlite][migrations]") {
  const auto& all = sqlite::migrations();
  REQUIRE(all.size() >= 2);
  for (std::size_t i = 0; i < all.size(); ++i) CHECK(all[i].version == static_cast<int>(i) + 1);
  CHECK(sqlite_schema_version() == all.back().version);
}

static std::vector<std::int64_t> all_migration_versions() {
  std::vector<std::int64_t> versions;
  for (const auto& migration : sqlite::migrations()) versions.push_back(migration.version);
  return versions;
}

TEST_CASE("a new file is created at the current version, in WAL mode, and reopening applies nothing twice", "[store][sqlite][migrations]") {
  std::string path = fresh_store_path("fresh");
  { REQUIRE(open_sqlite_store(path).ok()); }
  auto versions = applied_versions(path);
  REQUIRE(versions == all_migration_versions());
  { REQUIRE(open_sqlite_store(path).ok()); }
  CHECK(applied_versions(path) == versions);
  sqlite::Db db(path, 1000);
  auto mode = db.prepare("PRAGMA journal_mode");
  REQUIRE(mode.step());
  CHECK(mode.text_at(0) == "wal");
  sqlite::set_pragmas(db);  // what every connection of the store runs
  auto synchronous = db.prepare("PRAGMA synchronous");
  REQUIRE(synchronous.step());
  CHECK(synchronous.int_at(0) == 2);  // FULL
  auto foreign_keys = db.prepare("PRAGMA foreign_keys");
  REQUIRE(foreign_keys.step());
  CHECK(foreign_keys.int_at(0) == 1);
}

TEST_CASE("a version-1 file is migrated in place to the current version and its work carries on", "[store][sqlite][migrations]") {
  std::string path = version_1_file();
  ManualClock clock;
  auto opened = open_sqlite_store(path, {.clock = clock.clock()});
  REQUIRE(opened.ok());
  Store& store = **opened;
  CHECK(applied_versions(path) == all_migration_versions());

  // The dead version-1 item became an open dead letter with its event's payload, and replays.
  auto dead = must(store.dead_letters({}));
  REQUIRE(dead.size() == 1);
  CHECK(dead[0].work_id == 3);
  CHECK(dead[0].payload == R"({"id":1003,"total":"7.25"})");
  CHECK(dead[0].error == "permanent: HTTP 400: tax rule missing");
  CHECK(dead[0].reason == "migrated from version 1");
  CHECK(dead[0].correlation_id == "corr-3");
  CHECK(must(store.dead_letter(dead[0].id)).attempts.size() == 1);

  // Key 1002's two pending items run one at a time, in order (the key heads were marked by version 3);
  // the old xref, cursor, dedupe and audit are intact.
  auto claimed = must(store.claim({.owner = "w", .limit = 10}));
  REQUIRE(claimed.size() == 1);
  WorkItem item = claimed[0];
  CHECK(item.id == 2);
  CHECK(item.payload == R"({"id":1002,"total":"5.00"})");
  CHECK(must(store.complete(item.id, item.generation, {})) == Transition::kApplied);
  WorkItem next = claim_one(store);
  CHECK(next.id == 4);
  CHECK(must(store.complete(next.id, next.generation, {})) == Transition::kApplied);
  auto xref = must(store.xref("orders", "1001"));
  REQUIRE(xref.has_value());
  CHECK(xref->target_id == "SO-17");
  CHECK_FALSE(xref->last_state.has_value());
  CHECK(must(store.cursor("tryton", "sale.sale")) == std::optional<std::string>("2026-01-01T00:00:05"));
  CHECK(must(store.accept(order_event("1001", "order:1001:t1"))).duplicate);
  CHECK(must(store.intake_status())[0].duplicates == 3);
  CHECK(must(store.audit(1)).size() == 1);
  std::int64_t replayed = must(store.replay_dead_letter(dead[0].id, "test"));
  CHECK(must(store.work_item(replayed)).payload == R"({"id":1003,"total":"7.25"})");
}

TEST_CASE("a file from a newer syncloom is refused and left untouched", "[store][sqlite][migrations]") {
  std::string path = fresh_store_path("newer");
  { REQUIRE(open_sqlite_store(path).ok()); }
  {
    sqlite::Db db(path, 1000);
    db.exec("INSERT INTO schema_version (version, name, applied_at) VALUES (99, '099_future.sql', 0)");
  }
  auto refused = open_sqlite_store(path);
  REQUIRE_FALSE(refused.ok());
  CHECK(refused.error().code == ErrorCode::kSchemaTooNew);
  CHECK_THAT(refused.error().message, Catch::Contains(path) && Catch::Contains("schema version 99") &&
                                          Catch::Contains("newer syncloom") &&
                                          Catch::Contains("knows up to " + std::to_string(sqlite_schema_version())));
  CHECK(applied_versions(path).back() == 99);
}

TEST_CASE("a database that is not a store, or a file that is not a database, is refused by name", "[store][sqlite][migrations]") {
  SECTION("another application's database") {
    std::string path = fresh_store_path("foreign");
    {
      sqlite::Db db(path, 1000);
      db.exec("CREATE TABLE customers (id INTEGER)");
    }
    auto refused = open_sqlite_store(path);
    REQUIRE_FALSE(refused.ok());
    CHECK(refused.error().code == ErrorCode::kNotAStore);
    CHECK_THAT(refused.error().message, Catch::Contains(path) && Catch::Contains("not a syncloom store"));
  }
  SECTION("a text file") {
    std::string path = fresh_store_path("text");
    std::ofstream(path) << "this is not a database, it is a note about one\n";
    auto refused = open_sqlite_store(path);
    REQUIRE_FALSE(refused.ok());
    CHECK(refused.error().code == ErrorCode::kNotAStore);
    CHECK_THAT(refused.error().message, Catch::Contains(path));
  }
  SECTION("a directory that does not exist") {
    auto refused = open_sqlite_store("/nonexistent-dir/store.db");
    REQUIRE_FALSE(refused.ok());
    CHECK(refused.error().code == ErrorCode::kIo);
    CHECK_THAT(refused.error().message, Catch::Contains("/nonexistent-dir/store.db"));
  }
}

TEST_CASE("stores opened on one new file at the same moment apply each migration once", "[store][sqlite][migrations]") {
  std::string path = fresh_store_path("race");
  std::vector<std::string> errors(4);
  std::vector<std::thread> threads;
  for (std::size_t i = 0; i < errors.size(); ++i) {
    threads.emplace_back([&, i] {
      auto opened = open_sqlite_store(path);
      if (!opened.ok()) errors[i] = opened.error().message;
    });
  }
  for (auto& thread : threads) thread.join();
  for (const std::string& error : errors) {
    INFO(error);
    CHECK(error.empty());
  }
  CHECK(applied_versions(path) == all_migration_versions());
}

TEST_CASE("a migration that fails rolls back, names its file and leaves the file at the last good version", "[store][sqlite][migrations]") {
  std::string path = fresh_store_path("broken");
  {
    sqlite::Db db(path, 1000);
    REQUIRE(sqlite::migrate(db, 0, 1).ok());
    db.exec("CREATE TABLE dead_letter (id INTEGER)");  // in the way of version 2
  }
  auto refused = open_sqlite_store(path);
  REQUIRE_FALSE(refused.ok());
  CHECK(refused.error().code == ErrorCode::kMigrationFailed);
  CHECK_THAT(refused.error().message, Catch::Contains("002_dead_letters.sql") && Catch::Contains("stays at version 1") &&
                                          Catch::Contains("dead_letter already exists"));
  CHECK(applied_versions(path) == std::vector<std::int64_t>{1});
  sqlite::Db db(path, 1000);
  auto column = db.prepare("SELECT 1 FROM pragma_table_info('work') WHERE name = 'payload'");
  CHECK_FALSE(column.step());  // nothing of version 2 stayed
}
