// The dead-letter queue: list with filters, show with every attempt, edit, replay, discard; each action audited.
#include "sqlite_store.hpp"

namespace syncloom::store::sqlite {
namespace {

/// Loads an open entry for an action, or says why the action cannot apply.
Result<DeadLetter> open_entry(Db& db, std::int64_t id, const char* action) {
  auto entry = load_dead_letter(db, id);
  std::string what = db.path() + ": " + action + " dead letter " + std::to_string(id) + ": ";
  if (!entry) return Error{ErrorCode::kNotFound, what + "no such entry"};
  if (entry->status != DeadLetterStatus::kOpen) {
    return Error{ErrorCode::kConflict, what + "it is " + dead_letter_status_name(entry->status) + ", not open"};
  }
  return *entry;
}

AuditEntry dlq_audit(const DeadLetter& entry, const char* action, const std::string& actor, std::string detail, TimeMs at) {
  return {.at = at, .action = action, .work_id = entry.work_id, .domain = entry.domain, .key = entry.key,
          .correlation_id = entry.correlation_id, .actor = actor, .detail = std::move(detail)};
}

}  // namespace

Result<std::vector<DeadLetter>> SqliteStore::dead_letters(const DeadLetterFilter& filter) {
  return read<std::vector<DeadLetter>>([&](Db& db) -> Result<std::vector<DeadLetter>> {
    auto stmt = db.prepare(
        "SELECT id FROM dead_letter WHERE (?1 IS NULL OR domain = ?1) AND (?2 IS NULL OR died_at >= ?2)"
        " AND (?3 IS NULL OR instr(lower(reason), lower(?3)) > 0 OR instr(lower(error), lower(?3)) > 0)"
        " AND (?4 OR status = 'open') ORDER BY id LIMIT ?5");
    stmt.bind(1, filter.domain)
        .bind(2, filter.since)
        .bind(3, filter.reason)
        .bind(4, static_cast<std::int64_t>(filter.include_closed ? 1 : 0))
        .bind(5, static_cast<std::int64_t>(filter.limit));
    std::vector<std::int64_t> ids;
    while (stmt.step()) ids.push_back(stmt.int_at(0));
    std::vector<DeadLetter> entries;
    for (std::int64_t id : ids) entries.push_back(*load_dead_letter(db, id));
    return entries;
  });
}

Result<DeadLetter> SqliteStore::dead_letter(std::int64_t id) {
  return read<DeadLetter>([&](Db& db) -> Result<DeadLetter> {
    auto entry = load_dead_letter(db, id);
    if (!entry) return Error{ErrorCode::kNotFound, db.path() + ": dead letter " + std::to_string(id) + ": no such entry"};
    entry->attempts = load_attempts(db, entry->work_id);
    return *entry;
  });
}

Status SqliteStore::edit_dead_letter(std::int64_t id, const std::string& payload, const std::string& actor) {
  return write<std::monostate>([&](Db& db) -> Status {
    auto entry = open_entry(db, id, "edit");
    if (!entry.ok()) return entry.error();
    TimeMs at = now();
    db.prepare("UPDATE dead_letter SET payload = ?, edited = 1 WHERE id = ?").bind(1, std::string_view(payload)).bind(2, id).run();
    // The audit keeps the payload as it was, so an edit can be seen and undone.
    insert_audit(db, dlq_audit(*entry, "dlq.edit", actor, "previous payload: " + entry->payload, at));
    return ok_status();
  });
}

Result<std::int64_t> SqliteStore::replay_dead_letter(std::int64_t id, const std::string& actor) {
  return write<std::int64_t>([&](Db& db) -> Result<std::int64_t> {
    auto entry = open_entry(db, id, "replay");
    if (!entry.ok()) return entry.error();
    auto original = load_work_item(db, entry->work_id);
    TimeMs at = now();
    WorkSpec spec{.domain = entry->domain, .key = entry->key, .full_state = original->full_state, .priority = original->priority};
    // The new item has the next id, so it runs after the key's items already queued (per-key FIFO).
    std::int64_t work_id = insert_work(db, original->event_id, spec, at,
                                       entry->edited ? std::optional<std::string>(entry->payload) : std::nullopt);
    db.prepare("UPDATE dead_letter SET status = 'replayed', replayed_as = ? WHERE id = ?").bind(1, work_id).bind(2, id).run();
    db.prepare("UPDATE work SET outcome = 'replayed' WHERE id = ?").bind(1, entry->work_id).run();
    AuditEntry audit = dlq_audit(*entry, "dlq.replay", actor, "as work item " + std::to_string(work_id), at);
    audit.event_id = original->event_id;
    insert_audit(db, audit);
    return work_id;
  });
}

Status SqliteStore::discard_dead_letter(std::int64_t id, const std::string& reason, const std::string& actor) {
  return write<std::monostate>([&](Db& db) -> Status {
    if (reason.empty()) {
      return Error{ErrorCode::kInvalidArgument, db.path() + ": discard dead letter " + std::to_string(id) + ": a reason is required"};
    }
    auto entry = open_entry(db, id, "discard");
    if (!entry.ok()) return entry.error();
    TimeMs at = now();
    db.prepare("UPDATE dead_letter SET status = 'discarded', resolution = ? WHERE id = ?").bind(1, std::string_view(reason)).bind(2, id).run();
    db.prepare("UPDATE work SET outcome = 'discarded' WHERE id = ?").bind(1, entry->work_id).run();
    insert_audit(db, dlq_audit(*entry, "dlq.discard", actor, reason, at));
    return ok_status();
  });
}

}  // namespace syncloom::store::sqlite
