// The plain records that cross the store interface: events, work items, attempts, cross-references, dead letters.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace syncloom::store {

/// Milliseconds since the Unix epoch, UTC. Every time in the store is one of these (SQLite and PostgreSQL
/// agree on integers; neither then has to agree on time zones).
using TimeMs = std::int64_t;

/// One work item to create with an event: the domain that syncs it and the record's domain key, which
/// orders it (one key's items run one at a time, in arrival order).
struct WorkSpec {
  std::string domain{};
  std::string key{};
  /// The payload is the record's whole state (a WooCommerce webhook): pending items of the same key that
  /// are all full-state may coalesce into the newest (Store::coalesce).
  bool full_state = false;
  int priority = 0;  ///< lower runs first: realtime domains ahead of batch work
};

/// A delivery or a polled record, as it arrived. Deduplicated by (dedupe_scope, dedupe_key).
struct Event {
  std::string system{};          ///< where it came from: "woocommerce", "tryton"
  std::string topic{};           ///< "order.updated", a polled model
  std::string record{};          ///< the record kind: "order", "party.party"
  std::string source_id{};       ///< the record's id in its system
  std::string dedupe_scope{};    ///< the domain, or the system when the event is not yet routed
  std::string dedupe_key{};      ///< the domain's idempotency key (resource, id, modification time, or a body hash)
  std::string payload{};         ///< the raw body (JSON text), stored as received
  std::string correlation_id{};  ///< follows the record to the ERP document, in logs, audit and dead letters
  TimeMs received_at = 0;        ///< 0: the store's clock at acceptance
  std::vector<WorkSpec> work{};  ///< created in the same transaction as the event, only when it is new
};

/// What accepting an event did. Returned only once the event (or the fact it was a duplicate) is durable.
struct Accepted {
  std::int64_t event_id = 0;           ///< the inbox id (of the first copy, for a duplicate)
  bool duplicate = false;              ///< already there: counted, not stored twice, no work created
  std::vector<std::int64_t> work_ids{};  ///< the work items created (empty for a duplicate)
};

enum class WorkState : unsigned char {
  kPending,  ///< ready to be claimed
  kRunning,  ///< claimed by `owner` until `lease_until`, under `generation`
  kWaiting,  ///< failed, will be claimable again at `not_before`
  kDone,     ///< synced (or coalesced into a newer item)
  kDead,     ///< the last attempt failed: in the dead-letter queue
};
const char* work_state_name(WorkState state);  ///< "pending", "running", "waiting", "done", "dead"

/// A work item as claimed or inspected.
struct WorkItem {
  std::int64_t id = 0;
  std::int64_t event_id = 0;
  std::string domain{};
  std::string key{};
  WorkState state = WorkState::kPending;
  int attempt = 0;                 ///< claims so far, less releases that did not count (throttling)
  std::int64_t generation = 0;     ///< rises on every claim; a transition from running must quote it
  std::string owner{};             ///< the worker holding the lease (running only)
  TimeMs lease_until = 0;          ///< running only
  TimeMs not_before = 0;           ///< waiting only
  TimeMs created_at = 0;           ///< when the item was created
  TimeMs ref_wait_since = 0;       ///< when it first missed a ref(), kept across restarts; 0: not waiting
  bool full_state = false;
  int priority = 0;
  std::string payload{};           ///< the event's body, or the dead letter's edited body for a replay
  std::string correlation_id{};
  std::string system{};            ///< the event's source system and topic
  std::string topic{};
  std::string last_error{};
  std::string outcome{};           ///< done/dead: "synced", "coalesced", "dead", "replayed", "discarded"
};

/// Which items to claim.
struct ClaimRequest {
  std::string owner{};                ///< the worker, recorded with the lease ("host:pid:thread")
  TimeMs lease_ms = 30'000;           ///< how long the lease lasts without a heartbeat
  int limit = 1;                      ///< at most this many items (different keys)
  std::vector<std::string> domains{}; ///< only these domains (a connector's budget); empty: any
};

