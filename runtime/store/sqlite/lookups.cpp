// Cross-references, delta cursors, status counts and the audit trail.
#include <map>

#include "sqlite_store.hpp"

namespace syncloom::store::sqlite {
namespace {

std::optional<Xref> xref_row(Stmt& stmt) {
  if (!stmt.step()) return std::nullopt;
  Xref xref{stmt.text_at(0), stmt.text_at(1), stmt.text_at(2), stmt.text_at(3), std::nullopt, stmt.int_at(5)};
  if (!stmt.null_at(4)) xref.last_state = stmt.text_at(4);
  return xref;
}

}  // namespace

Result<std::optional<Xref>> SqliteStore::xref(const std::string& domain, const std::string& key) {
  return read<std::optional<Xref>>([&](Db& db) -> Result<std::optional<Xref>> {
    auto stmt = db.prepare(
        "SELECT domain, key, target_system, target_id, last_state, updated_at FROM xref WHERE domain = ? AND key = ?");
    stmt.bind(1, std::string_view(domain)).bind(2, std::string_view(key));
    return xref_row(stmt);
  });
}

Result<std::optional<Xref>> SqliteStore::xref_by_target(const std::string& target_system, const std::string& target_id) {
  return read<std::optional<Xref>>([&](Db& db) -> Result<std::optional<Xref>> {
    auto stmt = db.prepare(
        "SELECT domain, key, target_system, target_id, last_state, updated_at FROM xref"
        " WHERE target_system = ? AND target_id = ? ORDER BY updated_at DESC LIMIT 1");
    stmt.bind(1, std::string_view(target_system)).bind(2, std::string_view(target_id));
    return xref_row(stmt);
  });
}

Result<std::optional<std::string>> SqliteStore::cursor(const std::string& system, const std::string& topic) {
  return read<std::optional<std::string>>([&](Db& db) -> Result<std::optional<std::string>> {
    auto stmt = db.prepare("SELECT value FROM cursor WHERE system = ? AND topic = ?");
    stmt.bind(1, std::string_view(system)).bind(2, std::string_view(topic));
    if (!stmt.step()) return std::optional<std::string>();
    return std::optional<std::string>(stmt.text_at(0));
  });
}

Status SqliteStore::set_cursor(const std::string& system, const std::string& topic, const std::string& value) {
  return write<std::monostate>([&](Db& db) -> Status {
    db.prepare(
          "INSERT INTO cursor (system, topic, value, updated_at) VALUES (?, ?, ?, ?)"
          " ON CONFLICT (system, topic) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at")
        .bind(1, std::string_view(system))
        .bind(2, std::string_view(topic))
        .bind(3, std::string_view(value))
        .bind(4, now())
        .run();
    return ok_status();
  });
}

Result<bool> SqliteStore::swap_cursor(const std::string& system, const std::string& topic,
                                      const std::optional<std::string>& expected, const std::string& value) {
  return write<bool>([&](Db& db) -> Result<bool> {
    if (!expected) {
      db.prepare("INSERT INTO cursor (system, topic, value, updated_at) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING")
          .bind(1, std::string_view(system))
          .bind(2, std::string_view(topic))
          .bind(3, std::string_view(value))
          .bind(4, now())
          .run();
    } else {
      db.prepare("UPDATE cursor SET value = ?, updated_at = ? WHERE system = ? AND topic = ? AND value = ?")
          .bind(1, std::string_view(value))
          .bind(2, now())
          .bind(3, std::string_view(system))
          .bind(4, std::string_view(topic))
          .bind(5, std::string_view(*expected))
          .run();
    }
    return db.changes() == 1;
  });
}

Result<std::vector<DomainStatus>> SqliteStore::domain_status() {
  return read<std::vector<DomainStatus>>([&](Db& db) -> Result<std::vector<DomainStatus>> {
    std::map<std::string, DomainStatus> by_domain;
    auto entry = [&](const std::string& domain) -> DomainStatus& {
      DomainStatus& status = by_domain[domain];
      status.domain = domain;
      return status;
    };
    auto queued = db.prepare(
        "SELECT domain, SUM(state = 'pending'), SUM(state = 'running'), SUM(state = 'waiting'), MIN(created_at)"
        " FROM work WHERE state IN ('pending', 'running', 'waiting') GROUP BY domain");
    while (queued.step()) {
      DomainStatus& status = entry(queued.text_at(0));
      status.pending = queued.int_at(1);
      status.running = queued.int_at(2);
      status.waiting = queued.int_at(3);
      status.oldest_pending = queued.int_at(4);
    }
    auto dead = db.prepare("SELECT domain, COUNT(*) FROM dead_letter WHERE status = 'open' GROUP BY domain");
    while (dead.step()) entry(dead.text_at(0)).dead = dead.int_at(1);
    auto synced = db.prepare("SELECT domain, MAX(finished_at) FROM work WHERE state = 'done' AND outcome = 'synced' GROUP BY domain");
    while (synced.step()) entry(synced.text_at(0)).last_success = synced.int_at(1);
    std::vector<DomainStatus> statuses;
    for (auto& [domain, status] : by_domain) statuses.push_back(std::move(status));
    return statuses;
  });
}

Result<std::vector<IntakeStatus>> SqliteStore::intake_status() {
  return read<std::vector<IntakeStatus>>([&](Db& db) -> Result<std::vector<IntakeStatus>> {
    auto stmt = db.prepare("SELECT dedupe_scope, COUNT(*), SUM(duplicates) FROM inbox GROUP BY dedupe_scope ORDER BY dedupe_scope");
    std::vector<IntakeStatus> statuses;
    while (stmt.step()) statuses.push_back({stmt.text_at(0), stmt.int_at(1), stmt.int_at(2)});
    return statuses;
  });
}

Result<std::vector<AuditEntry>> SqliteStore::audit(std::int64_t work_id) {
  return read<std::vector<AuditEntry>>([&](Db& db) -> Result<std::vector<AuditEntry>> {
    auto stmt = db.prepare(
        "SELECT id, at, action, COALESCE(work_id, 0), COALESCE(event_id, 0), COALESCE(domain, ''), COALESCE(key, ''),"
        " COALESCE(mapping, ''), COALESCE(mapping_version, ''), COALESCE(correlation_id, ''), COALESCE(target_id, ''),"
        " COALESCE(actor, ''), COALESCE(detail, '') FROM audit WHERE (?1 = 0 OR work_id = ?1) ORDER BY id");
    stmt.bind(1, work_id);
    std::vector<AuditEntry> entries;
    while (stmt.step()) {
      entries.push_back({stmt.int_at(0), stmt.int_at(1), stmt.text_at(2), stmt.int_at(3), stmt.int_at(4), stmt.text_at(5),
                         stmt.text_at(6), stmt.text_at(7), stmt.text_at(8), stmt.text_at(9), stmt.text_at(10),
                         stmt.text_at(11), stmt.text_at(12)});
    }
    return entries;
  });
}

}  // namespace syncloom::store::sqlite
