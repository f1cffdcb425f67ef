// Workflow instances and buffered awaits on PostgreSQL: saved under the lease of the work item running the step.
#include "pg_store.hpp"

namespace syncloom::store::postgres {
namespace {

bool holds(Conn& db, std::int64_t work_id, std::int64_t generation) {
  auto item = load_work_item(db, work_id, true);
  return item && item->state == WorkState::kRunning && item->generation == generation;
}

WorkflowInstance instance_row(const Rows& r, int i) {
  WorkflowInstance w;
  w.id = r.int64(i, 0);
  w.workflow = r.text(i, 1);
  w.key = r.text(i, 2);
  w.sequence = r.int64(i, 3);
  w.status = parse_workflow_status(r.text(i, 4)).value_or(WorkflowStatus::kFailed);
  w.step = static_cast<int>(r.int64(i, 5));
  w.step_name = r.text(i, 6);
  w.records = r.text(i, 7);
  w.checkpoints = r.text(i, 8);
  w.deadline = r.int64(i, 9);
  w.work_id = r.int64(i, 10);
  w.correlation_id = r.text(i, 11);
  w.started_at = r.int64(i, 12);
  w.updated_at = r.int64(i, 13);
  return w;
}

}  // namespace

Result<std::optional<std::int64_t>> PgStore::save_workflow(std::int64_t work_id, std::int64_t generation,
                                                           const WorkflowInstance& w, std::int64_t consumed) {
  using Answer = std::optional<std::int64_t>;
  return write<Answer>([&](Conn& db) -> Result<Answer> {
    if (!holds(db, work_id, generation)) return Answer();
    const TimeMs at = now();
    std::int64_t id = w.id;
    if (id == 0) {
      // The instance key's items run one at a time (per-key FIFO), so the next sequence cannot race.
      Rows next = db.query("SELECT COALESCE(MAX(sequence), 0) + 1 FROM workflow_instance WHERE workflow = $1 AND instance_key = $2",
                           {w.workflow, w.key});
      Rows inserted = db.query(
          "INSERT INTO workflow_instance (workflow, instance_key, sequence, status, step, step_name, records, checkpoints,"
          " deadline, work_id, correlation_id, started_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10,"
          " $11, $12, $13) RETURNING id",
          {w.workflow, w.key, next.int64(0, 0), workflow_status_name(w.status), w.step, w.step_name, w.records,
           w.checkpoints, w.deadline, work_id, w.correlation_id, at, at});
      id = inserted.int64(0, 0);
    } else {
      db.query("UPDATE workflow_instance SET status = $1, step = $2, step_name = $3, records = $4, checkpoints = $5,"
               " deadline = $6, work_id = $7, updated_at = $8 WHERE id = $9",
               {workflow_status_name(w.status), w.step, w.step_name, w.records, w.checkpoints, w.deadline, work_id, at, id});
    }
    if (consumed != 0) db.query("DELETE FROM workflow_buffer WHERE id = $1", {consumed});
    return Answer(id);
  });
}

Result<std::vector<WorkflowInstance>> PgStore::workflow_instances(const WorkflowFilter& filter) {
  return read<std::vector<WorkflowInstance>>([&](Conn& db) -> Result<std::vector<WorkflowInstance>> {
    const char* sql = filter.newest_first
        ? "SELECT id, workflow, instance_key, sequence, status, step, step_name, records, checkpoints, deadline, work_id,"
          " correlation_id, started_at, updated_at FROM workflow_instance WHERE ($1::text IS NULL OR workflow = $1)"
          " AND ($2::text IS NULL OR instance_key = $2) AND ($3::bigint IS NULL OR id = $3)"
          " AND ($4::text IS NULL OR status = $4) AND ($5::integer IS NULL OR step = $5)"
          " AND ($6::bigint IS NULL OR work_id = $6)"
          " AND ($7::bigint IS NULL OR (status = 'awaiting' AND deadline > 0 AND deadline <= $7)) ORDER BY id DESC LIMIT $8"
        : "SELECT id, workflow, instance_key, sequence, status, step, step_name, records, checkpoints, deadline, work_id,"
          " correlation_id, started_at, updated_at FROM workflow_instance WHERE ($1::text IS NULL OR workflow = $1)"
          " AND ($2::text IS NULL OR instance_key = $2) AND ($3::bigint IS NULL OR id = $3)"
          " AND ($4::text IS NULL OR status = $4) AND ($5::integer IS NULL OR step = $5)"
          " AND ($6::bigint IS NULL OR work_id = $6)"
          " AND ($7::bigint IS NULL OR (status = 'awaiting' AND deadline > 0 AND deadline <= $7)) ORDER BY id LIMIT $8";
    std::optional<std::string> status;
    if (filter.status) status = workflow_status_name(*filter.status);
    std::optional<std::int64_t> step;
    if (filter.step) step = *filter.step;
    Rows r = db.query(sql, {filter.workflow, filter.key, filter.id, status, step, filter.work_id, filter.due_before,
                            filter.limit});
    std::vector<WorkflowInstance> out;
    for (int i = 0; i < r.size(); ++i) out.push_back(instance_row(r, i));
    return out;
  });
}

Result<std::optional<std::int64_t>> PgStore::buffer_await(std::int64_t work_id, std::int64_t generation, const BufferedAwait& e) {
  using Answer = std::optional<std::int64_t>;
  return write<Answer>([&](Conn& db) -> Result<Answer> {
    if (!holds(db, work_id, generation)) return Answer();
    Rows r = db.query(
        "INSERT INTO workflow_buffer (workflow, instance_key, step, await, event_id, payload, correlation_id, received_at)"
        " VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
        {e.workflow, e.key, e.step, e.await, e.event_id, e.payload, e.correlation_id, now()});
    return Answer(r.int64(0, 0));
  });
}

Result<std::vector<BufferedAwait>> PgStore::buffered_awaits(const std::string& workflow, const std::string& key, int step) {
  return read<std::vector<BufferedAwait>>([&](Conn& db) -> Result<std::vector<BufferedAwait>> {
    Rows r = db.query(
        "SELECT id, workflow, instance_key, step, await, event_id, payload, correlation_id, received_at"
        " FROM workflow_buffer WHERE workflow = $1 AND instance_key = $2 AND step = $3 ORDER BY id",
        {workflow, key, step});
    std::vector<BufferedAwait> out;
    for (int i = 0; i < r.size(); ++i)
      out.push_back({r.int64(i, 0), r.text(i, 1), r.text(i, 2), static_cast<int>(r.int64(i, 3)),
                     static_cast<int>(r.int64(i, 4)), r.int64(i, 5), r.text(i, 6), r.text(i, 7), r.int64(i, 8)});
    return out;
  });
}

}  // namespace syncloom::store::postgres
