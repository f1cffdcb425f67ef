// Opening the SQLite store: the two connections, migrations, the writer; names of the interface's enums.
#include <chrono>

#include "migrations.hpp"
#include "sqlite_store.hpp"

namespace syncloom::store {

TimeMs system_clock_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

const char* error_code_name(ErrorCode code) {
  switch (code) {
    case ErrorCode::kIo: return "io";
    case ErrorCode::kSchemaTooNew: return "schema_too_new";
    case ErrorCode::kNotAStore: return "not_a_store";
    case ErrorCode::kMigrationFailed: return "migration_failed";
    case ErrorCode::kInvalidArgument: return "invalid_argument";
    case ErrorCode::kNotFound: return "not_found";
    case ErrorCode::kConflict: return "conflict";
    case ErrorCode::kClosed: return "closed";
  }
  return "unknown";
}

const char* work_state_name(WorkState state) {
  switch (state) {
    case WorkState::kPending: return "pending";
    case WorkState::kRunning: return "running";
    case WorkState::kWaiting: return "waiting";
    case WorkState::kDone: return "done";
    case WorkState::kDead: return "dead";
  }
  return "unknown";
}

const char* dead_letter_status_name(DeadLetterStatus status) {
  switch (status) {
    case DeadLetterStatus::kOpen: return "open";
    case DeadLetterStatus::kReplayed: return "replayed";
    case DeadLetterStatus::kDiscarded: return "discarded";
  }
  return "unknown";
}

const char* workflow_status_name(WorkflowStatus status) {
  switch (status) {
    case WorkflowStatus::kRunning: return "running";
    case WorkflowStatus::kAwaiting: return "awaiting";
    case WorkflowStatus::kDone: return "done";
    case WorkflowStatus::kFailed: return "failed";
  }
  return "unknown";
}

std::optional<WorkflowStatus> parse_workflow_status(const std::string& text) {
  for (WorkflowStatus s : {WorkflowStatus::kRunning, WorkflowStatus::kAwaiting, WorkflowStatus::kDone, WorkflowStatus::kFailed})
    if (text == workflow_status_name(s)) return s;
  return std::nullopt;
}

int sqlite_schema_version() { return sqlite::migrations().back().version; }

namespace {

// Read-only: three connections that cannot write, on a file that is already at this build's schema (a
// read-only open cannot migrate, and the reads rely on every column of the current schema).
Result<std::unique_ptr<Store>> open_read_only(const std::string& path, const SqliteOptions& options) {
  auto connect = [&] {
    auto db = std::make_unique<sqlite::Db>(path, options.busy_timeout_ms, true);
    db->exec("PRAGMA query_only = 1");
    return db;
  };
  auto writer = connect();
  int version = 0;
  {
    auto has = writer->prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_version'");
    if (!has.step()) return Error{ErrorCode::kNotAStore, path + ": not a syncloom store (no schema_version table)"};
  }
  {
    auto stmt = writer->prepare("SELECT COALESCE(MAX(version), 0) FROM schema_version");
    stmt.step();
    version = static_cast<int>(stmt.int_at(0));
  }
  if (version > sqlite_schema_version())
    return Error{ErrorCode::kSchemaTooNew, path + ": schema version " + std::to_string(version) +
                                               " was written by a newer syncloom (this one knows up to " +
                                               std::to_string(sqlite_schema_version()) + "): upgrade syncloom"};
  if (version < sqlite_schema_version())
    return Error{ErrorCode::kConflict, path + ": schema version " + std::to_string(version) + ", this syncloom reads " +
                                           std::to_string(sqlite_schema_version()) +
                                           " and opens it read-only, without migrating: start the service (or `syncloom "
                                           "status`) once with this version, which migrates it"};
  auto reader = connect();
  auto checkpointer = connect();
  return std::unique_ptr<Store>(std::make_unique<sqlite::SqliteStore>(std::move(writer), std::move(reader),
                                                                      std::move(checkpointer), options));
}

}  // namespace

Result<std::unique_ptr<Store>> open_sqlite_store(const std::string& path, const SqliteOptions& options) {
  SqliteOptions resolved = options;
  if (!resolved.clock) resolved.clock = system_clock_ms;
  try {
    if (resolved.read_only) return open_read_only(path, resolved);
    auto writer = std::make_unique<sqlite::Db>(path, resolved.busy_timeout_ms);
    auto migrated = sqlite::migrate(*writer, resolved.clock());
    if (!migrated.ok()) return migrated.error();
    auto reader = std::make_unique<sqlite::Db>(path, resolved.busy_timeout_ms);
    sqlite::set_pragmas(*reader);
    auto checkpointer = std::make_unique<sqlite::Db>(path, resolved.busy_timeout_ms);
    sqlite::set_pragmas(*checkpointer);
    return std::unique_ptr<Store>(std::make_unique<sqlite::SqliteStore>(std::move(writer), std::move(reader),
                                                                        std::move(checkpointer), resolved));
  } catch (const sqlite::DbError& failure) {
    return Error{ErrorCode::kIo, failure.what()};
  }
}

namespace sqlite {

// SQLite's own automatic checkpoint threshold (pages of the WAL): the same size, off the commit path.
constexpr int kCheckpointPages = 1000;

SqliteStore::SqliteStore(std::unique_ptr<Db> writer, std::unique_ptr<Db> reader, std::unique_ptr<Db> checkpointer,
                         const SqliteOptions& options)
    : clock_(options.clock), writer_(std::move(writer)), reader_(std::move(reader)),
      checkpointer_(std::make_unique<Checkpointer>(*writer_, std::move(checkpointer), kCheckpointPages)),
      queue_(std::make_unique<WriteQueue>(*writer_, options.group_commit, options.max_batch)) {}

SqliteStore::~SqliteStore() {
  queue_.reset();         // the writer finishes queued writes before anything closes
  checkpointer_.reset();  // then the checkpointer stops; the last connection to close checkpoints the rest
}

}  // namespace sqlite
}  // namespace syncloom::store