/// What a transition from running answers when the store is fine: whether the caller still held the item.
enum class Transition : unsigned char {
  kApplied,  ///< the caller held the lease under this generation; the transition is durable
  kLost,     ///< someone else re-claimed the item (or it is no longer running): the caller must drop it
};

/// One write (or write attempt) to a target system: the outbox, which keeps every attempt.
struct OutboxAttempt {
  std::string system{};        ///< the target: "tryton"
  std::string outcome{};       ///< the connector's outcome kind: "ok", "retryable", "permanent", "auth"
  std::string message{};       ///< the system's message, or ours
  std::string target_id{};     ///< the document id written, when there is one
  TimeMs at = 0;               ///< 0: the store's clock
  /// The document the flow produced and the connector was asked to write (JSON), for a write attempt: what
  /// `syncloom replay` compares another mapping version's output with. Absent for attempts that wrote nothing.
  std::optional<std::string> document{};
};

/// The cross-reference a completed item records: (domain, key) <-> the target's id, which ref() resolves.
struct Xref {
  std::string domain{};
  std::string key{};
  std::string target_system{};
  std::string target_id{};
  std::optional<std::string> last_state{};  ///< the state last synced (JSON), for conflict detection
  TimeMs updated_at = 0;                    ///< set by the store
};

/// Everything completing a work item records, in the one transaction that marks it done.
struct Completion {
  std::optional<Xref> xref{};            ///< domain and key default to the item's
  std::vector<OutboxAttempt> attempts{}; ///< what was written (usually one "ok")
  std::string mapping{};                 ///< the mapping name and version, for the audit trail
  std::string mapping_version{};
  std::string target_id{};               ///< for the audit trail (defaults to the xref's)
  /// "synced" (a write: audited), or why nothing was written: "filtered", "unchanged" (the source record is
  /// the one last synced), "kept" (a conflict policy kept the target's newer change), audited as such.
  std::string outcome = "synced";
  std::string detail{};                  ///< for the audit entry: why (a conflict policy's decision)
  std::string actor{};                   ///< for the audit entry: who asked ("reconcile" for a repair), "" the sync itself
};

/// A failed attempt: retry at `retry_at`, or (no retry_at) dead-letter the item.
struct Failure {
  std::string error{};                   ///< the full message ("permanent: HTTP 400 (rest_invalid_param): ...")
  std::string reason{};                  ///< a short class for filters: "permanent", "retries exhausted"
  std::optional<TimeMs> retry_at{};      ///< waiting until then; absent: dead
  std::vector<OutboxAttempt> attempts{};
};

/// An entry of the dead-letter queue.
enum class DeadLetterStatus : unsigned char { kOpen, kReplayed, kDiscarded };
const char* dead_letter_status_name(DeadLetterStatus status);

struct DeadLetter {
  std::int64_t id = 0;
  std::int64_t work_id = 0;
  std::string domain{};
  std::string key{};
  std::string payload{};          ///< the original body, or the edited one
  bool edited = false;
  std::string error{};
  std::string reason{};
  std::string correlation_id{};
  TimeMs died_at = 0;
  DeadLetterStatus status = DeadLetterStatus::kOpen;
  std::string resolution{};        ///< the discard reason
  std::int64_t replayed_as = 0;    ///< the new work item of a replay
  std::vector<OutboxAttempt> attempts{};  ///< every attempt of the item (show only)
};

struct DeadLetterFilter {
  std::optional<std::string> domain{};
  std::optional<TimeMs> since{};          ///< died at or after
  std::optional<std::string> reason{};    ///< a substring of the reason or the error
  bool include_closed = false;            ///< also replayed and discarded entries
  int limit = 1000;
};

