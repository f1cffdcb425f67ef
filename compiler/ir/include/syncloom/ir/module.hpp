// A compiled mapping in IR form: flows with their filters, checks and output, plus the tables and
// user functions they call. Immutable once built; the verifier checks it before any engine runs it.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "syncloom/ir/input_layout.hpp"
#include "syncloom/ir/node.hpp"

// Compiled by the stdlib (syncloom/stdlib/regex.hpp, zone.hpp); the IR only holds them.
extern "C" {
struct sl_regex;
struct sl_zone;
}

namespace syncloom::ir {

/// A pattern literal of `matches`, `regex_replace` or `regex_capture`, compiled once when the mapping is
/// compiled: both engines match with this one object (calls name it by `Node::index`). Immutable.
struct Regex {
  std::string pattern;
  std::shared_ptr<const sl_regex> code;
};

/// A time zone literal (`date(ts, "Europe/Berlin")`), loaded once from the tz database when the mapping is
/// compiled; calls name it by `Node::index`. Immutable.
struct Zone {
  std::string name;
  std::shared_ptr<const sl_zone> zone;
};

struct Table {
  std::string name;
  TypeRef key, value;
  std::vector<std::pair<std::string, NodePtr>> rows;  ///< key literal text -> value, sorted by key
  NodePtr fallback;                                   ///< `default`, or null (unlisted keys reject)
};

struct Function {
  std::string name;
  std::vector<TypeRef> params;  ///< locals 0..n-1
  TypeRef result;
  NodePtr body;
  int32_t locals = 0;
  std::vector<std::string> local_names;  ///< the mapping's name of each local (parameters first), for messages
};

/// How a flow's output meets the target system's records (the connector's write).
enum class WriteMode : uint8_t {
  kUpsert,      ///< find by key: update the record if it exists, else create it
  kUpdateOnly,  ///< `update`: patch an existing record; never create one
  kCreateOnly,  ///< `create`: create the record if none exists; never change an existing one
};

/// What a flow is for: mapping a record, or a workflow predicate or key the runtime evaluates on a record
/// (compiled as a flow, so that both engines run it the same way; never a Pipeline).
enum class FlowRole : uint8_t {
  kMap,     ///< a domain's or a workflow step's flow: source record -> target record
  kFilter,  ///< a workflow's start filter, an await's filter or one step check: `when` only, empty body
  kKey,     ///< a workflow's instance key or an await's `by`: `key` only (Interpreter::identity())
};

/// "map", "filter", "key".
const char* flow_role_name(FlowRole role);

struct Flow {
  FlowRole role = FlowRole::kMap;
  /// The flow reads the workflow's start record as `start` from the input envelope (kStartField) while its
  /// source is another record (an awaited one): the engines get make_start_envelope()'s document.
  bool reads_start = false;
  std::string domain;  ///< "orders"
  WriteMode write = WriteMode::kUpsert;
  std::string source;  ///< "woo.order"
  std::string target;  ///< "erp.salesOrder"
  InputLayout input;   ///< the fields the flow reads
  NodePtr when;        ///< record filter (flow `when` and the sync filters on its source), or null
  NodePtr key;         ///< the domain key computed from the source record (cross-reference), or null
  std::string target_key;        ///< the target field the key matches ("reference"), when it is a plain field
  std::vector<NodePtr> idempotency;  ///< idempotency key parts computed from the source record
  std::vector<Stmt> body;  ///< checks first (domain checks), then the flow's statements in order
  int32_t locals = 0;
  std::vector<std::string> local_names;  ///< the mapping's name of each local (`line`, `unit`), for messages
};

/// Where a workflow's predicates and keys are among Module::flows (-1: none), in SyncPlan's order.
struct WorkflowCode {
  int32_t start_filter = -1;  ///< kFilter on the start record
  int32_t key = -1;           ///< kKey on the start record: the instance key
  struct Step {
    std::vector<int32_t> checks;         ///< one kFilter per check, on the start record, in order
    std::vector<int32_t> await_filters;  ///< per await: kFilter on the awaited record, or -1
    std::vector<int32_t> await_keys;     ///< per await: kKey (its `by`) on the awaited record, or -1
  };
  std::vector<Step> steps;
};

struct Module {
  std::string mapping;
  std::vector<Table> tables;
  std::vector<Function> functions;
  std::vector<Flow> flows;  ///< the kMap flows first (domains, then workflow steps), then the workflows' predicates
  std::vector<WorkflowCode> workflows;  ///< per workflow of the mapping, in order
  std::vector<Regex> regexes;
  std::vector<Zone> zones;

  /// Stable text form: `syncloom compile --emit ir` and the golden IR tests print this.
  std::string to_string() const;
};

/// Which table `Node::index` of a call to built-in `name` refers to (when it is not -1).
enum class CallResource : uint8_t { kNone, kRegex, kZone };
CallResource call_resource(std::string_view name);
/// Whether evaluating `n` may reach `omit`, directly or through a value table's row (a `for` passes on only
/// its list's: its body's fields catch their own).
bool may_omit(const Node& n, const Module& m);

/// Structural and type checks every engine relies on; returns one message per problem (empty: valid).
std::vector<std::string> verify(const Module& m);

}  // namespace syncloom::ir
