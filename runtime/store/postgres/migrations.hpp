// Versioned schema migrations for the PostgreSQL store: the embedded migrations/postgres/NNN_name.sql files.
#pragma once
#include <vector>

#include "conn.hpp"
#include "syncloom/store/result.hpp"
#include "syncloom/store/types.hpp"

namespace syncloom::store::postgres {

struct Migration {
  int version;
  const char* name;
  const char* sql;
};

const std::vector<Migration>& migrations();

/// Applies every migration above the database's version, each in its own transaction, under a
/// session advisory lock (several processes starting on one new database migrate once). Refuses a
/// database from a newer build and one with tables but no schema_version.
Result<int> migrate(Conn& db, TimeMs now);

/// The database's version without changing anything (read-only opens).
Result<int> schema_version(Conn& db);

}  // namespace syncloom::store::postgres
