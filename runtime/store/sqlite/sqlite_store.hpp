// The SQLite store: one file, WAL, synchronous=FULL; writes through the group-commit queue, reads on their own connection.
#pragma once
#include <memory>
#include <mutex>
#include <string>

#include "checkpointer.hpp"
#include "db.hpp"
#include "syncloom/store/store.hpp"
#include "rows.hpp"
#include "write_queue.hpp"

namespace syncloom::store::sqlite {

class SqliteStore final : public Store {
 public:
  SqliteStore(std::unique_ptr<Db> writer, std::unique_ptr<Db> reader, std::unique_ptr<Db> checkpointer,
              const SqliteOptions& options);
  ~SqliteStore() override;

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
  /// Runs a read on the reader connection, in one read transaction (a consistent snapshot).
  template <class T, class F>
  Result<T> read(F&& body);
  template <class T, class F>
  Result<T> write(F&& body) { return queue_->run<T>(std::forward<F>(body)); }
  /// A transition from running: load the item, check it is running under `generation`, apply `change`.
  template <class F>
  Result<Transition> transition(std::int64_t work_id, std::int64_t generation, const char* what, F&& change);
  TimeMs now() const { return clock_(); }

  Clock clock_;
  std::unique_ptr<Db> writer_;
  std::unique_ptr<Db> reader_;
  std::mutex reader_mutex_;
  std::unique_ptr<Checkpointer> checkpointer_;
  std::unique_ptr<WriteQueue> queue_;
};

}  // namespace syncloom::store::sqlite

namespace syncloom::store::sqlite {

template <class T, class F>
Result<T> SqliteStore::read(F&& body) {
  std::lock_guard lock(reader_mutex_);
  try {
    reader_->prepare("BEGIN").run();
    Result<T> result = body(*reader_);
    reader_->prepare("COMMIT").run();
    return result;
  } catch (const DbError& failure) {
    if (!reader_->autocommit()) reader_->exec("ROLLBACK");
    return Error{ErrorCode::kIo, failure.what()};
  }
}

template <class F>
Result<Transition> SqliteStore::transition(std::int64_t work_id, std::int64_t generation, const char* what, F&& change) {
  return write<Transition>([&](Db& db) -> Result<Transition> {
    auto item = load_work_item(db, work_id);
    if (!item) {
      return Error{ErrorCode::kNotFound, db.path() + ": " + what + " work item " + std::to_string(work_id) + ": no such item"};
    }
    // The generation rose if anyone re-claimed the item after our lease expired: then it is theirs.
    if (item->state != WorkState::kRunning || item->generation != generation) return Transition::kLost;
    change(db, *item);
    return Transition::kApplied;
  });
}

}  // namespace syncloom::store::sqlite
