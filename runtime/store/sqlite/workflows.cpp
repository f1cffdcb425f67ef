// Workflow instances and buffered awaits: saved under the lease of the work item running the step.
#include "sqlite_store.hpp"

namespace syncloom::store::sqlite {
namespace {

// The caller still runs `work_id` under `generation` (else another worker took it over).
bool holds(Db& db, std::int64_t work_id, std::int64_t generation) {
  auto item = load_work_item(db, work_id);
  return item && item->state == WorkState::kRunning && item->generation == generation;
}

WorkflowInstance instance_row(Stmt& stmt) {
  WorkflowInstance w;
  w.id = stmt.int_at(0);
  w.workflow = stmt.text_at(1);
  w.key = stmt.text_at(2);
  w.sequence = stmt.int_at(3);
  w.status = parse_workflow_status(stmt.text_at(4)).value_or(WorkflowStatus::kFailed);
  w.step = static_cast<int>(stmt.int_at(5));
  w.step_name = stmt.text_at(6);
  w.records = stmt.text_at(7);
  w.checkpoints = stmt.text_at(8);
  w.deadline = stmt.int_at(9);
  w.work_id = stmt.int_at(10);
  w.correlation_id = stmt.text_at(11);
  w.started_at = stmt.int_at(12);
  w.updated_at = stmt.int_at(13);
  return w;
}

}  // namespace

Result<std::optional<std::int64_t>> SqliteStore::save_workflow(std::int64_t work_id, std::int64_t generation,
                                                               const WorkflowInstance& w, std::int64_t consumed) {
  using Answer = std::optional<std::int64_t>;
  return write<Answer>([&](Db& db) -> Result<Answer> {
    if (!holds(db, work_id, generation)) return Answer();
    const TimeMs at = now();
    std::int64_t id = w.id;
    if (id == 0) {
      auto next = db.prepare("SELECT COALESCE(MAX(sequence), 0) + 1 FROM workflow_instance WHERE workflow = ? AND instance_key = ?");
      next.bind(1, std::string_view(w.workflow)).bind(2, std::string_view(w.key));
      next.step();
      std::int64_t sequence = next.int_at(0);
      next.run();
      auto insert = db.prepare(
          "INSERT INTO workflow_instance (workflow, instance_key, sequence, status, step, step_name, records, checkpoints,"
          " deadline, work_id, correlation_id, started_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
          " RETURNING id");
      insert.bind(1, std::string_view(w.workflow)).bind(2, std::string_view(w.key)).bind(3, sequence)
          .bind(4, std::string_view(workflow_status_name(w.status))).bind(5, std::int64_t{w.step})
          .bind(6, std::string_view(w.step_name)).bind(7, std::string_view(w.records))
          .bind(8, std::string_view(w.checkpoints)).bind(9, w.deadline).bind(10, work_id)
          .bind(11, std::string_view(w.correlation_id)).bind(12, at).bind(13, at);
      insert.step();
      id = insert.int_at(0);
      insert.run();
    } else {
      db.prepare(
            "UPDATE workflow_instance SET status = ?, step = ?, step_name = ?, records = ?, checkpoints = ?, deadline = ?,"
            " work_id = ?, updated_at = ? WHERE id = ?")
          .bind(1, std::string_view(workflow_status_name(w.status))).bind(2, std::int64_t{w.step})
          .bind(3, std::string_view(w.step_name)).bind(4, std::string_view(w.records))
          .bind(5, std::string_view(w.checkpoints)).bind(6, w.deadline).bind(7, work_id).bind(8, at).bind(9, id)
          .run();
    }
    if (consumed != 0) db.prepare("DELETE FROM workflow_buffer WHERE id = ?").bind(1, consumed).run();
    return Answer(id);
  });
}

Result<std::vector<WorkflowInstance>> SqliteStore::workflow_instances(const WorkflowFilter& filter) {
  return read<std::vector<WorkflowInstance>>([&](Db& db) -> Result<std::vector<WorkflowInstance>> {
    // The worker's lookups name the workflow and the key (an index); status and admin listings may not.
#define SYNCLOOM_INSTANCE_FILTER                                                                                \
  " (?3 IS NULL OR id = ?3) AND (?4 IS NULL OR status = ?4) AND (?5 IS NULL OR step = ?5)"                    \
  " AND (?6 IS NULL OR work_id = ?6) AND (?7 IS NULL OR (status = 'awaiting' AND deadline > 0 AND deadline <= ?7))"
#define SYNCLOOM_INSTANCE_SELECT "SELECT id, workflow, instance_key, sequence, status, step, step_name, records," \
  " checkpoints, deadline, work_id, correlation_id, started_at, updated_at FROM workflow_instance WHERE"
    const bool keyed = filter.workflow && filter.key;
    const char* sql =
        keyed ? (filter.newest_first
                     ? SYNCLOOM_INSTANCE_SELECT " workflow = ?1 AND instance_key = ?2 AND" SYNCLOOM_INSTANCE_FILTER " ORDER BY id DESC LIMIT ?8"
                     : SYNCLOOM_INSTANCE_SELECT " workflow = ?1 AND instance_key = ?2 AND" SYNCLOOM_INSTANCE_FILTER " ORDER BY id LIMIT ?8")
              : (filter.newest_first
                     ? SYNCLOOM_INSTANCE_SELECT " (?1 IS NULL OR workflow = ?1) AND (?2 IS NULL OR instance_key = ?2) AND"
                           SYNCLOOM_INSTANCE_FILTER " ORDER BY id DESC LIMIT ?8"
                     : SYNCLOOM_INSTANCE_SELECT " (?1 IS NULL OR workflow = ?1) AND (?2 IS NULL OR instance_key = ?2) AND"
                           SYNCLOOM_INSTANCE_FILTER " ORDER BY id LIMIT ?8");
#undef SYNCLOOM_INSTANCE_FILTER
#undef SYNCLOOM_INSTANCE_SELECT
    auto stmt = db.prepare(sql);
    std::optional<std::string> status;
    if (filter.status) status = workflow_status_name(*filter.status);
    std::optional<std::int64_t> step;
    if (filter.step) step = *filter.step;
    stmt.bind(1, filter.workflow).bind(2, filter.key).bind(3, filter.id).bind(4, status).bind(5, step)
        .bind(6, filter.work_id).bind(7, filter.due_before).bind(8, std::int64_t{filter.limit});
    std::vector<WorkflowInstance> out;
    while (stmt.step()) out.push_back(instance_row(stmt));
    return out;
  });
}

Result<std::optional<std::int64_t>> SqliteStore::buffer_await(std::int64_t work_id, std::int64_t generation,
                                                              const BufferedAwait& e) {
  using Answer = std::optional<std::int64_t>;
  return write<Answer>([&](Db& db) -> Result<Answer> {
    if (!holds(db, work_id, generation)) return Answer();
    auto stmt = db.prepare(
        "INSERT INTO workflow_buffer (workflow, instance_key, step, await, event_id, payload, correlation_id, received_at)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id");
    stmt.bind(1, std::string_view(e.workflow)).bind(2, std::string_view(e.key)).bind(3, std::int64_t{e.step})
        .bind(4, std::int64_t{e.await}).bind(5, e.event_id).bind(6, std::string_view(e.payload))
        .bind(7, std::string_view(e.correlation_id)).bind(8, now());
    stmt.step();
    std::int64_t id = stmt.int_at(0);
    stmt.run();
    return Answer(id);
  });
}

Result<std::vector<BufferedAwait>> SqliteStore::buffered_awaits(const std::string& workflow, const std::string& key,
                                                                int step) {
  return read<std::vector<BufferedAwait>>([&](Db& db) -> Result<std::vector<BufferedAwait>> {
    auto stmt = db.prepare(
        "SELECT id, workflow, instance_key, step, await, event_id, payload, correlation_id, received_at"
        " FROM workflow_buffer WHERE workflow = ? AND instance_key = ? AND step = ? ORDER BY id");
    stmt.bind(1, std::string_view(workflow)).bind(2, std::string_view(key)).bind(3, std::int64_t{step});
    std::vector<BufferedAwait> out;
    while (stmt.step())
      out.push_back({stmt.int_at(0), stmt.text_at(1), stmt.text_at(2), static_cast<int>(stmt.int_at(3)),
                     static_cast<int>(stmt.int_at(4)), stmt.int_at(5), stmt.text_at(6), stmt.text_at(7), stmt.int_at(8)});
    return out;
  });
}

}  // namespace syncloom::store::sqlite
