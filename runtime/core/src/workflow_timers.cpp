// Workflow awaits that ran out of time: each due wait becomes one timeout event in the inbox (deduplicated by
// instance, step and deadline, so several schedulers sharing a store queue it once), which the worker turns
// into a failed instance and a dead letter with the reason (workflow_run.cpp).
#include "syncloom/core/event_sources.hpp"
#include "syncloom/wire/value.hpp"

namespace syncloom::core {

size_t fire_workflow_timeouts(const EventRouter& router, store::Store& store, Metrics& metrics, Logger& log,
                              store::TimeMs now) {
  if (router.plan().workflows.empty()) return 0;
  auto due = store.workflow_instances({.due_before = now});
  if (!due.ok()) {
    log.warn("cannot list due workflow awaits", {{"error", due.error().message}});
    return 0;
  }
  Routed routed;
  for (const store::WorkflowInstance& w : *due) {
    wire::Value payload = wire::Value::object();
    payload.set("instance", wire::Value::integer(w.id));
    payload.set("workflow", wire::Value::string(w.workflow));
    payload.set("key", wire::Value::string(w.key));
    payload.set("step", wire::Value::string(w.step_name));
    payload.set("deadline", wire::Value::integer(w.deadline));
    // The records the instance holds, so that the dead letter shows what was being waited for.
    auto records = wire::parse(w.records);
    payload.set("records", records.value ? std::move(*records.value) : wire::Value::null());
    store::Event e;
    e.system = "syncloom";
    e.topic = std::string(kWorkflowTimeoutTopic);
    e.record = "workflow";
    e.source_id = std::to_string(w.id);
    e.dedupe_scope = std::string(kWorkflowPrefix) + w.workflow;
    e.dedupe_key = "timeout:" + std::to_string(w.id) + ":" + w.step_name + ":" + std::to_string(w.deadline);
    e.payload = wire::dump(payload);
    e.correlation_id = w.correlation_id;
    e.work.push_back({.domain = e.dedupe_scope, .key = w.key, .priority = kPriorityEvent});
    routed.events.push_back(std::move(e));
  }
  auto accepted = accept_routed(store, metrics, routed);
  return accepted.ok() ? *accepted : 0;
}

}  // namespace syncloom::core
