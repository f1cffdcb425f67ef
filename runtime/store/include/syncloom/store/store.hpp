// The store interface: the runtime's only view of durable state (inbox, work, outbox, xrefs, cursors, DLQ, audit).
//
// Every call is thread-safe and answers a value (Result/Status), never an exception. Every call that
// returns has made its writes durable. An implementation (SQLite, PostgreSQL) must pass the
// store test suite in tests/store/ unchanged.
//
//   auto store = syncloom::store::open_sqlite_store("syncloom.db");
//   if (!store) { log(store.error().message); return; }
//   auto accepted = (*store)->accept(event);          // durable once it returns
//   auto items = (*store)->claim({.owner = "w1", .lease_ms = 30000, .limit = 8});
//   (*store)->complete(item.id, item.generation, completion);  // kLost: someone else took it
#pragma once
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "syncloom/store/result.hpp"
#include "syncloom/store/types.hpp"
#include "syncloom/store/workflow_types.hpp"

namespace syncloom::store {

/// The time source: wall-clock milliseconds by default; tests pass a clock they move by hand.
using Clock = std::function<TimeMs()>;
TimeMs system_clock_ms();

class Store {
 public:
  virtual ~Store() = default;

  // --- intake ---------------------------------------------------------------------------------------
  /// Stores the event and its work items, or counts it as a duplicate of (dedupe_scope, dedupe_key).
  /// Returns once durable. Concurrent callers share one commit (group commit).
  virtual Result<Accepted> accept(const Event& event) = 0;
  /// Several events in one commit; one answer per event, in order. A bad event fails alone.
  virtual std::vector<Result<Accepted>> accept_batch(const std::vector<Event>& events) = 0;
  /// accept() without a waiting thread: `done` is called once the event (or the fact that it was a
  /// duplicate) is durable, or with the error, from the store's own thread, so it must be quick and must not
  /// call the store back synchronously (hand the answer on, such as a webhook's HTTP response). What
  /// lets a listener acknowledge thousands of deliveries a second without a thread per delivery.
  virtual void accept_async(Event event, std::function<void(Result<Accepted>)> done) = 0;
  /// More work for an existing event (a derived sync that must run first, a reconcile pass).
  virtual Result<std::int64_t> enqueue(std::int64_t event_id, const WorkSpec& work) = 0;
  /// Full-state items of (domain, key) pending together collapse into the newest of each run; the older
  /// ones are done with outcome "coalesced" (and audited). Returns how many were coalesced.
  virtual Result<int> coalesce(const std::string& domain, const std::string& key) = 0;

  /// Raises the unfinished items of (domain, key) to at least `priority` (lower runs first): a record
  /// another one waits for (a ref() to a customer not synced yet) runs ahead of the queue. Returns how
  /// many unfinished items the key has (0: nothing of that record is queued, so waiting will not help).
  virtual Result<int> expedite(const std::string& domain, const std::string& key, int priority) = 0;

  // --- work -----------------------------------------------------------------------------------------
  /// Claims up to `limit` items, each the oldest unfinished item of its (domain, key) and none of a key
  /// with a live lease: pending ones, waiting ones whose time has come, running ones whose lease expired.
  /// Lowest priority first, then first ready first (a pending item since it was created, a waiting one
  /// since its wait ended, an expired one since its lease ran out). Each claim raises the generation and
  /// the attempt.
  virtual Result<std::vector<WorkItem>> claim(const ClaimRequest& request) = 0;
  /// Extends a lease still held under `generation`.
  virtual Result<Transition> heartbeat(std::int64_t work_id, std::int64_t generation, TimeMs lease_ms) = 0;
  /// Done: records the cross-reference, the outbox attempts and the audit entry in the same transaction.
  virtual Result<Transition> complete(std::int64_t work_id, std::int64_t generation, const Completion& completion) = 0;
  /// Waiting until failure.retry_at, or dead (a dead-letter entry with the payload and every attempt).
  virtual Result<Transition> fail(std::int64_t work_id, std::int64_t generation, const Failure& failure) = 0;
  /// Back to pending (or waiting until not_before) without a verdict: shutdown, a throttled connector.
  /// `counts_attempt` false gives the attempt back (429 and Retry-After do not use one up).
  /// `ref_wait_since`: the item waits for a reference, since then; recorded the first time only
  /// (WorkItem::ref_wait_since), so the wait's length survives restarts. A failure clears it.
  virtual Result<Transition> release(std::int64_t work_id, std::int64_t generation, std::optional<TimeMs> not_before,
                                     bool counts_attempt, std::optional<TimeMs> ref_wait_since = std::nullopt) = 0;
  virtual Result<WorkItem> work_item(std::int64_t work_id) = 0;
  /// The outbox: every attempt recorded for a work item, oldest first.
  virtual Result<std::vector<OutboxAttempt>> attempts(std::int64_t work_id) = 0;

