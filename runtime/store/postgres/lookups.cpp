// Cross-references, cursors, status counts, the audit trail and content hashes on PostgreSQL.
#include <map>

#include "pg_store.hpp"

namespace syncloom::store::postgres {
namespace {

std::optional<Xref> xref_row(const Rows& r) {
  if (r.empty()) return std::nullopt;
  Xref xref{r.text(0, 0), r.text(0, 1), r.text(0, 2), r.text(0, 3), std::nullopt, r.int64(0, 5)};
  if (!r.null(0, 4)) xref.last_state = r.text(0, 4);
  return xref;
}

}  // namespace

Result<std::optional<Xref>> PgStore::xref(const std::string& domain, const std::string& key) {
  return read<std::optional<Xref>>([&](Conn& db) -> Result<std::optional<Xref>> {
    return xref_row(db.query("SELECT domain, key, target_system, target_id, last_state, updated_at FROM xref"
                             " WHERE domain = $1 AND key = $2", {domain, key}));
  });
}

Result<std::optional<Xref>> PgStore::xref_by_target(const std::string& target_system, const std::string& target_id) {
  return read<std::optional<Xref>>([&](Conn& db) -> Result<std::optional<Xref>> {
    return xref_row(db.query("SELECT domain, key, target_system, target_id, last_state, updated_at FROM xref"
                             " WHERE target_system = $1 AND target_id = $2 ORDER BY updated_at DESC LIMIT 1",
                             {target_system, target_id}));
  });
}

Result<std::optional<std::string>> PgStore::cursor(const std::string& system, const std::string& topic) {
  return read<std::optional<std::string>>([&](Conn& db) -> Result<std::optional<std::string>> {
    Rows r = db.query("SELECT value FROM cursor WHERE system = $1 AND topic = $2", {system, topic});
    if (r.empty()) return std::optional<std::string>();
    return std::optional<std::string>(r.text(0, 0));
  });
}

Status PgStore::set_cursor(const std::string& system, const std::string& topic, const std::string& value) {
  return write<std::monostate>([&](Conn& db) -> Status {
    db.query("INSERT INTO cursor (system, topic, value, updated_at) VALUES ($1, $2, $3, $4)"
             " ON CONFLICT (system, topic) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at",
             {system, topic, value, now()});
    return ok_status();
  });
}

Result<bool> PgStore::swap_cursor(const std::string& system, const std::string& topic,
                                  const std::optional<std::string>& expected, const std::string& value) {
  return write<bool>([&](Conn& db) -> Result<bool> {
    Rows r = expected ? db.query("UPDATE cursor SET value = $1, updated_at = $2 WHERE system = $3 AND topic = $4"
                                 " AND value = $5 RETURNING 1", {value, now(), system, topic, *expected})
                      : db.query("INSERT INTO cursor (system, topic, value, updated_at) VALUES ($1, $2, $3, $4)"
                                 " ON CONFLICT DO NOTHING RETURNING 1", {system, topic, value, now()});
    return !r.empty();
  });
}

Result<std::vector<DomainStatus>> PgStore::domain_status() {
  return read<std::vector<DomainStatus>>([&](Conn& db) -> Result<std::vector<DomainStatus>> {
    std::map<std::string, DomainStatus> by_domain;
    auto entry = [&](const std::string& domain) -> DomainStatus& {
      DomainStatus& status = by_domain[domain];
      status.domain = domain;
      return status;
    };
    Rows queued = db.query(
        "SELECT domain, count(*) FILTER (WHERE state = 'pending'), count(*) FILTER (WHERE state = 'running'),"
        " count(*) FILTER (WHERE state = 'waiting'), MIN(created_at)"
        " FROM work WHERE state IN ('pending', 'running', 'waiting') GROUP BY domain");
    for (int i = 0; i < queued.size(); ++i) {
      DomainStatus& status = entry(queued.text(i, 0));
      status.pending = queued.int64(i, 1);
      status.running = queued.int64(i, 2);
      status.waiting = queued.int64(i, 3);
      status.oldest_pending = queued.int64(i, 4);
    }
    Rows dead = db.query("SELECT domain, COUNT(*) FROM dead_letter WHERE status = 'open' GROUP BY domain");
    for (int i = 0; i < dead.size(); ++i) entry(dead.text(i, 0)).dead = dead.int64(i, 1);
    Rows synced = db.query("SELECT domain, MAX(finished_at) FROM work WHERE state = 'done' AND outcome = 'synced' GROUP BY domain");
    for (int i = 0; i < synced.size(); ++i) entry(synced.text(i, 0)).last_success = synced.int64(i, 1);
    std::vector<DomainStatus> statuses;
    for (auto& [domain, status] : by_domain) statuses.push_back(std::move(status));
    return statuses;
  });
}

Result<std::vector<IntakeStatus>> PgStore::intake_status() {
  return read<std::vector<IntakeStatus>>([&](Conn& db) -> Result<std::vector<IntakeStatus>> {
    Rows r = db.query("SELECT dedupe_scope, COUNT(*), SUM(duplicates) FROM inbox GROUP BY dedupe_scope ORDER BY dedupe_scope");
    std::vector<IntakeStatus> statuses;
    for (int i = 0; i < r.size(); ++i) statuses.push_back({r.text(i, 0), r.int64(i, 1), r.int64(i, 2)});
    return statuses;
  });
}

Result<std::vector<AuditEntry>> PgStore::audit(std::int64_t work_id) {
  return read<std::vector<AuditEntry>>([&](Conn& db) -> Result<std::vector<AuditEntry>> {
    Rows r = db.query(
        "SELECT id, at, action, COALESCE(work_id, 0), COALESCE(event_id, 0), COALESCE(domain, ''), COALESCE(key, ''),"
        " COALESCE(mapping, ''), COALESCE(mapping_version, ''), COALESCE(correlation_id, ''), COALESCE(target_id, ''),"
        " COALESCE(actor, ''), COALESCE(detail, '') FROM audit WHERE ($1::bigint = 0 OR work_id = $1) ORDER BY id",
        {work_id});
    std::vector<AuditEntry> entries;
    for (int i = 0; i < r.size(); ++i) {
      entries.push_back({r.int64(i, 0), r.int64(i, 1), r.text(i, 2), r.int64(i, 3), r.int64(i, 4), r.text(i, 5),
                         r.text(i, 6), r.text(i, 7), r.text(i, 8), r.text(i, 9), r.text(i, 10), r.text(i, 11),
                         r.text(i, 12)});
    }
    return entries;
  });
}

Result<std::vector<RecordHash>> PgStore::record_hashes(const std::string& system, const std::string& record,
                                                       const std::vector<std::string>& ids) {
  return read<std::vector<RecordHash>>([&](Conn& db) -> Result<std::vector<RecordHash>> {
    std::vector<RecordHash> out;
    // One query per chunk of ids (a text[] parameter), not one per id.
    constexpr std::size_t kChunk = 1000;
    for (std::size_t start = 0; start < ids.size(); start += kChunk) {
      std::string array = "{";
      for (std::size_t i = start; i < ids.size() && i < start + kChunk; ++i) {
        if (i > start) array += ",";
        array += "\"";
        for (char c : ids[i]) {
          if (c == '"' || c == '\\') array += '\\';
          array += c;
        }
        array += "\"";
      }
      array += "}";
      Rows r = db.query("SELECT system, record, id, hash, seen_ms FROM record_hash WHERE system = $1 AND record = $2"
                        " AND id = ANY($3::text[]) ORDER BY id",
                        {system, record, array});
      for (int i = 0; i < r.size(); ++i) out.push_back({r.text(i, 0), r.text(i, 1), r.text(i, 2), r.text(i, 3), r.int64(i, 4)});
    }
    return out;
  });
}

Status PgStore::set_record_hashes(const std::vector<RecordHash>& hashes) {
  return write<std::monostate>([&](Conn& db) -> Status {
    for (const RecordHash& h : hashes) {
      // An error answer rolls the whole call back (the write queue's savepoint): all or nothing.
      if (h.system.empty() || h.record.empty() || h.id.empty()) {
        return Error{ErrorCode::kInvalidArgument, db.label() + ": set record hashes: system, record and id are required"};
      }
      db.query("INSERT INTO record_hash (system, record, id, hash, seen_ms) VALUES ($1, $2, $3, $4, $5)"
               " ON CONFLICT (system, record, id) DO UPDATE SET hash = excluded.hash, seen_ms = excluded.seen_ms",
               {h.system, h.record, h.id, h.hash, h.seen_ms != 0 ? h.seen_ms : now()});
    }
    return ok_status();
  });
}

}  // namespace syncloom::store::postgres
