// Versioned schema migrations for the SQLite store: the embedded migrations/sqlite/NNN_name.sql files, in order.
#pragma once
#include <string>
#include <vector>

#include "db.hpp"
#include "syncloom/store/result.hpp"
#include "syncloom/store/types.hpp"

namespace syncloom::store::sqlite {

struct Migration {
  int version;
  const char* name;  ///< the file name: "001_core.sql"
  const char* sql;
};

/// Every migration, ascending by version (generated at build time from migrations/sqlite/).
const std::vector<Migration>& migrations();

/// Sets the connection's pragmas (WAL, synchronous=FULL, foreign keys) and applies, each in its own
/// transaction, every migration above the file's version up to `up_to` (all by default). Answers the
/// version the file is at. Refuses a file from a newer build, and a database that is not a store.
Result<int> migrate(Db& db, TimeMs now, int up_to = 1 << 30);

/// The pragmas every connection of the store sets (the migrating one and the readers).
void set_pragmas(Db& db);

}  // namespace syncloom::store::sqlite
