// Content hashes on SQLite: a placeholder that keeps nothing until the recon helper's migration 007 and
// implementation land (helper/recon-2); every id reads as never seen, so a poll treats each record as new.
#include "sqlite_store.hpp"

namespace syncloom::store::sqlite {

Result<std::vector<RecordHash>> SqliteStore::record_hashes(const std::string&, const std::string&,
                                                           const std::vector<std::string>&) {
  return std::vector<RecordHash>{};
}

Status SqliteStore::set_record_hashes(const std::vector<RecordHash>&) { return ok_status(); }

}  // namespace syncloom::store::sqlite
