// The dead-letter queue on PostgreSQL: list, show, edit, replay, discard; each action audited.
#include "pg_store.hpp"

namespace syncloom::store::postgres {
namespace {

Result<DeadLetter> open_entry(Conn& db, std::int64_t id, const char* action) {
  auto entry = load_dead_letter(db, id, true);  // locked: two processes acting on one entry take turns
  std::string what = db.label() + ": " + action + " dead letter " + std::to_string(id) + ": ";
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

Result<std::vector<DeadLetter>> PgStore::dead_letters(const DeadLetterFilter& filter) {
  return read<std::vector<DeadLetter>>([&](Conn& db) -> Result<std::vector<DeadLetter>> {
    Rows r = db.query(
        "SELECT id FROM dead_letter WHERE ($1::text IS NULL OR domain = $1) AND ($2::bigint IS NULL OR died_at >= $2)"
        " AND ($3::text IS NULL OR strpos(lower(reason), lower($3)) > 0 OR strpos(lower(error), lower($3)) > 0)"
        " AND ($4::boolean OR status = 'open') ORDER BY id LIMIT $5",
        {filter.domain, filter.since, filter.reason, filter.include_closed ? "true" : "false", filter.limit});
    std::vector<DeadLetter> entries;
    for (int i = 0; i < r.size(); ++i) entries.push_back(*load_dead_letter(db, r.int64(i, 0)));
    return entries;
  });
}

Result<DeadLetter> PgStore::dead_letter(std::int64_t id) {
  return read<DeadLetter>([&](Conn& db) -> Result<DeadLetter> {
    auto entry = load_dead_letter(db, id);
    if (!entry) return Error{ErrorCode::kNotFound, db.label() + ": dead letter " + std::to_string(id) + ": no such entry"};
    entry->attempts = load_attempts(db, entry->work_id);
    return *entry;
  });
}

Status PgStore::edit_dead_letter(std::int64_t id, const std::string& payload, const std::string& actor) {
  return write<std::monostate>([&](Conn& db) -> Status {
    auto entry = open_entry(db, id, "edit");
    if (!entry.ok()) return entry.error();
    db.query("UPDATE dead_letter SET payload = $1, edited = 1 WHERE id = $2", {payload, id});
    insert_audit(db, dlq_audit(*entry, "dlq.edit", actor, "previous payload: " + entry->payload, now()));
    return ok_status();
  });
}

Result<std::int64_t> PgStore::replay_dead_letter(std::int64_t id, const std::string& actor) {
  return write<std::int64_t>([&](Conn& db) -> Result<std::int64_t> {
    auto entry = open_entry(db, id, "replay");
    if (!entry.ok()) return entry.error();
    auto original = load_work_item(db, entry->work_id);
    TimeMs at = now();
    WorkSpec spec{.domain = entry->domain, .key = entry->key, .full_state = original->full_state, .priority = original->priority};
    std::int64_t work_id = insert_work(db, original->event_id, spec, at,
                                       entry->edited ? std::optional<std::string>(entry->payload) : std::nullopt);
    db.query("UPDATE dead_letter SET status = 'replayed', replayed_as = $1 WHERE id = $2", {work_id, id});
    db.query("UPDATE work SET outcome = 'replayed' WHERE id = $1", {entry->work_id});
    AuditEntry audit = dlq_audit(*entry, "dlq.replay", actor, "as work item " + std::to_string(work_id), at);
    audit.event_id = original->event_id;
    insert_audit(db, audit);
    return work_id;
  });
}

Status PgStore::discard_dead_letter(std::int64_t id, const std::string& reason, const std::string& actor) {
  return write<std::monostate>([&](Conn& db) -> Status {
    if (reason.empty()) {
      return Error{ErrorCode::kInvalidArgument, db.label() + ": discard dead letter " + std::to_string(id) + ": a reason is required"};
    }
    auto entry = open_entry(db, id, "discard");
    if (!entry.ok()) return entry.error();
    db.query("UPDATE dead_letter SET status = 'discarded', resolution = $1 WHERE id = $2", {reason, id});
    db.query("UPDATE work SET outcome = 'discarded' WHERE id = $1", {entry->work_id});
    insert_audit(db, dlq_audit(*entry, "dlq.discard", actor, reason, now()));
    return ok_status();
  });
}

}  // namespace syncloom::store::postgres
