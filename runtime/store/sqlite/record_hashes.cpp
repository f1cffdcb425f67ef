// Content hashes of polled records: what the reconciling poll compares a listed record's content with.
#include "sqlite_store.hpp"

namespace syncloom::store::sqlite {

Result<std::vector<RecordHash>> SqliteStore::record_hashes(const std::string& system, const std::string& record,
                                                           const std::vector<std::string>& ids) {
  return read<std::vector<RecordHash>>([&](Db& db) -> Result<std::vector<RecordHash>> {
    // One point lookup per id on the primary key (the statement is cached): a page of a poll is at most a
    // few hundred ids, cheaper than building an IN list of that size.
    std::vector<RecordHash> found;
    for (const std::string& id : ids) {
      auto stmt = db.prepare("SELECT hash, seen_at FROM record_hash WHERE system = ?1 AND record = ?2 AND id = ?3");
      stmt.bind(1, std::string_view(system)).bind(2, std::string_view(record)).bind(3, std::string_view(id));
      if (!stmt.step()) continue;
      found.push_back({.system = system, .record = record, .id = id, .hash = stmt.text_at(0), .seen_ms = stmt.int_at(1)});
    }
    return found;
  });
}

Status SqliteStore::set_record_hashes(const std::vector<RecordHash>& hashes) {
  return write<std::monostate>([&](Db& db) -> Status {
    for (const RecordHash& h : hashes) {
      // An error answer rolls the whole call back (the write queue's savepoint): all or nothing.
      if (h.system.empty() || h.record.empty() || h.id.empty()) {
        return Error{ErrorCode::kInvalidArgument, db.path() + ": set record hashes: system, record and id are required"};
      }
      auto stmt = db.prepare(
          "INSERT INTO record_hash (system, record, id, hash, seen_at) VALUES (?1, ?2, ?3, ?4, ?5)"
          " ON CONFLICT (system, record, id) DO UPDATE SET hash = excluded.hash, seen_at = excluded.seen_at");
      stmt.bind(1, std::string_view(h.system)).bind(2, std::string_view(h.record)).bind(3, std::string_view(h.id))
          .bind(4, std::string_view(h.hash)).bind(5, h.seen_ms != 0 ? h.seen_ms : now());
      stmt.run();
    }
    return ok_status();
  });
}

}  // namespace syncloom::store::sqlite
