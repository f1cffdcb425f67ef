// Running a workflow's work item (docs/runtime.md, "Workflows"): a start event makes an instance, an awaited
// event resumes the instance of its key waiting at that step (or waits in the buffer for one), a timeout
// fails the wait into the dead-letter queue. Steps run in order; each step's outcome is a checkpoint saved
// under the item's lease, so a crash resumes at the step it stopped in, and each write finds the record a
// repeated step made instead of making a second one.
#include "item_run.hpp"
#include "syncloom/wire/value.hpp"

namespace syncloom::core {

namespace {

using store::WorkflowInstance;
using store::WorkflowStatus;

wire::Value parse_or(std::string_view text, wire::Value fallback) {
  auto parsed = wire::parse(text);
  return parsed.value ? std::move(*parsed.value) : std::move(fallback);
}

// The record a step flow reads: the start record, or the one the step (or an earlier step) awaited.
const wire::Value* source_of(const WorkflowPlan& wf, size_t step, const PlanFlow& flow, const wire::Value& records) {
  if (flow.info.source == wf.start.record) return records.find("start");
  for (size_t s = step + 1; s-- > 0;)
    for (const Await& a : wf.steps[s].awaits)
      if (a.event.record == flow.info.source)
        if (const wire::Value* r = records.find(wf.steps[s].name)) return r;
  return nullptr;
}

}  // namespace

struct ItemRun::WorkflowRun {
  ItemRun& run;
  const WorkflowPlan& wf;
  size_t index;  // in SyncPlan::workflows
  WorkflowInstance instance{};
  wire::Value records = wire::Value::object();
  wire::Value checkpoints = wire::Value::array();
  std::int64_t consumed = 0;  // a buffered await taken by this run, deleted with the next checkpoint

  SyncEngine::Impl& e() { return run.e_; }
  const store::WorkItem& item() { return run.item_; }
  const Mapping& mapping() { return e().router.mapping(); }
  std::string start_json() { return wire::dump(records.at("start")); }

  void load(const WorkflowInstance& w) {
    instance = w;
    records = parse_or(w.records, wire::Value::object());
    checkpoints = parse_or(w.checkpoints, wire::Value::array());
  }

  void checkpoint(const std::string& outcome, const std::string& detail = {}, const std::string& target_id = {}) {
    wire::Value c = wire::Value::object();
    c.set("step", wire::Value::string(instance.step < static_cast<int>(wf.steps.size()) ? wf.steps[instance.step].name : ""));
    c.set("outcome", wire::Value::string(outcome));
    c.set("at", wire::Value::integer(e().now()));
    if (!detail.empty()) c.set("detail", wire::Value::string(detail));
    if (!target_id.empty()) c.set("target_id", wire::Value::string(target_id));
    checkpoints.push_back(std::move(c));
  }

  // The checkpoint: the instance as it is now, durable before anything further happens. False: the item
  // was taken over (the caller stops; the other worker resumes from the last checkpoint).
  bool save() {
    instance.records = wire::dump(records);
    instance.checkpoints = wire::dump(checkpoints);
    instance.step_name = instance.step < static_cast<int>(wf.steps.size()) ? wf.steps[instance.step].name : "";
    auto saved = e().store.save_workflow(item().id, item().generation, instance, consumed);
    if (!saved.ok() || !*saved) return false;
    instance.id = **saved;
    consumed = 0;
    if (instance.sequence == 0)  // numbered by the store on insert
      if (auto stored = e().store.workflow_instances({.id = instance.id}); stored.ok() && !stored->empty())
        instance.sequence = stored->front().sequence;
    return true;
  }

  Verdict done(const std::string& outcome) {
    Verdict v;
    v.kind = Verdict::kComplete;
    v.completion.outcome = outcome;
    v.completion.target_id = instance.id ? "instance " + std::to_string(instance.id) : "";
    v.completion.detail = wf.name + " " + instance.key + (instance.sequence ? "#" + std::to_string(instance.sequence) : "");
    return v;
  }
  Verdict lost() { return run.release(e().now()); }  // the store answers kLost; nothing more is done
  Verdict fail(const std::string& reason, const std::string& error) {
    instance.status = WorkflowStatus::kFailed;
    checkpoint("failed", reason + ": " + error);
    if (!save()) return lost();
    e().metrics.counter("syncloom_workflows_failed_total", "Workflow instances failed into the dead-letter queue",
                        {{"workflow", wf.name}, {"reason", reason}}).add();
    return run.dead(reason, wf.name + " " + instance.key + ", step " + current_step_name() + ": " + error);
  }
  std::string current_step_name() {
    return instance.step < static_cast<int>(wf.steps.size()) ? wf.steps[instance.step].name : "(done)";
  }