  // --- cross-references and cursors ------------------------------------------------------------------
  virtual Result<std::optional<Xref>> xref(const std::string& domain, const std::string& key) = 0;
  /// The reverse: which (domain, key) a target document belongs to.
  virtual Result<std::optional<Xref>> xref_by_target(const std::string& target_system, const std::string& target_id) = 0;
  virtual Result<std::optional<std::string>> cursor(const std::string& system, const std::string& topic) = 0;
  virtual Status set_cursor(const std::string& system, const std::string& topic, const std::string& value) = 0;
  /// Compare and set: writes `value` only while the cursor holds `expected` (nullopt: has none yet), and
  /// says whether it did. How workers sharing a store agree on who runs a schedule's fire.
  virtual Result<bool> swap_cursor(const std::string& system, const std::string& topic,
                                   const std::optional<std::string>& expected, const std::string& value) = 0;

  // --- dead-letter queue (every action audited with its actor) --------------------------------------
  virtual Result<std::vector<DeadLetter>> dead_letters(const DeadLetterFilter& filter) = 0;
  virtual Result<DeadLetter> dead_letter(std::int64_t id) = 0;  ///< with every attempt
  virtual Status edit_dead_letter(std::int64_t id, const std::string& payload, const std::string& actor) = 0;
  /// A new pending work item carrying the entry's (possibly edited) payload; the entry becomes "replayed".
  virtual Result<std::int64_t> replay_dead_letter(std::int64_t id, const std::string& actor) = 0;
  virtual Status discard_dead_letter(std::int64_t id, const std::string& reason, const std::string& actor) = 0;

  // --- workflows (each save checked against the caller's lease, like a transition) ---------------------
  /// Stores the instance (id 0: a new one, its sequence the key's next) while the caller holds work item
  /// `work_id` under `generation`: a step's checkpoint. `consumed` (non-zero) deletes that buffered await
  /// in the same transaction. Answers the instance's id, or nullopt when the caller lost the item.
  virtual Result<std::optional<std::int64_t>> save_workflow(std::int64_t work_id, std::int64_t generation,
                                                            const WorkflowInstance& instance,
                                                            std::int64_t consumed = 0) = 0;
  virtual Result<std::vector<WorkflowInstance>> workflow_instances(const WorkflowFilter& filter) = 0;
  /// Keeps an awaited event no instance waits for yet; nullopt when the caller lost the item.
  virtual Result<std::optional<std::int64_t>> buffer_await(std::int64_t work_id, std::int64_t generation,
                                                           const BufferedAwait& event) = 0;
  /// The buffered awaits of (workflow, key) at `step`, oldest first.
  virtual Result<std::vector<BufferedAwait>> buffered_awaits(const std::string& workflow, const std::string& key,
                                                             int step) = 0;

  // --- status and audit -----------------------------------------------------------------------------
  virtual Result<std::vector<DomainStatus>> domain_status() = 0;
  virtual Result<std::vector<IntakeStatus>> intake_status() = 0;
  /// The audit trail, oldest first; `work_id` 0: all entries.
  virtual Result<std::vector<AuditEntry>> audit(std::int64_t work_id = 0) = 0;

