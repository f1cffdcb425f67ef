// The records of durable workflows in the store: instances with their checkpoints, and awaited events that
// arrived before an instance waited for them (docs/runtime.md, "Workflows").
#pragma once
#include <cstdint>
#include <optional>
#include <string>

#include "syncloom/store/types.hpp"

namespace syncloom::store {

enum class WorkflowStatus : unsigned char {
  kRunning,   ///< a work item is running its steps (`work_id`)
  kAwaiting,  ///< waiting at `step` for an awaited event, until `deadline` (0: no bound)
  kDone,      ///< every step done
  kFailed,    ///< a check failed, a step's write was refused, or an await timed out: in the dead-letter queue
};
const char* workflow_status_name(WorkflowStatus status);  ///< "running", "awaiting", "done", "failed"
std::optional<WorkflowStatus> parse_workflow_status(const std::string& text);

/// One instance of a workflow: (workflow, key, sequence). The runtime owns the JSON members' shape; the
/// store keeps them as text.
struct WorkflowInstance {
  std::int64_t id = 0;          ///< 0: not stored yet (save_workflow assigns it and the sequence)
  std::string workflow{};
  std::string key{};            ///< the instance key as canonical text
  std::int64_t sequence = 0;    ///< 1 for the key's first instance, then 2, ...
  WorkflowStatus status = WorkflowStatus::kRunning;
  int step = 0;                 ///< the current step's index (the step count when done)
  std::string step_name{};      ///< its name ("" when done)
  std::string records{};        ///< JSON object: "start" and each step that awaited, with the record received
  std::string checkpoints{};    ///< JSON array, one entry per step outcome, oldest first
  TimeMs deadline = 0;          ///< awaiting: when the await times out; 0 without a timeout
  std::int64_t work_id = 0;     ///< the work item that last ran it
  std::string correlation_id{}; ///< of the start event, followed through every step
  TimeMs started_at = 0;        ///< set by the store on insert
  TimeMs updated_at = 0;        ///< set by the store on every save
};

struct WorkflowFilter {
  std::optional<std::int64_t> id{};
  std::optional<std::string> workflow{};
  std::optional<std::string> key{};
  std::optional<WorkflowStatus> status{};
  std::optional<int> step{};              ///< at this step
  std::optional<std::int64_t> work_id{};  ///< last run by this work item
  std::optional<TimeMs> due_before{};     ///< awaiting with a deadline at or before this instant
  bool newest_first = false;              ///< else oldest first (by id)
  int limit = 1000;
};

/// An awaited event that found no instance waiting at its step (it came first: a refund polled before the
/// order's update that starts the return). The next instance of the key to reach that step takes it.
struct BufferedAwait {
  std::int64_t id = 0;
  std::string workflow{};
  std::string key{};
  int step = 0;
  int await = 0;
  std::int64_t event_id = 0;
  std::string payload{};
  std::string correlation_id{};
  TimeMs received_at = 0;  ///< set by the store
};

}  // namespace syncloom::store
