// Work items on PostgreSQL: claims under per-key FIFO with FOR UPDATE SKIP LOCKED, and every transition
// from running, each checked by generation under the item's row lock.
#include "pg_store.hpp"

namespace syncloom::store::postgres {

Result<std::vector<WorkItem>> PgStore::claim(const ClaimRequest& request) {
  return write<std::vector<WorkItem>>([&](Conn& db) -> Result<std::vector<WorkItem>> {
    if (request.owner.empty() || request.lease_ms <= 0 || request.limit <= 0) {
      return Error{ErrorCode::kInvalidArgument, db.label() + ": claim needs an owner, a positive lease and a positive limit"};
    }
    TimeMs at = now();
    // Heads that can run (pending, due retries, expired leases), first ready first within a priority, as
    // on SQLite. SKIP LOCKED: a head another process is claiming or finishing right now is left to it, so
    // two processes never take the same item and neither waits for the other.
    std::string domains = "{";
    for (std::size_t i = 0; i < request.domains.size(); ++i) {
      if (i) domains += ",";
      domains += "\"";
      for (char c : request.domains[i]) {
        if (c == '"' || c == '\\') domains += '\\';
        domains += c;
      }
      domains += "\"";
    }
    domains += "}";
    Rows r = db.query(
        "SELECT id FROM work WHERE is_head = 1 AND (state = 'pending' OR (state = 'waiting' AND not_before <= $1)"
        " OR (state = 'running' AND lease_until <= $1)) AND ($2::boolean OR domain = ANY($3::text[]))"
        " ORDER BY priority, CASE state WHEN 'pending' THEN created_at WHEN 'waiting' THEN not_before"
        " ELSE lease_until END, id LIMIT $4 FOR UPDATE SKIP LOCKED",
        {at, request.domains.empty() ? "true" : "false", domains, request.limit});
    std::vector<WorkItem> items;
    for (int i = 0; i < r.size(); ++i) {
      std::int64_t id = r.int64(i, 0);
      db.query("UPDATE work SET state = 'running', owner = $1, lease_until = $2, not_before = NULL,"
               " generation = generation + 1, attempt = attempt + 1 WHERE id = $3",
               {request.owner, at + request.lease_ms, id});
      items.push_back(*load_work_item(db, id));
    }
    return items;
  });
}

Result<Transition> PgStore::heartbeat(std::int64_t work_id, std::int64_t generation, TimeMs lease_ms) {
  return transition(work_id, generation, "heartbeat", [&](Conn& db, const WorkItem&) {
    db.query("UPDATE work SET lease_until = $1 WHERE id = $2", {now() + lease_ms, work_id});
  });
}

Result<Transition> PgStore::complete(std::int64_t work_id, std::int64_t generation, const Completion& completion) {
  return transition(work_id, generation, "complete", [&](Conn& db, const WorkItem& item) {
    TimeMs at = now();
    db.query("UPDATE work SET state = 'done', outcome = $1, finished_at = $2, owner = NULL, lease_until = NULL,"
             " last_error = NULL, is_head = 0 WHERE id = $3",
             {completion.outcome.empty() ? std::string("synced") : completion.outcome, at, work_id});
    advance_head(db, item.domain, item.key);
    insert_attempts(db, work_id, item.attempt, completion.attempts, at);
    std::string target_id = completion.target_id;
    if (completion.xref) {
      const Xref& xref = *completion.xref;
      db.query("INSERT INTO xref (domain, key, target_system, target_id, work_id, updated_at, last_state)"
               " VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (domain, key) DO UPDATE SET"
               " target_system = excluded.target_system, target_id = excluded.target_id, work_id = excluded.work_id,"
               " updated_at = excluded.updated_at, last_state = COALESCE(excluded.last_state, xref.last_state)",
               {xref.domain.empty() ? item.domain : xref.domain, xref.key.empty() ? item.key : xref.key,
                xref.target_system, xref.target_id, work_id, at, xref.last_state});
      if (target_id.empty()) target_id = xref.target_id;
    }
    const bool wrote = completion.outcome.empty() || completion.outcome == "synced";
    insert_audit(db, {.at = at, .action = wrote ? "write" : completion.outcome, .work_id = work_id,
                      .event_id = item.event_id, .domain = item.domain, .key = item.key, .mapping = completion.mapping,
                      .mapping_version = completion.mapping_version, .correlation_id = item.correlation_id,
                      .target_id = target_id, .actor = completion.actor, .detail = completion.detail});
  });
}

Result<Transition> PgStore::fail(std::int64_t work_id, std::int64_t generation, const Failure& failure) {
  return transition(work_id, generation, "fail", [&](Conn& db, const WorkItem& item) {
    TimeMs at = now();
    insert_attempts(db, work_id, item.attempt, failure.attempts, at);
    if (failure.retry_at) {
      db.query("UPDATE work SET state = 'waiting', not_before = $1, last_error = $2, owner = NULL, lease_until = NULL,"
               " ref_wait_since = NULL WHERE id = $3",
               {*failure.retry_at, failure.error, work_id});
      return;
    }
    db.query("UPDATE work SET state = 'dead', outcome = 'dead', finished_at = $1, last_error = $2, owner = NULL,"
             " lease_until = NULL, is_head = 0 WHERE id = $3",
             {at, failure.error, work_id});
    advance_head(db, item.domain, item.key);
    db.query("INSERT INTO dead_letter (work_id, domain, key, payload, error, reason, correlation_id, died_at)"
             " VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
             {work_id, item.domain, item.key, item.payload, failure.error,
              failure.reason.empty() ? std::string("failed") : failure.reason, item.correlation_id, at});
    insert_audit(db, {.at = at, .action = "dead", .work_id = work_id, .event_id = item.event_id, .domain = item.domain,
                      .key = item.key, .correlation_id = item.correlation_id, .detail = failure.error});
  });
}

Result<Transition> PgStore::release(std::int64_t work_id, std::int64_t generation, std::optional<TimeMs> not_before,
                                    bool counts_attempt, std::optional<TimeMs> ref_wait_since) {
  return transition(work_id, generation, "release", [&](Conn& db, const WorkItem&) {
    db.query("UPDATE work SET state = $1, not_before = $2, owner = NULL, lease_until = NULL, attempt = attempt - $3,"
             " ref_wait_since = COALESCE(ref_wait_since, $4) WHERE id = $5",
             {not_before ? "waiting" : "pending", std::optional<std::int64_t>(not_before), counts_attempt ? 0 : 1,
              std::optional<std::int64_t>(ref_wait_since), work_id});
  });
}

Result<WorkItem> PgStore::work_item(std::int64_t work_id) {
  return read<WorkItem>([&](Conn& db) -> Result<WorkItem> {
    auto item = load_work_item(db, work_id);
    if (!item) return Error{ErrorCode::kNotFound, db.label() + ": work item " + std::to_string(work_id) + ": no such item"};
    return *item;
  });
}

Result<std::vector<OutboxAttempt>> PgStore::attempts(std::int64_t work_id) {
  return read<std::vector<OutboxAttempt>>([&](Conn& db) -> Result<std::vector<OutboxAttempt>> { return load_attempts(db, work_id); });
}

}  // namespace syncloom::store::postgres
