// Row loading and the inserts several operations share (rows.hpp).
#include "rows.hpp"

namespace syncloom::store::sqlite {
namespace {

DeadLetterStatus parse_dead_letter_status(const std::string& text) {
  if (text == "replayed") return DeadLetterStatus::kReplayed;
  if (text == "discarded") return DeadLetterStatus::kDiscarded;
  return DeadLetterStatus::kOpen;
}

}  // namespace

WorkState parse_work_state(const std::string& text) {
  if (text == "running") return WorkState::kRunning;
  if (text == "waiting") return WorkState::kWaiting;
  if (text == "done") return WorkState::kDone;
  if (text == "dead") return WorkState::kDead;
  return WorkState::kPending;
}

const char* work_state_sql(WorkState state) { return work_state_name(state); }

std::optional<WorkItem> load_work_item(Db& db, std::int64_t work_id) {
  auto stmt = db.prepare(
      "SELECT w.id, w.event_id, w.domain, w.key, w.state, w.attempt, w.generation, COALESCE(w.owner, ''),"
      " COALESCE(w.lease_until, 0), COALESCE(w.not_before, 0), w.full_state, w.priority,"
      " COALESCE(w.payload, i.payload), i.correlation_id, i.system, i.topic, COALESCE(w.last_error, ''),"
      " COALESCE(w.outcome, ''), w.created_at, COALESCE(w.ref_wait_since, 0)"
      " FROM work w JOIN inbox i ON i.id = w.event_id WHERE w.id = ?");
  stmt.bind(1, work_id);
  if (!stmt.step()) return std::nullopt;
  WorkItem item;
  item.id = stmt.int_at(0);
  item.event_id = stmt.int_at(1);
  item.domain = stmt.text_at(2);
  item.key = stmt.text_at(3);
  item.state = parse_work_state(stmt.text_at(4));
  item.attempt = static_cast<int>(stmt.int_at(5));
  item.generation = stmt.int_at(6);
  item.owner = stmt.text_at(7);
  item.lease_until = stmt.int_at(8);
  item.not_before = stmt.int_at(9);
  item.full_state = stmt.int_at(10) != 0;
  item.priority = static_cast<int>(stmt.int_at(11));
  item.payload = stmt.text_at(12);
  item.correlation_id = stmt.text_at(13);
  item.system = stmt.text_at(14);
  item.topic = stmt.text_at(15);
  item.last_error = stmt.text_at(16);
  item.outcome = stmt.text_at(17);
  item.created_at = stmt.int_at(18);
  item.ref_wait_since = stmt.int_at(19);
  return item;
}

std::vector<OutboxAttempt> load_attempts(Db& db, std::int64_t work_id) {
  auto stmt = db.prepare("SELECT system, outcome, message, target_id, at, document FROM outbox WHERE work_id = ? ORDER BY id");
  stmt.bind(1, work_id);
  std::vector<OutboxAttempt> attempts;
  while (stmt.step()) {
    attempts.push_back({stmt.text_at(0), stmt.text_at(1), stmt.text_at(2), stmt.text_at(3), stmt.int_at(4),
                        stmt.null_at(5) ? std::nullopt : std::optional<std::string>(stmt.text_at(5))});
  }
  return attempts;
}

std::optional<DeadLetter> load_dead_letter(Db& db, std::int64_t id) {
  auto stmt = db.prepare(
      "SELECT id, work_id, domain, key, payload, edited, error, reason, correlation_id, died_at, status,"
      " COALESCE(resolution, ''), COALESCE(replayed_as, 0) FROM dead_letter WHERE id = ?");
  stmt.bind(1, id);
  if (!stmt.step()) return std::nullopt;
  DeadLetter entry;
  entry.id = stmt.int_at(0);
  entry.work_id = stmt.int_at(1);
  entry.domain = stmt.text_at(2);
  entry.key = stmt.text_at(3);
  entry.payload = stmt.text_at(4);
  entry.edited = stmt.int_at(5) != 0;
  entry.error = stmt.text_at(6);
  entry.reason = stmt.text_at(7);
  entry.correlation_id = stmt.text_at(8);
  entry.died_at = stmt.int_at(9);
  entry.status = parse_dead_letter_status(stmt.text_at(10));
  entry.resolution = stmt.text_at(11);
  entry.replayed_as = stmt.int_at(12);
  return entry;
}

void insert_audit(Db& db, const AuditEntry& entry) {
  auto optional_id = [](std::int64_t id) { return id != 0 ? std::optional<std::int64_t>(id) : std::nullopt; };
  db.prepare(
        "INSERT INTO audit (at, action, work_id, event_id, domain, key, mapping, mapping_version, correlation_id,"
        " target_id, actor, detail) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
      .bind(1, entry.at)
      .bind(2, std::string_view(entry.action))
      .bind(3, optional_id(entry.work_id))
      .bind(4, optional_id(entry.event_id))
      .bind(5, std::string_view(entry.domain))
      .bind(6, std::string_view(entry.key))
      .bind(7, std::string_view(entry.mapping))
      .bind(8, std::string_view(entry.mapping_version))
      .bind(9, std::string_view(entry.correlation_id))
      .bind(10, std::string_view(entry.target_id))
      .bind(11, std::string_view(entry.actor))
      .bind(12, std::string_view(entry.detail))
      .run();
}

void insert_attempts(Db& db, std::int64_t work_id, int attempt, const std::vector<OutboxAttempt>& attempts, TimeMs now) {
  for (const OutboxAttempt& row : attempts) {
    db.prepare(
          "INSERT INTO outbox (work_id, attempt, system, at, outcome, message, target_id, document)"
          " VALUES (?, ?, ?, ?, ?, ?, ?, ?)")
        .bind(1, work_id)
        .bind(2, static_cast<std::int64_t>(attempt))
        .bind(3, std::string_view(row.system))
        .bind(4, row.at != 0 ? row.at : now)
        .bind(5, std::string_view(row.outcome))
        .bind(6, std::string_view(row.message))
        .bind(7, std::string_view(row.target_id))
        .bind(8, row.document)
        .run();
  }
}

std::int64_t insert_work(Db& db, std::int64_t event_id, const WorkSpec& spec, TimeMs now,
                         const std::optional<std::string>& payload) {
  // The new item heads its key when the key has nothing unfinished; else it queues behind.
  auto queued = db.prepare(
      "SELECT 1 FROM work WHERE domain = ? AND key = ? AND state IN ('pending', 'running', 'waiting') LIMIT 1");
  queued.bind(1, std::string_view(spec.domain)).bind(2, std::string_view(spec.key));
  bool head = !queued.step();
  db.prepare(
        "INSERT INTO work (event_id, domain, key, priority, full_state, state, created_at, payload, is_head)"
        " VALUES (?, ?, ?, ?, ?, 'pending', ?, ?, ?)")
      .bind(1, event_id)
      .bind(2, std::string_view(spec.domain))
      .bind(3, std::string_view(spec.key))
      .bind(4, static_cast<std::int64_t>(spec.priority))
      .bind(5, static_cast<std::int64_t>(spec.full_state ? 1 : 0))
      .bind(6, now)
      .bind(7, payload)
      .bind(8, static_cast<std::int64_t>(head ? 1 : 0))
      .run();
  return db.last_insert_id();
}

void advance_head(Db& db, const std::string& domain, const std::string& key) {
  db.prepare(
        "UPDATE work SET is_head = 1 WHERE id = (SELECT MIN(id) FROM work WHERE domain = ?1 AND key = ?2"
        " AND state IN ('pending', 'running', 'waiting'))")
      .bind(1, std::string_view(domain))
      .bind(2, std::string_view(key))
      .run();
}

}  // namespace syncloom::store::sqlite