/// One line of the audit trail: every write and every dead-letter action.
struct AuditEntry {
  std::int64_t id = 0;
  TimeMs at = 0;
  std::string action{};   ///< "write", "dead", "coalesce", "dlq.edit", "dlq.replay", "dlq.discard"
  std::int64_t work_id = 0;
  std::int64_t event_id = 0;
  std::string domain{};
  std::string key{};
  std::string mapping{};
  std::string mapping_version{};
  std::string correlation_id{};
  std::string target_id{};
  std::string actor{};    ///< who acted (dead-letter actions): "cli:alice"
  std::string detail{};   ///< the edit, the reason, the replay's new item
};

/// Per domain, for `syncloom status`.
struct DomainStatus {
  std::string domain{};
  std::int64_t pending = 0;
  std::int64_t running = 0;
  std::int64_t waiting = 0;
  std::int64_t dead = 0;                  ///< open dead letters
  std::optional<TimeMs> last_success{};   ///< when an item last completed
  std::optional<TimeMs> oldest_pending{}; ///< when the oldest unfinished item was created (lag = now - this)
};

/// Inbox totals per dedupe scope: received (stored) and duplicates (counted, not stored).
struct IntakeStatus {
  std::string dedupe_scope{};
  std::int64_t received = 0;
  std::int64_t duplicates = 0;
};

/// Which recorded inbox events to read (Store::recorded_events), oldest first.
struct RecordedFilter {
  std::optional<TimeMs> since{};          ///< received at or after
  std::optional<std::string> domain{};    ///< stored for this domain: its scope, or "DOMAIN/filtered"
  std::int64_t after_id = 0;              ///< paging: events with a larger id only
  int limit = 1000;
};

/// One work item of a recorded event, with the document the running version wrote for its record.
struct RecordedWork {
  std::int64_t id = 0;
  std::string domain{};
  std::string key{};
  WorkState state = WorkState::kPending;
  std::string outcome{};        ///< done/dead: "synced", "unchanged", "filtered", "coalesced", "dead", ...
  std::string last_error{};
  std::string dead_reason{};    ///< dead: the dead letter's reason ("rejected", "permanent", ...)
  /// The document last written for (domain, key) as of this item: its own write ("synced"), or the
  /// earlier one the target still held when the item found nothing to change ("unchanged"). Absent when
  /// nothing had been written for the key yet (or the write was recorded before documents were kept).
  std::optional<std::string> document{};
  std::int64_t document_work_id = 0;  ///< the item whose write recorded `document`
};

/// An inbox event as it arrived, with its work items (none for a filtered record or a workflow event).
struct RecordedEvent {
  std::int64_t id = 0;
  std::string system{};
  std::string topic{};
  std::string record{};
  std::string source_id{};
  std::string dedupe_scope{};
  std::string dedupe_key{};
  std::string payload{};
  std::string correlation_id{};
  TimeMs received_at = 0;
  std::vector<RecordedWork> work{};  ///< in creation order
};

/// What one pruning pass removed (Store::prune_events).
struct Pruned {
  std::int64_t events = 0;
  std::int64_t work_items = 0;
  std::int64_t attempts = 0;  ///< outbox rows of the removed work items
  bool more = false;          ///< the pass stopped at its limit: more events are due
  std::int64_t last_id = 0;   ///< the last event removed (the next pass's `after_id`); 0: none
};

/// How much of the inbox is kept, for `syncloom status`.
struct RetainedStatus {
  std::int64_t events = 0;
  std::optional<TimeMs> oldest{};  ///< when the oldest kept event arrived
};

/// The content hash last seen of one record of a system (the reconciling poll): a polled record whose
/// canonical content hashes differently (or that has no hash yet) changed, whatever its modification time says.
struct RecordHash {
  std::string system{};  ///< "woocommerce"
  std::string record{};  ///< the record kind: "product", "order"
  std::string id{};      ///< the record's id in its system
  std::string hash{};    ///< of the record's canonical content (hex)
  TimeMs seen_ms = 0;    ///< when the poll saw this content
};

}  // namespace syncloom::store
