// Opening the PostgreSQL store (URL checks, migrations, the two connections) and open_store, which picks
// the backend from what the configuration names.
#include <string_view>

#include "migrations.hpp"
#include "pg_store.hpp"

namespace syncloom::store {
namespace postgres {
namespace {

// An arbitrary constant: the advisory lock the migrating process holds.
constexpr const char* kMigrationLock = "SELECT pg_advisory_lock(7428301)";
constexpr const char* kMigrationUnlock = "SELECT pg_advisory_unlock(7428301)";

int current_version(Conn& db) {
  return static_cast<int>(db.query("SELECT COALESCE(MAX(version), 0) FROM schema_version").int64(0, 0));
}

bool has_schema_version(Conn& db) {
  return !db.query("SELECT 1 FROM pg_tables WHERE schemaname = current_schema() AND tablename = 'schema_version'").empty();
}

}  // namespace

Result<int> schema_version(Conn& db) {
  try {
    if (!has_schema_version(db)) return Error{ErrorCode::kNotAStore, db.label() + ": not a syncloom store (no schema_version table)"};
    return current_version(db);
  } catch (const PgError& failure) {
    return Error{ErrorCode::kIo, failure.what()};
  }
}

Result<int> migrate(Conn& db, TimeMs now) {
  try {
    db.query(kMigrationLock);
    struct Unlock {
      Conn& db;
      ~Unlock() {
        try {
          db.query(kMigrationUnlock);
        } catch (const PgError&) {
          // The session ends with the connection; the lock with it.
        }
      }
    } unlock{db};
    if (!has_schema_version(db)) {
      bool foreign = !db.query("SELECT 1 FROM pg_tables WHERE schemaname = current_schema() LIMIT 1").empty();
      if (foreign) {
        return Error{ErrorCode::kNotAStore, db.label() + ": not a syncloom store (it has tables but no schema_version); refusing to change it"};
      }
      db.exec("CREATE TABLE schema_version (version integer PRIMARY KEY, name text NOT NULL, applied_at bigint NOT NULL)");
    }
    int version = current_version(db);
    int latest = migrations().back().version;
    if (version > latest) {
      return Error{ErrorCode::kSchemaTooNew, db.label() + ": schema version " + std::to_string(version) +
                                                 " was written by a newer syncloom (this one knows up to " +
                                                 std::to_string(latest) + "); refusing to open it: upgrade syncloom"};
    }
    for (const Migration& migration : migrations()) {
      if (migration.version <= version) continue;
      try {
        db.exec("BEGIN");
        db.exec(migration.sql);
        db.query("INSERT INTO schema_version (version, name, applied_at) VALUES ($1, $2, $3)",
                 {migration.version, migration.name, now});
        db.exec("COMMIT");
      } catch (const PgError& failure) {
        if (db.in_transaction()) db.exec("ROLLBACK");
        return Error{ErrorCode::kMigrationFailed, db.label() + ": migration " + migration.name + " failed (the database stays at version " +
                                                      std::to_string(current_version(db)) + "): " + failure.what()};
      }
    }
    return current_version(db);
  } catch (const PgError& failure) {
    return Error{ErrorCode::kIo, failure.what()};
  }
}

PgStore::PgStore(std::unique_ptr<Conn> writer, std::unique_ptr<Conn> reader, const PostgresOptions& options)
    : clock_(options.clock), read_only_(options.read_only), writer_(std::move(writer)), reader_(std::move(reader)),
      queue_(std::make_unique<WriteQueue>(*writer_, options.group_commit, options.max_batch)) {}

PgStore::~PgStore() { queue_.reset(); }  // the writer finishes queued writes before the connections close

}  // namespace postgres

bool is_postgres_url(const std::string& url_or_path) {
  std::string_view s(url_or_path);
  return s.substr(0, 13) == "postgresql://" || s.substr(0, 11) == "postgres://";
}

int postgres_schema_version() { return postgres::migrations().back().version; }

namespace {

// "host:port/db" for messages: never the user's password, never query options.
std::string url_label(const std::string& url) {
  std::string rest = url.substr(url.find("://") + 3);
  auto at = rest.rfind('@', rest.find('/'));
  if (at != std::string::npos) rest = rest.substr(at + 1);
  auto query = rest.find('?');
  if (query != std::string::npos) rest = rest.substr(0, query);
  return "postgresql://" + rest;
}

bool url_has_password(const std::string& url) {
  std::string rest = url.substr(url.find("://") + 3);
  auto slash = rest.find('/');
  std::string authority = rest.substr(0, slash);
  auto at = authority.rfind('@');
  if (at != std::string::npos && authority.substr(0, at).find(':') != std::string::npos) return true;
  auto query = rest.find('?');
  return query != std::string::npos && rest.find("password=", query) != std::string::npos;
}

}  // namespace

Result<std::unique_ptr<Store>> open_postgres_store(const std::string& url, const PostgresOptions& options) {
  if (!is_postgres_url(url)) return Error{ErrorCode::kInvalidArgument, "not a PostgreSQL URL (postgresql://user@host:port/db)"};
  std::string label = url_label(url);
  if (url_has_password(url)) {
    return Error{ErrorCode::kInvalidArgument,
                 label + ": the URL carries a password; give it in the environment (PGPASSWORD) instead"};
  }
  PostgresOptions resolved = options;
  if (!resolved.clock) resolved.clock = system_clock_ms;
  try {
    auto writer = std::make_unique<postgres::Conn>(url, label);
    if (resolved.read_only) {
      auto version = postgres::schema_version(*writer);
      if (!version) return version.error();
      if (*version != postgres_schema_version()) {
        return Error{*version > postgres_schema_version() ? ErrorCode::kSchemaTooNew : ErrorCode::kConflict,
                     label + ": schema version " + std::to_string(*version) + ", this syncloom reads " +
                         std::to_string(postgres_schema_version()) + " (read-only opens do not migrate)"};
      }
    } else {
      auto migrated = postgres::migrate(*writer, resolved.clock());
      if (!migrated) return migrated.error();
    }
    auto reader = std::make_unique<postgres::Conn>(url, label);
    if (resolved.read_only) {
      writer->exec("SET default_transaction_read_only = on");
      reader->exec("SET default_transaction_read_only = on");
    }
    return std::unique_ptr<Store>(std::make_unique<postgres::PgStore>(std::move(writer), std::move(reader), resolved));
  } catch (const postgres::PgError& failure) {
    return Error{ErrorCode::kIo, failure.what()};
  }
}

Result<std::unique_ptr<Store>> open_store(const std::string& url_or_path, const StoreOptions& options) {
  if (is_postgres_url(url_or_path)) {
    return open_postgres_store(url_or_path, {.clock = options.clock, .read_only = options.read_only});
  }
  return open_sqlite_store(url_or_path, {.clock = options.clock, .read_only = options.read_only});
}

}  // namespace syncloom::store
