// Applies the embedded migrations: one transaction per version, recorded in schema_version.
#include "migrations.hpp"

#include <sqlite3.h>

#include <chrono>
#include <thread>

namespace syncloom::store::sqlite {
namespace {

int current_version(Db& db) {
  auto stmt = db.prepare("SELECT COALESCE(MAX(version), 0) FROM schema_version");
  stmt.step();
  return static_cast<int>(stmt.int_at(0));
}

bool has_table(Db& db, const char* name) {
  auto stmt = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?");
  stmt.bind(1, std::string_view(name));
  return stmt.step();
}

bool has_foreign_tables(Db& db) {
  auto stmt = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'");
  return stmt.step();
}

Error error(ErrorCode code, const Db& db, const std::string& text) { return Error{code, db.path() + ": " + text}; }

}  // namespace

void set_pragmas(Db& db) {
  // WAL: readers never block the writer; synchronous=FULL: a commit is on disk when COMMIT returns
  // (NORMAL would lose the last commits on power loss, and an acknowledged webhook is a promise).
  // Switching a new file to WAL needs an exclusive lock, and SQLite may answer SQLITE_BUSY at once,
  // without its busy handler, when another connection opens the same new file at that moment: wait and
  // try again for up to ten seconds (found by a fresh-clone CI run: stores opened on one new file at once).
  for (int tries = 0;; ++tries) {
    try {
      db.exec("PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON;");
      return;
    } catch (const DbError& busy) {
      if ((busy.sqlite_code & 0xff) != SQLITE_BUSY || tries >= 1000) throw;
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
  }
}

Result<int> migrate(Db& db, TimeMs now, int up_to) {
  try {
    set_pragmas(db);
    int latest = migrations().back().version;
    // Under the write lock: another process creating the store at this moment is either done or not begun.
    db.exec("BEGIN IMMEDIATE");
    if (!has_table(db, "schema_version")) {
      if (has_foreign_tables(db)) {
        db.exec("ROLLBACK");
        return error(ErrorCode::kNotAStore, db, "not a syncloom store (it has tables but no schema_version); refusing to change it");
      }
      db.exec("CREATE TABLE schema_version (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL)");
    }
    db.exec("COMMIT");
    int version = current_version(db);
    if (version > latest) {
      return error(ErrorCode::kSchemaTooNew, db,
                   "schema version " + std::to_string(version) + " was written by a newer syncloom (this one knows up to " +
                       std::to_string(latest) + "); refusing to open it: upgrade syncloom");
    }
    for (const Migration& migration : migrations()) {
      if (migration.version <= version || migration.version > up_to) continue;
      db.exec("BEGIN IMMEDIATE");
      try {
        // Another process may have migrated between our read and our lock: read again under the lock.
        if (current_version(db) >= migration.version) {
          db.exec("COMMIT");
          continue;
        }
        db.exec(migration.sql);
        db.prepare("INSERT INTO schema_version (version, name, applied_at) VALUES (?, ?, ?)")
            .bind(1, static_cast<std::int64_t>(migration.version))
            .bind(2, std::string_view(migration.name))
            .bind(3, now)
            .run();
        db.exec("COMMIT");
      } catch (const DbError& failure) {
        db.exec("ROLLBACK");
        return error(ErrorCode::kMigrationFailed, db,
                     std::string("migration ") + migration.name + " failed (the file stays at version " +
                         std::to_string(current_version(db)) + "): " + failure.what());
      }
    }
    return current_version(db);
  } catch (const DbError& failure) {
    ErrorCode code = (failure.sqlite_code & 0xff) == SQLITE_NOTADB ? ErrorCode::kNotAStore : ErrorCode::kIo;
    return Error{code, failure.what()};
  }
}

}  // namespace syncloom::store::sqlite
