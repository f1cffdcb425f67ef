// Work items: claiming under per-key FIFO, and every transition from running, each checked by generation.
#include <algorithm>
#include <tuple>

#include "sqlite_store.hpp"

namespace syncloom::store::sqlite {

Result<std::vector<WorkItem>> SqliteStore::claim(const ClaimRequest& request) {
  return write<std::vector<WorkItem>>([&](Db& db) -> Result<std::vector<WorkItem>> {
    if (request.owner.empty() || request.lease_ms <= 0 || request.limit <= 0) {
      return Error{ErrorCode::kInvalidArgument, db.path() + ": claim needs an owner, a positive lease and a positive limit"};
    }
    TimeMs at = now();
    // Only a key's head (its oldest unfinished item) is ever claimed, so one key's items run one at a
    // time in arrival order, and a key whose head runs under a live lease, or waits for its retry,
    // yields nothing. Three partial indexes hold the heads that can run: pending ones in (priority,
    // arrival) order, retries by due time, expired leases by expiry. Each read stops at `limit`.
    auto limit = static_cast<std::int64_t>(request.limit);
    // Within a priority, first ready first served: a pending item from when it was created, a waiting one
    // from when its wait ended, an expired lease from when it expired. Ordering by id alone would let a
    // crowd of old items that keep waiting (for a reference) starve a newer pending item forever, such as
    // the very customer they wait for.
    struct Candidate {
      int priority;
      TimeMs ready;
      std::int64_t id;
      bool operator<(const Candidate& other) const {
        return std::tie(priority, ready, id) < std::tie(other.priority, other.ready, other.id);
      }
    };
    std::vector<Candidate> candidates;
    auto collect = [&](Stmt stmt, const std::string* domain) {
      stmt.bind(1, at).bind(3, limit);
      if (domain) stmt.bind(2, std::string_view(*domain));
      while (stmt.step())
        candidates.push_back({static_cast<int>(stmt.int_at(0)), stmt.int_at(2), stmt.int_at(1)});
    };
    if (request.domains.empty()) {
      collect(db.prepare("SELECT priority, id, created_at FROM work WHERE is_head = 1 AND state = 'pending'"
                         " ORDER BY priority, id LIMIT ?3"), nullptr);
      collect(db.prepare("SELECT priority, id, not_before FROM work WHERE is_head = 1 AND state = 'waiting'"
                         " AND not_before <= ?1 ORDER BY priority, not_before LIMIT ?3"), nullptr);
      collect(db.prepare("SELECT priority, id, lease_until FROM work WHERE is_head = 1 AND state = 'running'"
                         " AND lease_until <= ?1 ORDER BY priority, lease_until LIMIT ?3"), nullptr);
    }
    // A list of domains (a worker group's, less those whose connector's circuit is open) is read one domain
    // at a time through the per-domain indexes (migration 004), so the heads of the domains not asked for,
    // however many, are never read.
    for (const std::string& domain : request.domains) {
      collect(db.prepare("SELECT priority, id, created_at FROM work WHERE is_head = 1 AND state = 'pending'"
                         " AND domain = ?2 ORDER BY priority, id LIMIT ?3"), &domain);
      collect(db.prepare("SELECT priority, id, not_before FROM work WHERE is_head = 1 AND state = 'waiting'"
                         " AND not_before <= ?1 AND domain = ?2 ORDER BY priority, not_before LIMIT ?3"), &domain);
      collect(db.prepare("SELECT priority, id, lease_until FROM work WHERE is_head = 1 AND state = 'running'"
                         " AND lease_until <= ?1 AND domain = ?2 ORDER BY priority, lease_until LIMIT ?3"), &domain);
    }
    std::sort(candidates.begin(), candidates.end());
    if (candidates.size() > static_cast<std::size_t>(limit)) candidates.resize(static_cast<std::size_t>(limit));
    std::vector<std::int64_t> ids;
    for (const Candidate& candidate : candidates) ids.push_back(candidate.id);
    std::vector<WorkItem> items;
    for (std::int64_t id : ids) {
      db.prepare(
            "UPDATE work SET state = 'running', owner = ?, lease_until = ?, not_before = NULL,"
            " generation = generation + 1, attempt = attempt + 1 WHERE id = ?")
          .bind(1, std::string_view(request.owner))
          .bind(2, at + request.lease_ms)
          .bind(3, id)
          .run();
      items.push_back(*load_work_item(db, id));
    }
    return items;
  });
}

Result<Transition> SqliteStore::heartbeat(std::int64_t work_id, std::int64_t generation, TimeMs lease_ms) {
  return transition(work_id, generation, "heartbeat", [&](Db& db, const WorkItem&) {
    db.prepare("UPDATE work SET lease_until = ? WHERE id = ?").bind(1, now() + lease_ms).bind(2, work_id).run();
  });
}

Result<Transition> SqliteStore::complete(std::int64_t work_id, std::int64_t generation, const Completion& completion) {
  return transition(work_id, generation, "complete", [&](Db& db, const WorkItem& item) {
    TimeMs at = now();
    db.prepare(
          "UPDATE work SET state = 'done', outcome = ?, finished_at = ?, owner = NULL, lease_until = NULL,"
          " last_error = NULL, is_head = 0 WHERE id = ?")
        .bind(1, std::string_view(completion.outcome.empty() ? std::string_view("synced") : completion.outcome))
        .bind(2, at)
        .bind(3, work_id)
        .run();
    advance_head(db, item.domain, item.key);
    insert_attempts(db, work_id, item.attempt, completion.attempts, at);
    std::string target_id = completion.target_id;
    if (completion.xref) {
      const Xref& xref = *completion.xref;
      // The cross-reference commits with the completion: after a crash either both hold or neither does,
      // and a retry finds the target by key (the connector searches before it creates).
      db.prepare(
            "INSERT INTO xref (domain, key, target_system, target_id, work_id, updated_at, last_state)"
            " VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (domain, key) DO UPDATE SET"
            " target_system = excluded.target_system, target_id = excluded.target_id, work_id = excluded.work_id,"
            " updated_at = excluded.updated_at, last_state = COALESCE(excluded.last_state, last_state)")
          .bind(1, std::string_view(xref.domain.empty() ? item.domain : xref.domain))
          .bind(2, std::string_view(xref.key.empty() ? item.key : xref.key))
          .bind(3, std::string_view(xref.target_system))
          .bind(4, std::string_view(xref.target_id))
          .bind(5, work_id)
          .bind(6, at)
          .bind(7, xref.last_state)
          .run();
      if (target_id.empty()) target_id = xref.target_id;
    }
    const bool wrote = completion.outcome.empty() || completion.outcome == "synced";
    insert_audit(db, {.at = at, .action = wrote ? "write" : completion.outcome, .work_id = work_id, .event_id = item.event_id, .domain = item.domain,
                      .key = item.key, .mapping = completion.mapping, .mapping_version = completion.mapping_version,
                      .correlation_id = item.correlation_id, .target_id = target_id, .actor = completion.actor, .detail = completion.detail});
  });
}

Result<Transition> SqliteStore::fail(std::int64_t work_id, std::int64_t generation, const Failure& failure) {
  return transition(work_id, generation, "fail", [&](Db& db, const WorkItem& item) {
    TimeMs at = now();
    insert_attempts(db, work_id, item.attempt, failure.attempts, at);
    if (failure.retry_at) {
      db.prepare(
            "UPDATE work SET state = 'waiting', not_before = ?, last_error = ?, owner = NULL, lease_until = NULL,"
            " ref_wait_since = NULL WHERE id = ?")
          .bind(1, *failure.retry_at)
          .bind(2, std::string_view(failure.error))
          .bind(3, work_id)
          .run();
      return;
    }
    db.prepare(
          "UPDATE work SET state = 'dead', outcome = 'dead', finished_at = ?, last_error = ?, owner = NULL,"
          " lease_until = NULL, is_head = 0 WHERE id = ?")
        .bind(1, at)
        .bind(2, std::string_view(failure.error))
        .bind(3, work_id)
        .run();
    advance_head(db, item.domain, item.key);  // a dead item does not block its key
    db.prepare(
          "INSERT INTO dead_letter (work_id, domain, key, payload, error, reason, correlation_id, died_at)"
          " VALUES (?, ?, ?, ?, ?, ?, ?, ?)")
        .bind(1, work_id)
        .bind(2, std::string_view(item.domain))
        .bind(3, std::string_view(item.key))
        .bind(4, std::string_view(item.payload))
        .bind(5, std::string_view(failure.error))
        .bind(6, std::string_view(failure.reason.empty() ? std::string("failed") : failure.reason))
        .bind(7, std::string_view(item.correlation_id))
        .bind(8, at)
        .run();
    insert_audit(db, {.at = at, .action = "dead", .work_id = work_id, .event_id = item.event_id, .domain = item.domain,
                      .key = item.key, .correlation_id = item.correlation_id, .detail = failure.error});
  });
}

Result<Transition> SqliteStore::release(std::int64_t work_id, std::int64_t generation, std::optional<TimeMs> not_before,
                                        bool counts_attempt, std::optional<TimeMs> ref_wait_since) {
  return transition(work_id, generation, "release", [&](Db& db, const WorkItem&) {
    db.prepare(
          "UPDATE work SET state = ?, not_before = ?, owner = NULL, lease_until = NULL,"
          " attempt = attempt - ?, ref_wait_since = COALESCE(ref_wait_since, ?) WHERE id = ?")
        .bind(1, std::string_view(not_before ? "waiting" : "pending"))
        .bind(2, not_before)
        .bind(3, static_cast<std::int64_t>(counts_attempt ? 0 : 1))
        .bind(4, ref_wait_since)
        .bind(5, work_id)
        .run();
  });
}

Result<WorkItem> SqliteStore::work_item(std::int64_t work_id) {
  return read<WorkItem>([&](Db& db) -> Result<WorkItem> {
    auto item = load_work_item(db, work_id);
    if (!item) return Error{ErrorCode::kNotFound, db.path() + ": work item " + std::to_string(work_id) + ": no such item"};
    return *item;
  });
}

Result<std::vector<OutboxAttempt>> SqliteStore::attempts(std::int64_t work_id) {
  return read<std::vector<OutboxAttempt>>([&](Db& db) -> Result<std::vector<OutboxAttempt>> { return load_attempts(db, work_id); });
}

}  // namespace syncloom::store::sqlite
