// Intake: events into the inbox (deduplicated) with their work items; extra work; coalescing full-state items.
#include <memory>

#include "sqlite_store.hpp"

namespace syncloom::store::sqlite {
namespace {

std::optional<Error> check_event(const Db& db, const Event& event) {
  auto invalid = [&](const std::string& what) {
    return Error{ErrorCode::kInvalidArgument, db.path() + ": event from " + event.system + " (" + event.topic + ", " +
                                                  event.record + " " + event.source_id + "): " + what};
  };
  if (event.dedupe_scope.empty()) return invalid("the dedupe scope is empty (the domain or the system)");
  if (event.dedupe_key.empty()) return invalid("the dedupe key is empty (the domain's idempotency key or a body hash)");
  for (const WorkSpec& work : event.work) {
    if (work.domain.empty() || work.key.empty()) return invalid("a work item has an empty domain or key");
  }
  return std::nullopt;
}

Result<Accepted> accept_one(Db& db, const Event& event, TimeMs now) {
  if (auto invalid = check_event(db, event)) return *invalid;
  TimeMs received_at = event.received_at != 0 ? event.received_at : now;
  // One statement both ways: a new row (duplicates 0), or the first copy with its duplicate count raised.
  auto stmt = db.prepare(
      "INSERT INTO inbox (dedupe_scope, dedupe_key, system, topic, record, source_id, payload, correlation_id,"
      " received_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
      " ON CONFLICT (dedupe_scope, dedupe_key) DO UPDATE SET duplicates = duplicates + 1,"
      " last_duplicate_at = excluded.received_at RETURNING id, duplicates");
  stmt.bind(1, std::string_view(event.dedupe_scope))
      .bind(2, std::string_view(event.dedupe_key))
      .bind(3, std::string_view(event.system))
      .bind(4, std::string_view(event.topic))
      .bind(5, std::string_view(event.record))
      .bind(6, std::string_view(event.source_id))
      .bind(7, std::string_view(event.payload))
      .bind(8, std::string_view(event.correlation_id))
      .bind(9, received_at);
  stmt.step();
  Accepted accepted;
  accepted.event_id = stmt.int_at(0);
  accepted.duplicate = stmt.int_at(1) != 0;
  stmt.run();  // finish the statement before the next one
  if (accepted.duplicate) return accepted;
  for (const WorkSpec& work : event.work) accepted.work_ids.push_back(insert_work(db, accepted.event_id, work, now));
  return accepted;
}

}  // namespace

Result<Accepted> SqliteStore::accept(const Event& event) {
  return write<Accepted>([&](Db& db) { return accept_one(db, event, now()); });
}

void SqliteStore::accept_async(Event event, std::function<void(Result<Accepted>)> done) {
  // The event and the answer live in the closures until the writer thread has committed the batch.
  auto accepted = std::make_shared<std::optional<Accepted>>();
  queue_->submit_async(
      [this, event = std::move(event), accepted](Db& db) -> std::optional<Error> {
        Result<Accepted> result = accept_one(db, event, now());
        if (!result.ok()) return result.error();
        *accepted = std::move(result).value();
        return std::nullopt;
      },
      [accepted, done = std::move(done)](std::optional<Error> error) {
        if (error) done(std::move(*error));
        else done(std::move(**accepted));
      });
}

std::vector<Result<Accepted>> SqliteStore::accept_batch(const std::vector<Event>& events) {
  std::vector<Result<Accepted>> answers;
  auto error = queue_->submit([&](Db& db) -> std::optional<Error> {
    answers.clear();
    TimeMs at = now();
    for (const Event& event : events) {
      db.prepare("SAVEPOINT event").run();
      Result<Accepted> answer = Error{ErrorCode::kIo, db.path() + ": not run"};
      try {
        answer = accept_one(db, event, at);
      } catch (const DbError& failure) {
        answer = Error{ErrorCode::kIo, failure.what()};
      }
      if (!answer.ok()) db.prepare("ROLLBACK TO event").run();
      db.prepare("RELEASE event").run();
      answers.push_back(std::move(answer));
    }
    return std::nullopt;
  });
  if (error) answers.assign(events.size(), *error);  // the commit failed: nothing of the batch holds
  return answers;
}

Result<std::int64_t> SqliteStore::enqueue(std::int64_t event_id, const WorkSpec& work) {
  return write<std::int64_t>([&](Db& db) -> Result<std::int64_t> {
    auto exists = db.prepare("SELECT 1 FROM inbox WHERE id = ?");
    exists.bind(1, event_id);
    if (!exists.step()) {
      return Error{ErrorCode::kNotFound, db.path() + ": enqueue for event " + std::to_string(event_id) + ": no such event"};
    }
    if (work.domain.empty() || work.key.empty()) {
      return Error{ErrorCode::kInvalidArgument, db.path() + ": enqueue for event " + std::to_string(event_id) +
                                                    ": the domain or the key is empty"};
    }
    return insert_work(db, event_id, work, now());
  });
}

Result<int> SqliteStore::coalesce(const std::string& domain, const std::string& key) {
  return write<int>([&](Db& db) -> Result<int> {
    struct Row {
      std::int64_t id;
      std::int64_t event_id;
      bool candidate;  // full-state and not running
    };
    std::vector<Row> rows;
    auto stmt = db.prepare(
        "SELECT id, event_id, full_state, state FROM work WHERE domain = ? AND key = ?"
        " AND state IN ('pending', 'running', 'waiting') ORDER BY id");
    stmt.bind(1, std::string_view(domain)).bind(2, std::string_view(key));
    while (stmt.step()) rows.push_back({stmt.int_at(0), stmt.int_at(1), stmt.int_at(2) != 0 && stmt.text_at(3) != "running"});
    TimeMs at = now();
    int coalesced = 0;
    // Each run of consecutive candidates collapses into its last (newest) item; a running item or a
    // partial (not full-state) event between them keeps the order they imply.
    for (std::size_t i = 0; i < rows.size(); ++i) {
      if (!rows[i].candidate || i + 1 >= rows.size() || !rows[i + 1].candidate) continue;
      std::size_t newest = i + 1;
      while (newest + 1 < rows.size() && rows[newest + 1].candidate) ++newest;
      db.prepare(
            "UPDATE work SET state = 'done', outcome = 'coalesced', finished_at = ?, not_before = NULL, is_head = 0"
            " WHERE id = ?")
          .bind(1, at)
          .bind(2, rows[i].id)
          .run();
      AuditEntry entry{.at = at, .action = "coalesce", .work_id = rows[i].id, .event_id = rows[i].event_id,
                       .domain = domain, .key = key, .detail = "into work item " + std::to_string(rows[newest].id)};
      insert_audit(db, entry);
      ++coalesced;
    }
    if (coalesced > 0) advance_head(db, domain, key);  // the head itself may have been coalesced
    return coalesced;
  });
}

Result<int> SqliteStore::expedite(const std::string& domain, const std::string& key, int priority) {
  return write<int>([&](Db& db) -> Result<int> {
    auto stmt = db.prepare(
        "UPDATE work SET priority = ?3 WHERE domain = ?1 AND key = ?2 AND priority > ?3"
        " AND state IN ('pending', 'running', 'waiting')");
    stmt.bind(1, std::string_view(domain)).bind(2, std::string_view(key)).bind(3, static_cast<std::int64_t>(priority));
    stmt.run();
    auto count = db.prepare(
        "SELECT count(*) FROM work WHERE domain = ?1 AND key = ?2 AND state IN ('pending', 'running', 'waiting')");
    count.bind(1, std::string_view(domain)).bind(2, std::string_view(key));
    count.step();
    return static_cast<int>(count.int_at(0));
  });
}

}  // namespace syncloom::store::sqlite
