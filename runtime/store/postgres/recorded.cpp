// The recorded inbox on PostgreSQL: events with their work items and documents; pruning (docs/runtime.md, "Retention").
#include "pg_store.hpp"

namespace syncloom::store::postgres {
namespace {

void load_document(Conn& db, RecordedWork& work) {
  Rows r = db.query(
      "SELECT o.document, o.work_id FROM work w JOIN outbox o ON o.work_id = w.id"
      " WHERE w.domain = $1 AND w.key = $2 AND w.id <= $3 AND o.outcome = 'ok' AND o.document IS NOT NULL"
      " ORDER BY w.id DESC, o.id DESC LIMIT 1",
      {work.domain, work.key, work.id});
  if (r.empty()) return;
  work.document = r.text(0, 0);
  work.document_work_id = r.int64(0, 1);
}

std::vector<RecordedWork> load_recorded_work(Conn& db, std::int64_t event_id) {
  Rows r = db.query(
      "SELECT w.id, w.domain, w.key, w.state, COALESCE(w.outcome, ''), COALESCE(w.last_error, ''),"
      " COALESCE(d.reason, '') FROM work w LEFT JOIN dead_letter d ON d.work_id = w.id"
      " WHERE w.event_id = $1 ORDER BY w.id",
      {event_id});
  std::vector<RecordedWork> items;
  for (int i = 0; i < r.size(); ++i) {
    items.push_back({.id = r.int64(i, 0), .domain = r.text(i, 1), .key = r.text(i, 2),
                     .state = parse_work_state(r.text(i, 3)), .outcome = r.text(i, 4), .last_error = r.text(i, 5),
                     .dead_reason = r.text(i, 6)});
  }
  for (RecordedWork& item : items) load_document(db, item);
  return items;
}

}  // namespace

Result<std::vector<RecordedEvent>> PgStore::recorded_events(const RecordedFilter& filter) {
  return read<std::vector<RecordedEvent>>([&](Conn& db) -> Result<std::vector<RecordedEvent>> {
    if (filter.limit <= 0) return Error{ErrorCode::kInvalidArgument, db.label() + ": recorded events: the limit must be positive"};
    Rows r = db.query(
        "SELECT id, system, topic, record, source_id, dedupe_scope, dedupe_key, payload, correlation_id, received_at"
        " FROM inbox WHERE id > $1 AND ($2::bigint IS NULL OR received_at >= $2)"
        " AND ($3::text IS NULL OR dedupe_scope = $3 OR dedupe_scope = $3 || '/filtered') ORDER BY id LIMIT $4",
        {filter.after_id, filter.since, filter.domain, filter.limit});
    std::vector<RecordedEvent> events;
    for (int i = 0; i < r.size(); ++i) {
      events.push_back({.id = r.int64(i, 0), .system = r.text(i, 1), .topic = r.text(i, 2), .record = r.text(i, 3),
                        .source_id = r.text(i, 4), .dedupe_scope = r.text(i, 5), .dedupe_key = r.text(i, 6),
                        .payload = r.text(i, 7), .correlation_id = r.text(i, 8), .received_at = r.int64(i, 9)});
    }
    for (RecordedEvent& event : events) event.work = load_recorded_work(db, event.id);
    return events;
  });
}

Result<Pruned> PgStore::prune_events(TimeMs before, int limit, std::int64_t after_id) {
  return write<Pruned>([&](Conn& db) -> Result<Pruned> {
    if (limit <= 0) return Error{ErrorCode::kInvalidArgument, db.label() + ": prune events: the limit must be positive"};
    Rows due = db.query(
        "SELECT i.id FROM inbox i WHERE i.id > $3 AND i.received_at < $1 AND i.dedupe_scope NOT LIKE 'workflow/%'"
        " AND NOT EXISTS (SELECT 1 FROM work w WHERE w.event_id = i.id AND ("
        "   w.state IN ('pending', 'running', 'waiting')"
        "   OR EXISTS (SELECT 1 FROM dead_letter d WHERE d.work_id = w.id)"
        "   OR EXISTS (SELECT 1 FROM dead_letter d WHERE d.replayed_as = w.id)"
        "   OR EXISTS (SELECT 1 FROM xref x WHERE x.work_id = w.id)"
        "   OR (EXISTS (SELECT 1 FROM outbox o WHERE o.work_id = w.id AND o.outcome = 'ok' AND o.document IS NOT NULL)"
        "       AND NOT EXISTS (SELECT 1 FROM work l JOIN outbox lo ON lo.work_id = l.id WHERE l.domain = w.domain"
        "         AND l.key = w.key AND l.id > w.id AND lo.outcome = 'ok' AND lo.document IS NOT NULL))))"
        " ORDER BY i.id LIMIT $2",
        {before, limit, after_id});
    Pruned pruned;
    std::int64_t last = 0;
    for (int i = 0; i < due.size(); ++i) {
      std::int64_t id = due.int64(i, 0);
      pruned.attempts += db.query("DELETE FROM outbox WHERE work_id IN (SELECT id FROM work WHERE event_id = $1)", {id}).affected();
      pruned.work_items += db.query("DELETE FROM work WHERE event_id = $1", {id}).affected();
      pruned.events += db.query("DELETE FROM inbox WHERE id = $1", {id}).affected();
      last = id;
    }
    pruned.more = due.size() == limit;
    pruned.last_id = last;
    return pruned;
  });
}

Result<RetainedStatus> PgStore::retained_status() {
  return read<RetainedStatus>([&](Conn& db) -> Result<RetainedStatus> {
    Rows r = db.query("SELECT COUNT(*), MIN(received_at) FROM inbox");
    RetainedStatus status{.events = r.int64(0, 0)};
    if (!r.null(0, 1)) status.oldest = r.int64(0, 1);
    return status;
  });
}

}  // namespace syncloom::store::postgres
