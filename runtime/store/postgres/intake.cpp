// Intake on PostgreSQL: events into the inbox (deduplicated) with their work items; extra work; coalescing.
#include <memory>

#include "pg_store.hpp"

namespace syncloom::store::postgres {
namespace {

std::optional<Error> check_event(const Conn& db, const Event& event) {
  auto invalid = [&](const std::string& what) {
    return Error{ErrorCode::kInvalidArgument, db.label() + ": event from " + event.system + " (" + event.topic + ", " +
                                                  event.record + " " + event.source_id + "): " + what};
  };
  if (event.dedupe_scope.empty()) return invalid("the dedupe scope is empty (the domain or the system)");
  if (event.dedupe_key.empty()) return invalid("the dedupe key is empty (the domain's idempotency key or a body hash)");
  for (const WorkSpec& work : event.work) {
    if (work.domain.empty() || work.key.empty()) return invalid("a work item has an empty domain or key");
  }
  return std::nullopt;
}

Result<Accepted> accept_one(Conn& db, const Event& event, TimeMs now) {
  if (auto invalid = check_event(db, event)) return *invalid;
  TimeMs received_at = event.received_at != 0 ? event.received_at : now;
  // One statement both ways; a concurrent insert of the same key by another process waits on the unique
  // index and then takes the update branch.
  Rows r = db.query(
      "INSERT INTO inbox (dedupe_scope, dedupe_key, system, topic, record, source_id, payload, correlation_id,"
      " received_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)"
      " ON CONFLICT (dedupe_scope, dedupe_key) DO UPDATE SET duplicates = inbox.duplicates + 1,"
      " last_duplicate_at = excluded.received_at RETURNING id, duplicates",
      {event.dedupe_scope, event.dedupe_key, event.system, event.topic, event.record, event.source_id, event.payload,
       event.correlation_id, received_at});
  Accepted accepted;
  accepted.event_id = r.int64(0, 0);
  accepted.duplicate = r.int64(0, 1) != 0;
  if (accepted.duplicate) return accepted;
  for (const WorkSpec& work : event.work) accepted.work_ids.push_back(insert_work(db, accepted.event_id, work, now));
  return accepted;
}

}  // namespace

Result<Accepted> PgStore::accept(const Event& event) {
  return write<Accepted>([&](Conn& db) { return accept_one(db, event, now()); });
}

void PgStore::accept_async(Event event, std::function<void(Result<Accepted>)> done) {
  if (read_only_) {
    done(Error{ErrorCode::kConflict, writer_->label() + ": the store is open read-only"});
    return;
  }
  auto accepted = std::make_shared<std::optional<Accepted>>();
  queue_->submit_async(
      [this, event = std::move(event), accepted](Conn& db) -> std::optional<Error> {
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

std::vector<Result<Accepted>> PgStore::accept_batch(const std::vector<Event>& events) {
  std::vector<Result<Accepted>> answers;
  if (read_only_) {
    answers.assign(events.size(), Error{ErrorCode::kConflict, writer_->label() + ": the store is open read-only"});
    return answers;
  }
  auto error = queue_->submit([&](Conn& db) -> std::optional<Error> {
    answers.clear();
    TimeMs at = now();
    for (const Event& event : events) {
      db.exec("SAVEPOINT event");
      Result<Accepted> answer = Error{ErrorCode::kIo, db.label() + ": not run"};
      try {
        answer = accept_one(db, event, at);
      } catch (const PgError& failure) {
        answer = Error{ErrorCode::kIo, failure.what()};
      }
      if (!answer.ok()) db.exec("ROLLBACK TO SAVEPOINT event");
      db.exec("RELEASE SAVEPOINT event");
      answers.push_back(std::move(answer));
    }
    return std::nullopt;
  });
  if (error) answers.assign(events.size(), *error);
  return answers;
}

Result<std::int64_t> PgStore::enqueue(std::int64_t event_id, const WorkSpec& work) {
  return write<std::int64_t>([&](Conn& db) -> Result<std::int64_t> {
    if (db.query("SELECT 1 FROM inbox WHERE id = $1", {event_id}).empty()) {
      return Error{ErrorCode::kNotFound, db.label() + ": enqueue for event " + std::to_string(event_id) + ": no such event"};
    }
    if (work.domain.empty() || work.key.empty()) {
      return Error{ErrorCode::kInvalidArgument, db.label() + ": enqueue for event " + std::to_string(event_id) +
                                                    ": the domain or the key is empty"};
    }
    return insert_work(db, event_id, work, now());
  });
}

Result<int> PgStore::coalesce(const std::string& domain, const std::string& key) {
  return write<int>([&](Conn& db) -> Result<int> {
    lock_key(db, domain, key);
    struct Row {
      std::int64_t id;
      std::int64_t event_id;
      bool candidate;
    };
    std::vector<Row> rows;
    // FOR UPDATE: another process's claim of one of these waits (or we wait for it and see it running).
    Rows r = db.query(
        "SELECT id, event_id, full_state, state FROM work WHERE domain = $1 AND key = $2"
        " AND state IN ('pending', 'running', 'waiting') ORDER BY id FOR UPDATE",
        {domain, key});
    for (int i = 0; i < r.size(); ++i) rows.push_back({r.int64(i, 0), r.int64(i, 1), r.int64(i, 2) != 0 && r.text(i, 3) != "running"});
    TimeMs at = now();
    int coalesced = 0;
    for (std::size_t i = 0; i < rows.size(); ++i) {
      if (!rows[i].candidate || i + 1 >= rows.size() || !rows[i + 1].candidate) continue;
      std::size_t newest = i + 1;
      while (newest + 1 < rows.size() && rows[newest + 1].candidate) ++newest;
      db.query("UPDATE work SET state = 'done', outcome = 'coalesced', finished_at = $1, not_before = NULL, is_head = 0"
               " WHERE id = $2",
               {at, rows[i].id});
      insert_audit(db, {.at = at, .action = "coalesce", .work_id = rows[i].id, .event_id = rows[i].event_id,
                        .domain = domain, .key = key, .detail = "into work item " + std::to_string(rows[newest].id)});
      ++coalesced;
    }
    if (coalesced > 0) advance_head(db, domain, key);
    return coalesced;
  });
}

Result<int> PgStore::expedite(const std::string& domain, const std::string& key, int priority) {
  return write<int>([&](Conn& db) -> Result<int> {
    db.query("UPDATE work SET priority = $3 WHERE domain = $1 AND key = $2 AND priority > $3"
             " AND state IN ('pending', 'running', 'waiting')",
             {domain, key, priority});
    Rows count = db.query("SELECT count(*) FROM work WHERE domain = $1 AND key = $2 AND state IN ('pending', 'running', 'waiting')",
                          {domain, key});
    return static_cast<int>(count.int64(0, 0));
  });
}

}  // namespace syncloom::store::postgres
