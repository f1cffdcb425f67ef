// The recorded inbox: events with their work items and the documents written (shadow replay), and pruning
// the events that are past the retention and no longer needed (docs/runtime.md, "Retention").
#include "sqlite_store.hpp"

namespace syncloom::store::sqlite {
namespace {

// The document last written for the item's key as of the item: its own write, or the one an "unchanged"
// item found the target already holding. Per-key FIFO makes "as of" the same as "at or below its id".
void load_document(Db& db, RecordedWork& work) {
  auto stmt = db.prepare(
      "SELECT o.document, o.work_id FROM work w JOIN outbox o ON o.work_id = w.id"
      " WHERE w.domain = ?1 AND w.key = ?2 AND w.id <= ?3 AND o.outcome = 'ok' AND o.document IS NOT NULL"
      " ORDER BY w.id DESC, o.id DESC LIMIT 1");
  stmt.bind(1, std::string_view(work.domain)).bind(2, std::string_view(work.key)).bind(3, work.id);
  if (!stmt.step()) return;
  work.document = stmt.text_at(0);
  work.document_work_id = stmt.int_at(1);
}

std::vector<RecordedWork> load_recorded_work(Db& db, std::int64_t event_id) {
  auto stmt = db.prepare(
      "SELECT w.id, w.domain, w.key, w.state, COALESCE(w.outcome, ''), COALESCE(w.last_error, ''),"
      " COALESCE(d.reason, '') FROM work w LEFT JOIN dead_letter d ON d.work_id = w.id"
      " WHERE w.event_id = ? ORDER BY w.id");
  stmt.bind(1, event_id);
  std::vector<RecordedWork> items;
  while (stmt.step()) {
    items.push_back({.id = stmt.int_at(0), .domain = stmt.text_at(1), .key = stmt.text_at(2),
                     .state = parse_work_state(stmt.text_at(3)), .outcome = stmt.text_at(4),
                     .last_error = stmt.text_at(5), .dead_reason = stmt.text_at(6)});
  }
  for (RecordedWork& item : items) load_document(db, item);
  return items;
}

}  // namespace

Result<std::vector<RecordedEvent>> SqliteStore::recorded_events(const RecordedFilter& filter) {
  return read<std::vector<RecordedEvent>>([&](Db& db) -> Result<std::vector<RecordedEvent>> {
    if (filter.limit <= 0) return Error{ErrorCode::kInvalidArgument, db.path() + ": recorded events: the limit must be positive"};
    auto stmt = db.prepare(
        "SELECT id, system, topic, record, source_id, dedupe_scope, dedupe_key, payload, correlation_id, received_at"
        " FROM inbox WHERE id > ?1 AND (?2 IS NULL OR received_at >= ?2)"
        " AND (?3 IS NULL OR dedupe_scope = ?3 OR dedupe_scope = ?3 || '/filtered') ORDER BY id LIMIT ?4");
    stmt.bind(1, filter.after_id).bind(2, filter.since).bind(3, filter.domain).bind(4, static_cast<std::int64_t>(filter.limit));
    std::vector<RecordedEvent> events;
    while (stmt.step()) {
      events.push_back({.id = stmt.int_at(0), .system = stmt.text_at(1), .topic = stmt.text_at(2),
                        .record = stmt.text_at(3), .source_id = stmt.text_at(4), .dedupe_scope = stmt.text_at(5),
                        .dedupe_key = stmt.text_at(6), .payload = stmt.text_at(7), .correlation_id = stmt.text_at(8),
                        .received_at = stmt.int_at(9)});
    }
    for (RecordedEvent& event : events) event.work = load_recorded_work(db, event.id);
    return events;
  });
}

Result<Pruned> SqliteStore::prune_events(TimeMs before, int limit, std::int64_t after_id) {
  return write<Pruned>([&](Db& db) -> Result<Pruned> {
    if (limit <= 0) return Error{ErrorCode::kInvalidArgument, db.path() + ": prune events: the limit must be positive"};
    // An event is kept while any of its items is unfinished, has a dead letter (or is a dead letter's
    // replay), is a cross-reference's item, or wrote the last document recorded for its key.
    auto due = db.prepare(
        "SELECT i.id FROM inbox i WHERE i.id > ?3 AND i.received_at < ?1 AND i.dedupe_scope NOT LIKE 'workflow/%'"
        " AND NOT EXISTS (SELECT 1 FROM work w WHERE w.event_id = i.id AND ("
        "   w.state IN ('pending', 'running', 'waiting')"
        "   OR EXISTS (SELECT 1 FROM dead_letter d WHERE d.work_id = w.id)"
        "   OR EXISTS (SELECT 1 FROM dead_letter d WHERE d.replayed_as = w.id)"
        "   OR EXISTS (SELECT 1 FROM xref x WHERE x.work_id = w.id)"
        "   OR (EXISTS (SELECT 1 FROM outbox o WHERE o.work_id = w.id AND o.outcome = 'ok' AND o.document IS NOT NULL)"
        "       AND NOT EXISTS (SELECT 1 FROM work l JOIN outbox lo ON lo.work_id = l.id WHERE l.domain = w.domain"
        "         AND l.key = w.key AND l.id > w.id AND lo.outcome = 'ok' AND lo.document IS NOT NULL))))"
        " ORDER BY i.id LIMIT ?2");
    due.bind(1, before).bind(2, static_cast<std::int64_t>(limit)).bind(3, after_id);
    std::vector<std::int64_t> ids;
    while (due.step()) ids.push_back(due.int_at(0));
    Pruned pruned;
    for (std::int64_t id : ids) {
      auto attempts = db.prepare("DELETE FROM outbox WHERE work_id IN (SELECT id FROM work WHERE event_id = ?)");
      attempts.bind(1, id).run();
      pruned.attempts += db.changes();
      auto work = db.prepare("DELETE FROM work WHERE event_id = ?");
      work.bind(1, id).run();
      pruned.work_items += db.changes();
      db.prepare("DELETE FROM inbox WHERE id = ?").bind(1, id).run();
      pruned.events += db.changes();
    }
    pruned.more = static_cast<int>(ids.size()) == limit;
    pruned.last_id = ids.empty() ? 0 : ids.back();
    return pruned;
  });
}

Result<RetainedStatus> SqliteStore::retained_status() {
  return read<RetainedStatus>([&](Db& db) -> Result<RetainedStatus> {
    auto stmt = db.prepare("SELECT COUNT(*), MIN(received_at) FROM inbox");
    stmt.step();
    RetainedStatus status{.events = stmt.int_at(0)};
    if (!stmt.null_at(1)) status.oldest = stmt.int_at(1);
    return status;
  });
}

}  // namespace syncloom::store::sqlite