  // --- the recorded inbox (shadow replay) and its retention ------------------------------------------
  /// Recorded events matching `filter`, oldest (lowest id) first, each with its work items and the
  /// document last written for each item's record: what `syncloom replay` runs another mapping on.
  virtual Result<std::vector<RecordedEvent>> recorded_events(const RecordedFilter& filter) = 0;
  /// Removes up to `limit` events received before `before` whose work items are all finished, with their
  /// work items and outbox rows. Kept whatever their age: events with unfinished work, events whose work
  /// has a dead letter (open or closed: an entry shows its attempts), events whose work item wrote the
  /// last document recorded for its key (what the target holds: the baseline a replay compares with,
  /// also for the later "unchanged" items of the key), and workflow events ("workflow/..." scopes, which
  /// the workflow engine reads).
  /// The audit trail is never pruned. Each pass is one transaction; it looks at events after `after_id`
  /// only, so that a round goes on with `Pruned::last_id` instead of reading the kept ones again.
  virtual Result<Pruned> prune_events(TimeMs before, int limit, std::int64_t after_id = 0) = 0;
  virtual Result<RetainedStatus> retained_status() = 0;

  // --- content hashes (the reconciling poll) ----------------------------------------------------------
  /// The stored hashes of `ids` of (system, record); an id never seen is absent from the answer.
  virtual Result<std::vector<RecordHash>> record_hashes(const std::string& system, const std::string& record,
                                                        const std::vector<std::string>& ids) = 0;
  /// Stores (replaces) each hash, all in one transaction.
  virtual Status set_record_hashes(const std::vector<RecordHash>& hashes) = 0;
};

struct SqliteOptions {
  Clock clock{};                ///< empty: system_clock_ms
  bool group_commit = true;     ///< false: one transaction and one fsync per write (the benchmark's baseline)
  int max_batch = 1024;         ///< at most this many writes share a commit
  int busy_timeout_ms = 5000;   ///< another process holding the write lock: wait this long, then fail
  /// Open the file read-only (`syncloom replay`): nothing is migrated or written; every write answers an
  /// error. The file must exist and be at this build's schema version.
  bool read_only = false;
};

/// Opens (creating if absent) the SQLite store at `path` and migrates it to the current schema.
/// A file from a newer syncloom is refused (kSchemaTooNew) and left untouched.
Result<std::unique_ptr<Store>> open_sqlite_store(const std::string& path, const SqliteOptions& options = {});

/// The schema version this build writes (the highest migration).
int sqlite_schema_version();

struct PostgresOptions {
  Clock clock{};             ///< empty: system_clock_ms (the store's times come from here, never the server's)
  bool group_commit = true;  ///< false: one transaction per write (the benchmark's baseline)
  int max_batch = 1024;      ///< at most this many writes of this process share a commit
  /// No migration, every write answers an error; the database must be at this build's schema version.
  bool read_only = false;
};

/// Opens the PostgreSQL store at `url` (a libpq URL, `postgresql://user@127.0.0.1:5432/db`) and migrates
/// it. A password in the URL is refused: it comes from the environment (PGPASSWORD), never from a file
/// that may be logged. Messages name host, port and database only.
Result<std::unique_ptr<Store>> open_postgres_store(const std::string& url, const PostgresOptions& options = {});
int postgres_schema_version();

/// True for `postgresql://...` and `postgres://...`: what open_store sends to PostgreSQL.
bool is_postgres_url(const std::string& url_or_path);

struct StoreOptions {
  Clock clock{};
  bool read_only = false;
};

/// The store a configuration names: a PostgreSQL URL (is_postgres_url) or a SQLite file path.
Result<std::unique_ptr<Store>> open_store(const std::string& url_or_path, const StoreOptions& options = {});

}  // namespace syncloom::store
