// The PostgreSQL store: several processes share one database. Writes of one process go through its
// group-commit queue (one connection); reads use a second connection. Claims lock the heads they take with
// FOR UPDATE SKIP LOCKED, transitions lock the item's row and check its generation, and changes to a key's
// head (a new item, a finished one) hold a transaction-scoped advisory lock on the key, so that two
// processes never both make an item the head of one key (docs/store.md, "PostgreSQL").
#pragma once
#include <memory>
#include <mutex>
#include <string>

#include "conn.hpp"
#include "syncloom/store/store.hpp"
#include "write_queue.hpp"

namespace syncloom::store::postgres {

class PgStore final : public Store {
 public:
  PgStore(std::unique_ptr<Conn> writer, std::unique_ptr<Conn> reader, const PostgresOptions& options);
  ~PgStore() override;

  Result<Accepted> accept(const Event& event) override;
  std::vector<Result<Accepted>> accept_batch(const std::vector<Event>& events) override;
  void accept_async(Event event, std::function<void(Result<Accepted>)> done) override;
  Result<std::int64_t> enqueue(std::int64_t event_id, const WorkSpec& work) override;
  Result<int> coalesce(const std::string& domain, const std::string& key) override;
  Result<int> expedite(const std::string& domain, const std::string& key, int priority) override;

  Result<std::vector<WorkItem>> claim(const ClaimRequest& request) override;
  Result<Transition> heartbeat(std::int64_t work_id, std::int64_t generation, TimeMs lease_ms) override;
  Result<Transition> complete(std::int64_t work_id, std::int64_t generation, const Completion& completion) override;
  Result<Transition> fail(std::int64_t work_id, std::int64_t generation, const Failure& failure) override;
  Result<Transition> release(std::int64_t work_id, std::int64_t generation, std::optional<TimeMs> not_before,
                             bool counts_attempt, std::optional<TimeMs> ref_wait_since = std::nullopt) override;
  Result<WorkItem> work_item(std::int64_t work_id) override;
  Result<std::vector<OutboxAttempt>> attempts(std::int64_t work_id) override;

  Result<std::optional<Xref>> xref(const std::string& domain, const std::string& key) override;
  Result<std::optional<Xref>> xref_by_target(const std::string& target_system, const std::string& target_id) override;
  Result<std::optional<std::string>> cursor(const std::string& system, const std::string& topic) override;
  Status set_cursor(const std::string& system, const std::string& topic, const std::string& value) override;
  Result<bool> swap_cursor(const std::string& system, const std::string& topic, const std::optional<std::string>& expected,
                           const std::string& value) override;

  Result<std::vector<DeadLetter>> dead_letters(const DeadLetterFilter& filter) override;
  Result<DeadLetter> dead_letter(std::int64_t id) override;
  Status edit_dead_letter(std::int64_t id, const std::string& payload, const std::string& actor) override;
  Result<std::int64_t> replay_dead_letter(std::int64_t id, const std::string& actor) override;
  Status discard_dead_letter(std::int64_t id, const std::string& reason, const std::string& actor) override;

  Result<std::optional<std::int64_t>> save_workflow(std::int64_t work_id, std::int64_t generation,
                                                    const WorkflowInstance& instance, std::int64_t consumed) override;
  Result<std::vector<WorkflowInstance>> workflow_instances(const WorkflowFilter& filter) override;
  Result<std::optional<std::int64_t>> buffer_await(std::int64_t work_id, std::int64_t generation,
                                                   const BufferedAwait& event) override;
  Result<std::vector<BufferedAwait>> buffered_awaits(const std::string& workflow, const std::string& key,
                                                     int step) override;

  Result<std::vector<DomainStatus>> domain_status() override;
  Result<std::vector<IntakeStatus>> intake_status() override;
  Result<std::vector<AuditEntry>> audit(std::int64_t work_id) override;

  Result<std::vector<RecordedEvent>> recorded_events(const RecordedFilter& filter) override;
  Result<Pruned> prune_events(TimeMs before, int limit, std::int64_t after_id) override;
  Result<RetainedStatus> retained_status() override;

  Result<std::vector<RecordHash>> record_hashes(const std::string& system, const std::string& record,
                                                const std::vector<std::string>& ids) override;
  Status set_record_hashes(const std::vector<RecordHash>& hashes) override;

 private:
  template <class T, class F>
  Result<T> read(F&& body);
  template <class T, class F>
  Result<T> write(F&& body) {
    if (read_only_) return Error{ErrorCode::kConflict, writer_->label() + ": the store is open read-only"};
    return queue_->run<T>(std::forward<F>(body));
  }
  template <class F>
  Result<Transition> transition(std::int64_t work_id, std::int64_t generation, const char* what, F&& change);
  TimeMs now() const { return clock_(); }

  Clock clock_;
  bool read_only_;
  std::unique_ptr<Conn> writer_;
  std::unique_ptr<Conn> reader_;
  std::mutex reader_mutex_;
  std::unique_ptr<WriteQueue> queue_;
};

// --- rows shared by the store's files (rows.cpp) ---
std::optional<WorkItem> load_work_item(Conn& db, std::int64_t work_id, bool lock = false);
std::vector<OutboxAttempt> load_attempts(Conn& db, std::int64_t work_id);
std::optional<DeadLetter> load_dead_letter(Conn& db, std::int64_t id, bool lock = false);
void insert_audit(Conn& db, const AuditEntry& entry);
void insert_attempts(Conn& db, std::int64_t work_id, int attempt, const std::vector<OutboxAttempt>& attempts, TimeMs now);
std::int64_t insert_work(Conn& db, std::int64_t event_id, const WorkSpec& spec, TimeMs now,
                         const std::optional<std::string>& payload = std::nullopt);
/// Serialises changes to (domain, key)'s head across processes until the transaction ends.
void lock_key(Conn& db, const std::string& domain, const std::string& key);
void advance_head(Conn& db, const std::string& domain, const std::string& key);
WorkState parse_work_state(const std::string& text);

template <class T, class F>
Result<T> PgStore::read(F&& body) {
  std::lock_guard lock(reader_mutex_);
  try {
    reader_->ensure_connected();
    // REPEATABLE READ: the several queries of one read see one snapshot, like SQLite's read transaction.
    reader_->exec("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
    Result<T> result = body(*reader_);
    reader_->exec("COMMIT");
    return result;
  } catch (const PgError& failure) {
    try {
      if (reader_->in_transaction()) reader_->exec("ROLLBACK");
    } catch (const PgError&) {
    }
    return Error{ErrorCode::kIo, failure.what()};
  }
}

template <class F>
Result<Transition> PgStore::transition(std::int64_t work_id, std::int64_t generation, const char* what, F&& change) {
  return write<Transition>([&](Conn& db) -> Result<Transition> {
    // FOR UPDATE: a claim by another process of this (expired) item waits for us, or we for it.
    auto item = load_work_item(db, work_id, true);
    if (!item) {
      return Error{ErrorCode::kNotFound, db.label() + ": " + what + " work item " + std::to_string(work_id) + ": no such item"};
    }
    if (item->state != WorkState::kRunning || item->generation != generation) return Transition::kLost;
    change(db, *item);
    return Transition::kApplied;
  });
}

}  // namespace syncloom::store::postgres
