// Row loading and the inserts several operations share (pg_store.hpp, bottom).
#include "pg_store.hpp"

namespace syncloom::store::postgres {

WorkState parse_work_state(const std::string& text) {
  if (text == "running") return WorkState::kRunning;
  if (text == "waiting") return WorkState::kWaiting;
  if (text == "done") return WorkState::kDone;
  if (text == "dead") return WorkState::kDead;
  return WorkState::kPending;
}

std::optional<WorkItem> load_work_item(Conn& db, std::int64_t work_id, bool lock) {
  static constexpr const char* kSelect =
      "SELECT w.id, w.event_id, w.domain, w.key, w.state, w.attempt, w.generation, COALESCE(w.owner, ''),"
      " COALESCE(w.lease_until, 0), COALESCE(w.not_before, 0), w.full_state, w.priority,"
      " COALESCE(w.payload, i.payload), i.correlation_id, i.system, i.topic, COALESCE(w.last_error, ''),"
      " COALESCE(w.outcome, ''), w.created_at, COALESCE(w.ref_wait_since, 0)"
      " FROM work w JOIN inbox i ON i.id = w.event_id WHERE w.id = $1";
  static constexpr const char* kLocked =
      "SELECT w.id, w.event_id, w.domain, w.key, w.state, w.attempt, w.generation, COALESCE(w.owner, ''),"
      " COALESCE(w.lease_until, 0), COALESCE(w.not_before, 0), w.full_state, w.priority,"
      " COALESCE(w.payload, i.payload), i.correlation_id, i.system, i.topic, COALESCE(w.last_error, ''),"
      " COALESCE(w.outcome, ''), w.created_at, COALESCE(w.ref_wait_since, 0)"
      " FROM work w JOIN inbox i ON i.id = w.event_id WHERE w.id = $1 FOR UPDATE OF w";
  Rows r = db.query(lock ? kLocked : kSelect, {work_id});
  if (r.empty()) return std::nullopt;
  WorkItem item;
  item.id = r.int64(0, 0);
  item.event_id = r.int64(0, 1);
  item.domain = r.text(0, 2);
  item.key = r.text(0, 3);
  item.state = parse_work_state(r.text(0, 4));
  item.attempt = static_cast<int>(r.int64(0, 5));
  item.generation = r.int64(0, 6);
  item.owner = r.text(0, 7);
  item.lease_until = r.int64(0, 8);
  item.not_before = r.int64(0, 9);
  item.full_state = r.int64(0, 10) != 0;
  item.priority = static_cast<int>(r.int64(0, 11));
  item.payload = r.text(0, 12);
  item.correlation_id = r.text(0, 13);
  item.system = r.text(0, 14);
  item.topic = r.text(0, 15);
  item.last_error = r.text(0, 16);
  item.outcome = r.text(0, 17);
  item.created_at = r.int64(0, 18);
  item.ref_wait_since = r.int64(0, 19);
  return item;
}

std::vector<OutboxAttempt> load_attempts(Conn& db, std::int64_t work_id) {
  Rows r = db.query("SELECT system, outcome, message, target_id, at, document FROM outbox WHERE work_id = $1 ORDER BY id",
                    {work_id});
  std::vector<OutboxAttempt> attempts;
  for (int i = 0; i < r.size(); ++i) {
    attempts.push_back({r.text(i, 0), r.text(i, 1), r.text(i, 2), r.text(i, 3), r.int64(i, 4),
                        r.null(i, 5) ? std::nullopt : std::optional<std::string>(r.text(i, 5))});
  }
  return attempts;
}

std::optional<DeadLetter> load_dead_letter(Conn& db, std::int64_t id, bool lock) {
  Rows r = db.query(lock ? "SELECT id, work_id, domain, key, payload, edited, error, reason, correlation_id, died_at, status,"
                           " COALESCE(resolution, ''), COALESCE(replayed_as, 0) FROM dead_letter WHERE id = $1 FOR UPDATE"
                         : "SELECT id, work_id, domain, key, payload, edited, error, reason, correlation_id, died_at, status,"
                           " COALESCE(resolution, ''), COALESCE(replayed_as, 0) FROM dead_letter WHERE id = $1",
                    {id});
  if (r.empty()) return std::nullopt;
  DeadLetter entry;
  entry.id = r.int64(0, 0);
  entry.work_id = r.int64(0, 1);
  entry.domain = r.text(0, 2);
  entry.key = r.text(0, 3);
  entry.payload = r.text(0, 4);
  entry.edited = r.int64(0, 5) != 0;
  entry.error = r.text(0, 6);
  entry.reason = r.text(0, 7);
  entry.correlation_id = r.text(0, 8);
  entry.died_at = r.int64(0, 9);
  std::string status = r.text(0, 10);
  entry.status = status == "replayed" ? DeadLetterStatus::kReplayed
                 : status == "discarded" ? DeadLetterStatus::kDiscarded : DeadLetterStatus::kOpen;
  entry.resolution = r.text(0, 11);
  entry.replayed_as = r.int64(0, 12);
  return entry;
}

void insert_audit(Conn& db, const AuditEntry& e) {
  auto optional_id = [](std::int64_t id) { return id != 0 ? std::optional<std::int64_t>(id) : std::nullopt; };
  db.query("INSERT INTO audit (at, action, work_id, event_id, domain, key, mapping, mapping_version, correlation_id,"
           " target_id, actor, detail) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)",
           {e.at, e.action, optional_id(e.work_id), optional_id(e.event_id), e.domain, e.key, e.mapping,
            e.mapping_version, e.correlation_id, e.target_id, e.actor, e.detail});
}

void insert_attempts(Conn& db, std::int64_t work_id, int attempt, const std::vector<OutboxAttempt>& attempts, TimeMs now) {
  for (const OutboxAttempt& row : attempts) {
    db.query("INSERT INTO outbox (work_id, attempt, system, at, outcome, message, target_id, document)"
             " VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
             {work_id, attempt, row.system, row.at != 0 ? row.at : now, row.outcome, row.message, row.target_id,
              row.document});
  }
}

void lock_key(Conn& db, const std::string& domain, const std::string& key) {
  db.query("SELECT pg_advisory_xact_lock(hashtextextended($1 || chr(31) || $2, 0))", {domain, key});
}

std::int64_t insert_work(Conn& db, std::int64_t event_id, const WorkSpec& spec, TimeMs now,
                         const std::optional<std::string>& payload) {
  // Under the key's lock: another process inserting for this key waits, then sees our item (READ COMMITTED
  // reads what committed before each statement), so exactly one unfinished item of a key is its head.
  lock_key(db, spec.domain, spec.key);
  Rows queued = db.query(
      "SELECT 1 FROM work WHERE domain = $1 AND key = $2 AND state IN ('pending', 'running', 'waiting') LIMIT 1",
      {spec.domain, spec.key});
  bool head = queued.empty();
  Rows id = db.query(
      "INSERT INTO work (event_id, domain, key, priority, full_state, state, created_at, payload, is_head)"
      " VALUES ($1, $2, $3, $4, $5, 'pending', $6, $7, $8) RETURNING id",
      {event_id, spec.domain, spec.key, spec.priority, spec.full_state, now, payload, head});
  return id.int64(0, 0);
}

void advance_head(Conn& db, const std::string& domain, const std::string& key) {
  lock_key(db, domain, key);
  db.query("UPDATE work SET is_head = 1 WHERE id = (SELECT MIN(id) FROM work WHERE domain = $1 AND key = $2"
           " AND state IN ('pending', 'running', 'waiting'))",
           {domain, key});
}

}  // namespace syncloom::store::postgres
