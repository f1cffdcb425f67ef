// The sync plan: what the runtime needs of a mapping besides its flows (owners, keys, triggers, schedules,
// retry, conflict and reconcile policies, workflow steps), as plain data. No front-end, IR or LLVM type.
//
//   const syncloom::SyncPlan& plan = mapping->plan();
//   for (const auto& l : plan.listeners("woo", "order.created"))
//     if (l.kind == syncloom::Listener::Kind::kDomain) ... plan.domains[l.domain] ...
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace syncloom {

struct FlowInfo {
  std::string domain;  ///< "orders", or "workflow.step" for workflow flows
  std::string source;  ///< "woo.order"
  std::string target;  ///< "erp.salesOrder"
  std::string selector() const { return domain + ":" + source + "->" + target; }
};

/// A system a mapping declares: `system woo: woocommerce` is {"woo", "woocommerce"}. The runtime builds
/// one connector per system, of this kind, from the configuration entry of this name.
struct MappedSystem {
  std::string name;  ///< "woo"
  std::string kind;  ///< "woocommerce"
  /// The event topics the mapping listens to on this system, sorted and without repeats: those its
  /// `sync realtime/event on` statements, workflow `start on` and step `await` name ("order.created").
  /// What webhooks to subscribe to, or which topics to poll.
  std::vector<std::string> topics;
};

/// How a flow's output meets the target's records (docs/language.md section 11).
enum class WriteMode : uint8_t {
  kUpsert,      ///< find by key: update the record if it exists, else create it
  kUpdateOnly,  ///< `update`: patch an existing record; never create one (none found: the item fails)
  kCreateOnly,  ///< `create`: create the record if none exists; never change an existing one
};
/// "upsert", "update_only", "create_only".
const char* write_mode_name(WriteMode mode);

/// One flow as the runtime runs it; `index` is its place in Mapping::flows() (and Mapping::pipeline()).
struct PlanFlow {
  FlowInfo info;
  size_t index = 0;
  WriteMode write = WriteMode::kUpsert;
  /// The target field the record's key is matched against before a create ("reference"), when the key's
  /// other side is a plain field of the target record; "" otherwise (then the runtime finds the target
  /// through its cross-references only).
  std::string target_key;
  bool has_key = false;          ///< Pipeline::identity() computes a key for this flow's records
  size_t idempotency_parts = 0;  ///< how many idempotency parts identity() computes for them
  /// The flow has a record filter. It is compiled into the flow (Pipeline::run() answers kFiltered): the
  /// flow's `when`, the `sync ... when` filters of its domain on its source record, and for a workflow
  /// step's flow on the start record the start filter.
  bool has_filter = false;
  /// A workflow step's flow that reads the start record as `start` while its source is an awaited record:
  /// Pipeline::run() needs RunContext::start (the start record's JSON), else it rejects the record.
  bool reads_start = false;
};

/// When a batch sweep or a reconciliation runs: every `every_ms`, or at the cron expression's instants.
struct Schedule {
  enum class Kind : uint8_t { kEvery, kCron } kind = Kind::kEvery;
  int64_t every_ms = 0;  ///< kEvery: the interval in milliseconds
  std::string cron;      ///< kCron: the five fields as written ("30 3 * * *"), UTC (next_cron_fire)
  std::string text;      ///< as written: "15m", or the cron text
};

/// One clause of a `sync` statement.
struct Trigger {
  enum class Kind : uint8_t { kRealtime, kEvent, kBatch } kind = Kind::kEvent;
  std::string system;               ///< realtime/event: the system whose events run it ("woo"); batch: ""
  std::vector<std::string> topics;  ///< realtime/event: in the order written ("order.created", ...)
  std::optional<Schedule> schedule;  ///< batch only
  /// Which `sync` statement of the domain it belongs to (0-based): the clauses of one statement share its
  /// filter (`sync realtime on ... batch every 15m when ...`).
  size_t statement = 0;
  /// The statement has a `when` filter. It is already compiled into the `when` of the flows whose source
  /// is the record it reads (PlanFlow::has_filter): the runtime runs the flow and gets kFiltered.
  bool has_filter = false;
  std::string filter_text;  ///< the filter as written (whitespace collapsed), "" without one
  std::string filter_record;  ///< the record the filter reads ("woo.order"), "" without one
};
/// "realtime", "event", "batch".
const char* trigger_kind_name(Trigger::Kind kind);

/// The wait before a retry: `attempts` tries in all (the first included), then the dead-letter queue.
/// Before retry k (k = 1 after the first failure) the runtime waits a uniformly random time in
/// [backoff_min_ms, min(backoff_max_ms, backoff_min_ms * 2^k)] (full jitter over an exponential ceiling;
/// retry_delay_ms). Throttling (429, 503, Retry-After) waits as the connector says and spends no attempt.
struct RetryPolicy {
  int64_t attempts = 5;
  int64_t backoff_min_ms = 1'000;
  int64_t backoff_max_ms = 300'000;
  enum class Then : uint8_t { kDeadLetter } then = Then::kDeadLetter;  ///< the only outcome: records are never dropped
  bool declared = false;          ///< written in the mapping (else the default above: retry 5 backoff 1s..5m)
  /// `backoff` written (else 1s..5m; a step's `retry N` alone keeps its workflow's backoff, and this flag)
  bool backoff_declared = false;
  std::string text;               ///< the effective policy as the language writes it: "retry 6 backoff 2s..10m then dead_letter"
};

/// The lower and upper bound of the wait before retry `retry` (1-based) under `policy`, in milliseconds.
struct RetryWindow {
  int64_t min_ms = 0, max_ms = 0;
};
RetryWindow retry_window(const RetryPolicy& policy, int64_t retry);
/// The wait before retry `retry`, drawn from retry_window() by `random` (uniform over all uint64 values;
/// the caller owns the generator, so this is pure).
int64_t retry_delay_ms(const RetryPolicy& policy, int64_t retry, uint64_t random);

/// What happens when both systems changed a record since the last sync (docs/semantics.md).
struct ConflictPolicy {
  enum class Kind : uint8_t { kOwnerWins, kNewestWins, kDeltaMerge } kind = Kind::kOwnerWins;
  /// newest_wins: the timestamp that decides, as written ("woo.customer.date_modified_gmt"), its record
  /// ("woo.customer") and its field path within the record ("date_modified_gmt").
  std::string by_text, by_record, by_path;
  std::vector<std::string> fields;  ///< delta_merge: the numeric fields that merge by adding both changes
  bool declared = false;            ///< written in the mapping (else owner_wins)
};
/// "owner_wins", "newest_wins", "delta_merge".
const char* conflict_kind_name(ConflictPolicy::Kind kind);

struct Reconcile {
  Schedule schedule;
  std::vector<std::string> fields;  ///< the fields compared and repaired; empty: every mapped field
};

/// `field woo.order.status owned_by erp`.
struct FieldOwner {
  std::string record;  ///< "woo.order"
  std::string field;   ///< "status"
  std::string owner;   ///< "erp"
};

/// One side of a domain key.
struct KeySide {
  std::string system;  ///< "woo"
  std::string record;  ///< "woo.order"
  std::string field;   ///< the field when the side is a plain field of the record ("number"), else ""
  std::string text;    ///< the expression as written: "lower(woo.customer.email)"
};

struct DomainKey {
  KeySide source;  ///< the side that reads the owner's record (the left side when neither does)
  KeySide target;  ///< the other side
};

struct DomainPlan {
  std::string name;
  std::string owner;  ///< "" for a domain without an owner (it has no flows)
  std::optional<DomainKey> key;
  std::vector<FieldOwner> field_owners;
  std::vector<PlanFlow> flows;
  std::vector<Trigger> triggers;  ///< every clause of every `sync` statement, in order
  std::vector<std::string> idempotency;  ///< the parts as written, in order (each flow computes those reading its source)
  RetryPolicy retry;
  ConflictPolicy conflict;
  std::vector<Reconcile> reconciles;
  size_t checks = 0;  ///< domain checks (compiled into the flows whose source is the owner)
};

/// A `start on` or an `await`: events of one system's topics, which carry one record.
struct EventMatch {
  std::string system;
  std::vector<std::string> topics;
  std::string record;  ///< "woo.order"
  /// The trigger has a `when` filter. Mapping::start_filter() and Mapping::await_filter() evaluate it (on
  /// both engines); a start filter is also compiled into the flows of the workflow whose source is the
  /// start record (PlanFlow::has_filter), an await filter into none.
  bool has_filter = false;
  std::string filter_text;  ///< the filter as written (whitespace collapsed), "" without one
  bool filter_reads_start = false;  ///< an await filter that reads `start` (needs the start record)
};

/// The instance key of a workflow: what tells its instances apart (docs/language.md section 13).
/// An instance is (workflow, key, sequence): the sequence counts the instances one key has had.
struct InstanceKey {
  std::string text;  ///< the `key` expression as written, or the start record's id field ("id") by default
  bool declared = false;  ///< written as `key EXPR` (else the start record's `id`)
  std::string type;  ///< "int" or "string" (optional: the key may be null, an error at run time)
};

struct Await {
  EventMatch event;
  std::optional<int64_t> timeout_ms;  ///< none: waits without a bound
  /// The `by` expression as written: it reads the awaited record and gives the key of the instance the
  /// event belongs to (Mapping::await_key()); compared as canonical text with the instance key.
  std::string by_text;
};

/// One `check` of a step, in order: Mapping::step_checks() answers the first that fails.
struct StepCheck {
  std::string text;     ///< the condition as written
  std::string message;  ///< its `else` message
};

struct StepPlan {
  std::string name;
  std::vector<Await> awaits;  ///< in order
  std::vector<PlanFlow> flows;
  /// The step checks, evaluated by Mapping::step_checks() on the start record when the step begins
  /// (before its awaits); they are also compiled into the step's flows of the start record.
  std::vector<StepCheck> checks;
  RetryPolicy retry;  ///< the step's own (over the workflow's backoff), else the workflow's, else the default
};

struct WorkflowPlan {
  std::string name;
  EventMatch start;
  InstanceKey key;
  RetryPolicy retry;  ///< the workflow's, else the default
  std::vector<StepPlan> steps;  ///< in order
};

/// Who listens to one (system, topic).
struct Listener {
  enum class Kind : uint8_t {
    kDomain,         ///< a domain's realtime or event trigger: run `flows` with the event's record
    kWorkflowStart,  ///< starts an instance of `workflow`
    kAwait,          ///< resumes instances of `workflow` waiting at `step`'s await `await`
  } kind = Kind::kDomain;
  size_t domain = 0, trigger = 0;            ///< kDomain: indices into SyncPlan::domains and its triggers
  size_t workflow = 0, step = 0, await = 0;  ///< kWorkflowStart (workflow), kAwait (all three)
  /// kDomain: the domain's flows whose source is the topic's record (indices into DomainPlan::flows)
  std::vector<size_t> flows;
};

struct SyncPlan {
  std::string mapping;  ///< the mapping's name
  int64_t version = 0;  ///< its version
  std::vector<MappedSystem> systems;  ///< by name; the same as Mapping::systems()
  std::vector<DomainPlan> domains;    ///< in declaration order
  std::vector<WorkflowPlan> workflows;

  /// Every domain trigger, workflow start and await on this (system, topic), in declaration order.
  std::vector<Listener> listeners(std::string_view system, std::string_view topic) const;
  const DomainPlan* domain(std::string_view name) const;
  const WorkflowPlan* workflow(std::string_view name) const;
  /// The plan as indented JSON (`syncloom compile MAPPING --emit plan`): the members above under their
  /// names, enums as their names (write_mode_name, ...), a flow's FlowInfo as selector, source and target,
  /// an await's event members beside its timeout_ms;
  /// tests/data/sync_plan/every_clause.plan.json shows every member.
  std::string to_json() const;
};

/// The record a topic carries on a system: ("woo", "order.created") is "woo.order".
std::string topic_record(std::string_view system, std::string_view topic);

/// The first instant strictly after `after_unix_seconds` at which the five-field cron expression fires,
/// in UTC Unix seconds, with Vixie cron's day rule (when both day fields are restricted, either matches;
/// when one starts with `*`, both must), the same parser as the E0402 check. Nullopt with `error` set
/// when the expression is malformed or never fires (`0 0 30 2 *`), or the instant is outside years 1-9999.
std::optional<int64_t> next_cron_fire(std::string_view cron, int64_t after_unix_seconds, std::string* error = nullptr);

}  // namespace syncloom