  Verdict dispatch();
  Verdict start();
  Verdict resume_await(size_t step, size_t await);
  Verdict time_out();
  Verdict advance(bool awaited_here);
  std::optional<Verdict> run_flows(size_t step);
  std::optional<Verdict> write(const PlanFlow& flow, const std::string& output, const std::string& known_id,
                               std::string& target_id);
};

Verdict ItemRun::run_workflow() {
  const SyncPlan& plan = e_.router.plan();
  std::string name = item_.domain.substr(kWorkflowPrefix.size());
  for (size_t w = 0; w < plan.workflows.size(); ++w)
    if (plan.workflows[w].name == name) {
      WorkflowRun wr{*this, plan.workflows[w], w};
      return wr.dispatch();
    }
  return dead("unknown workflow", "the mapping has no workflow `" + name + "`");
}

Verdict ItemRun::WorkflowRun::dispatch() {
  // An instance this item was running when it stopped (a crash, a lost lease, a wait for a reference):
  // resume at its step. The step's checkpoint tells what it already wrote.
  auto mine = e().store.workflow_instances({.workflow = wf.name, .key = item().key, .status = WorkflowStatus::kRunning,
                                            .work_id = item().id, .limit = 1});
  if (!mine.ok()) return run.release(e().now() + 1000);
  if (!mine->empty()) {
    load(mine->front());
    return advance(records.find(wf.steps[static_cast<size_t>(instance.step)].name) != nullptr);
  }
  if (item().topic == kWorkflowTimeoutTopic) return time_out();
  // The roles this event has in the workflow: awaited at a step (resuming an instance), then a start.
  std::optional<Verdict> verdict;
  std::string errors;
  for (const Listener& l : e().router.plan().listeners(item().system, item().topic)) {
    if (l.workflow != index || l.kind == Listener::Kind::kDomain) continue;
    if (l.kind == Listener::Kind::kAwait) {
      CorrelationKey key = mapping().await_key(index, l.step, l.await, item().payload);
      if (!key.ok) {
        errors += (key.path.empty() ? "" : key.path + ": ") + key.error;
        continue;
      }
      if (key.text == item().key) return resume_await(l.step, l.await);
    } else {
      CorrelationKey key = mapping().instance_key(index, item().payload);
      if (!key.ok) {
        errors += (key.path.empty() ? "" : key.path + ": ") + key.error;
        continue;
      }
      if (key.text == item().key) return start();
    }
  }
  if (!errors.empty()) return run.dead("uncorrelated", "no instance key for this " + item().topic + " event: " + errors);
  return done("filtered");
}

Verdict ItemRun::WorkflowRun::start() {
  // changed() in the start filter compares with the start record of the key's last instance.
  auto last = e().store.workflow_instances({.workflow = wf.name, .key = item().key, .newest_first = true, .limit = 1});
  if (!last.ok()) return run.release(e().now() + 1000);
  std::string previous;
  if (!last->empty()) previous = wire::dump(parse_or(last->front().records, wire::Value::object()).at("start"));
  RunContext context;
  if (!previous.empty() && previous != "null") context.previous = previous;
  syncloom::Verdict filter = mapping().start_filter(index, item().payload, context);
  if (filter.kind == syncloom::Verdict::Kind::kFail) return done("filtered");
  if (filter.kind == syncloom::Verdict::Kind::kError)
    return run.dead("rejected", (filter.path.empty() ? "" : filter.path + ": ") + filter.message, filter.path);
  instance = {};
  instance.workflow = wf.name;
  instance.key = item().key;
  instance.correlation_id = item().correlation_id;
  records.set("start", parse_or(item().payload, wire::Value::null()));
  checkpoint("started", item().system + " " + item().topic);
  if (!save()) return lost();
  e().metrics.counter("syncloom_workflows_started_total", "Workflow instances started", {{"workflow", wf.name}}).add();
  return advance(false);
}

Verdict ItemRun::WorkflowRun::resume_await(size_t step, size_t await) {
  auto waiting = e().store.workflow_instances({.workflow = wf.name, .key = item().key,
                                               .status = WorkflowStatus::kAwaiting, .step = static_cast<int>(step)});
  if (!waiting.ok()) return run.release(e().now() + 1000);
  // The oldest instance of the key waiting at this step whose filter the record passes takes it.
  for (const WorkflowInstance& w : *waiting) {
    load(w);
    std::string start = start_json();
    syncloom::Verdict filter = mapping().await_filter(index, step, await, item().payload, {nullptr, std::nullopt, start});
    if (!filter.passed()) continue;
    records.set(wf.steps[step].name, parse_or(item().payload, wire::Value::null()));
    instance.status = WorkflowStatus::kRunning;
    instance.deadline = 0;
    checkpoint("received", item().system + " " + item().topic);
    return advance(true);
  }
  // None waits yet (the awaited record came first): it waits for the next instance of its key to get there.
  auto buffered = e().store.buffer_await(item().id, item().generation,
                                         {.workflow = wf.name, .key = item().key, .step = static_cast<int>(step),
                                          .await = static_cast<int>(await), .event_id = item().event_id,
                                          .payload = item().payload, .correlation_id = item().correlation_id});
  if (!buffered.ok()) return run.release(e().now() + 1000);
  if (!*buffered) return lost();
  return done("buffered");
}

Verdict ItemRun::WorkflowRun::time_out() {
  wire::Value timer = parse_or(item().payload, wire::Value::object());
  auto id = timer.at("instance").as_int64();
  auto found = id ? e().store.workflow_instances({.id = *id}) : store::Result<std::vector<WorkflowInstance>>(
                                                                   std::vector<WorkflowInstance>{});
  if (!found.ok()) return run.release(e().now() + 1000);
  if (found->empty()) return done("filtered");
  load(found->front());
  // The awaited event came after the timer was queued: the instance moved on, the timer is stale.
  if (instance.status != WorkflowStatus::kAwaiting || instance.deadline == 0 || instance.deadline > e().now() ||
      timer.at("step").text() != current_step_name())
    return done("filtered");
  const StepPlan& step = wf.steps[static_cast<size_t>(instance.step)];
  std::string awaited;
  for (const Await& a : step.awaits)
    for (const std::string& topic : a.event.topics) awaited += (awaited.empty() ? "" : ", ") + a.event.system + " \"" + topic + "\"";
  e().metrics.counter("syncloom_workflow_timeouts_total", "Workflow awaits that timed out", {{"workflow", wf.name}}).add();
  return fail("workflow timeout", "awaited " + awaited + " until " + std::to_string(instance.deadline) +
                                      " (ms since the epoch); nothing came");
}

// Runs the instance's steps from its current one until it awaits, finishes or fails.
Verdict ItemRun::WorkflowRun::advance(bool awaited_here) {
  while (instance.step < static_cast<int>(wf.steps.size())) {
    const size_t s = static_cast<size_t>(instance.step);
    const StepPlan& step = wf.steps[s];
    if (!awaited_here) {
      syncloom::Verdict checks = mapping().step_checks(index, s, start_json());
      if (checks.kind == syncloom::Verdict::Kind::kFail) return fail("workflow check", checks.message);
      if (checks.kind == syncloom::Verdict::Kind::kError)
        return fail("rejected", (checks.path.empty() ? "" : checks.path + ": ") + checks.message);
      if (!step.awaits.empty()) {
        auto buffered = e().store.buffered_awaits(wf.name, instance.key, static_cast<int>(s));
        if (!buffered.ok()) return run.release(e().now() + 1000);
        std::string start = start_json();
        for (const store::BufferedAwait& b : *buffered) {
          if (!mapping().await_filter(index, s, static_cast<size_t>(b.await), b.payload, {nullptr, std::nullopt, start}).passed())
            continue;
          records.set(step.name, parse_or(b.payload, wire::Value::null()));
          consumed = b.id;
          checkpoint("received", "buffered event " + std::to_string(b.event_id));
          break;
        }
        if (consumed == 0) {
          std::optional<std::int64_t> timeout;
          for (const Await& a : step.awaits)
            if (a.timeout_ms) timeout = timeout ? std::min(*timeout, *a.timeout_ms) : *a.timeout_ms;
          instance.status = WorkflowStatus::kAwaiting;
          instance.deadline = timeout ? e().now() + *timeout : 0;
          checkpoint("awaiting");
          if (!save()) return lost();
          return done("awaiting");
        }
      }
    }
    if (auto stopped = run_flows(s)) return *stopped;
    checkpoint("done");
    ++instance.step;
    awaited_here = false;
    if (!save()) return lost();
  }
  instance.status = WorkflowStatus::kDone;
  if (!save()) return lost();
  e().metrics.counter("syncloom_workflows_completed_total", "Workflow instances done", {{"workflow", wf.name}}).add();
  e().log.info("workflow done", {{"workflow", wf.name}, {"key", instance.key}}, instance.correlation_id);
  return done("done");
}

// The step's flows, each written once: a flow already written in this step (a resumed step) updates the
// record it made. Nullopt when every flow is done.
std::optional<Verdict> ItemRun::WorkflowRun::run_flows(size_t s) {
  const StepPlan& step = wf.steps[s];
  std::string start = start_json();
  for (const PlanFlow& flow : step.flows) {
    std::string known_id;
    for (const wire::Value& c : checkpoints.items())
      if (c.at("step").text() == step.name && c.at("outcome").text() == "written" && c.at("flow").text() == flow.info.selector())
        known_id = c.at("target_id").text();
    const wire::Value* source = source_of(wf, s, flow, records);
    if (!source) return fail("rejected", "no " + flow.info.source + " record was received for " + flow.info.selector());
    RecordingRefs refs(e().refs, split_record(flow.info.target).system);
    std::string source_json = wire::dump(*source);
    RecordResult result = e().router.pipeline(flow.index).run(source_json, RunContext{&refs, std::nullopt, start});
    if (result.outcome == Outcome::kFiltered) continue;
    if (result.outcome == Outcome::kRejected) {
      std::string error = (result.error_path.empty() ? "" : result.error_path + ": ") + result.error;
      if (!refs.misses.empty()) {
        if (!save()) return lost();  // the wait resumes here
        return run.wait_for_refs(refs.misses, error);
      }
      return fail("rejected", error);
    }
    std::string target_id;
    if (auto stopped = write(flow, result.output, known_id, target_id)) return stopped;
    wire::Value c = wire::Value::object();
    c.set("step", wire::Value::string(step.name));
    c.set("outcome", wire::Value::string("written"));
    c.set("flow", wire::Value::string(flow.info.selector()));
    c.set("target_id", wire::Value::string(target_id));
    c.set("at", wire::Value::integer(e().now()));
    checkpoints.push_back(std::move(c));
    if (!save()) return lost();
  }
  return std::nullopt;
}

// One step write. Idempotent: the record this step wrote before (its checkpoint) is updated; otherwise the
// target is searched by the first field the document sets among those it can be found by (a sale's
// reference), so a step repeated after a crash finds what it made.
std::optional<Verdict> ItemRun::WorkflowRun::write(const PlanFlow& flow, const std::string& output,
                                                   const std::string& known_id, std::string& target_id) {
  auto [target_system, target_record] = split_record(flow.info.target);
  auto it = e().systems.find(target_system);
  if (it == e().systems.end()) return run.dead("no connector", "no system `" + target_system + "` is configured");
  connectors::Connector& connector = *it->second;
  connectors::WriteRequest request;
  request.record = target_record;
  request.mode = flow.write == WriteMode::kUpdateOnly   ? connectors::WriteMode::kUpdate
                 : flow.write == WriteMode::kCreateOnly ? connectors::WriteMode::kCreateIfAbsent
                                                        : connectors::WriteMode::kUpsert;
  request.json = output;
  request.id = known_id;
  request.correlation_id = instance.correlation_id;
  request.idempotency_key = "workflow/" + wf.name + ":" + instance.key + "#" + std::to_string(instance.sequence) + ":" +
                            wf.steps[static_cast<size_t>(instance.step)].name + ":" + flow.info.selector();
  if (request.id.empty()) {
    wire::Value doc = parse_or(output, wire::Value::object());
    for (const connectors::RecordSupport& support : connector.support())
      if (support.record == target_record)
        for (const std::string& field : support.find_fields)
          if (const wire::Value* v = doc.find(field); request.key.field.empty() && v && v->is_string() && !v->text().empty())
            request.key = {field, v->text()};
  }
  CircuitBreaker* breaker = e().breaker(target_system);
  if (breaker && !breaker->allow(CircuitBreaker::Clock::now())) {
    if (!save()) return lost();
    auto wait = std::chrono::duration_cast<std::chrono::milliseconds>(breaker->retry_at() - CircuitBreaker::Clock::now());
    return run.release(e().now() + std::max<int64_t>(wait.count(), 200));
  }
  connectors::Written written = connector.write(request);
  const connectors::Outcome& o = written.outcome;
  if (auto down = run.report_to_breaker(breaker, o, target_system)) {
    if (!save()) return lost();  // released at no cost: the retry resumes this step
    return *down;
  }
  store::OutboxAttempt attempt{.system = target_system, .outcome = connectors::outcome_kind_name(o.kind),
                               .message = o.ok() ? (written.created ? "created" : "updated") : connectors::describe(o),
                               .target_id = written.id};
  if (o.ok()) {
    target_id = written.id;
    return std::nullopt;
  }
  Verdict v = run.failed(o, target_system, request.mode == connectors::WriteMode::kUpdate, {attempt});
  const RetryPolicy& policy = wf.steps[static_cast<size_t>(instance.step)].retry;
  v.policy = policy;
  if (v.kind == Verdict::kRetry && item().attempt >= policy.attempts) {  // the instance fails with the item
    v.kind = Verdict::kDead;
    v.reason = "retries exhausted";
    v.error = "after " + std::to_string(item().attempt) + " attempts: " + v.error;
  }
  if (v.kind == Verdict::kDead) {
    Verdict failed = fail(v.reason, v.error);
    failed.attempts = v.attempts;
    return failed;
  }
  if (!save()) return lost();  // retried or released: the retry resumes this step
  return v;
}

}  // namespace syncloom::core
