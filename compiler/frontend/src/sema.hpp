// Semantic analysis internals shared by the check_*.cpp passes.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "facts.hpp"
#include "syncloom/diag/diagnostic.hpp"
#include "syncloom/frontend/program.hpp"
#include "syncloom/schema/schema.hpp"

namespace syncloom::frontend::detail {

using schema::Type;
using schema::TypeKind;
using schema::TypePtr;

/// The closest candidate within a small edit distance, or "" (for "did you mean").
std::string suggest(std::string_view name, const std::vector<std::string>& candidates);
/// The known topic a misspelt `RECORD.EVENT` topic most likely meant (each part a near miss), or "".
std::string suggest_topic(std::string_view topic, const std::vector<std::string>& known);
/// "did you mean `x`?" or "" when nothing is close.
std::string did_you_mean(std::string_view name, const std::vector<std::string>& candidates);

/// A name bound in an expression scope: let, loop variable or function parameter.
struct Local {
  std::string name;
  TypePtr type;
  NameRef kind;
  FlowStmt* let = nullptr;  ///< to mark lets used
  int32_t id = -1;          ///< unique per binding in a compilation: facts about it are keyed by it
};

/// Where an expression is checked: which record bare names read, which locals are visible.
struct Env {
  ModuleScope* scope = nullptr;
  const schema::StructType* record = nullptr;  ///< bare names are fields of this (null in functions)
  std::string record_label;                    ///< "woo.order", for messages
  const SystemInfo* system = nullptr;          ///< system of `record` (meta_data keys)
  std::string record_name;                     ///< record name within the system
  std::vector<Local> locals;
  bool system_paths = false;  ///< keys, idempotency, conflict `by`: names are `system.record.field`
  bool allow_changed = false; ///< workflow start / sync filters may use changed()
  /// In a workflow: the start record, read as `start.FIELD` ("woo.order" in `start_label`); null elsewhere.
  std::shared_ptr<const schema::StructType> start;
  std::string start_label;
  /// Why `start` cannot be read here although this is a workflow (an await's `by`), for the E0104 note.
  const char* no_start = nullptr;
  std::string target_system;  ///< the flow's target system, for ref()
  std::vector<std::string>* systems_read = nullptr;  ///< collects "sys.record" read via system paths
  FactStack facts;  ///< what the enclosing conditions say (narrowing, unreachable table rows)

  const Local* find_local(std::string_view name) const;
};

class Sema {
 public:
  Sema(Program& program, diag::DiagnosticBag& diags, schema::SchemaRegistry& schemas)
      : program_(program), diags_(diags), schemas_(schemas) {}

  void run(bool lint);

  // collect.cpp
  void collect_scopes();
  void collect_systems();
  void collect_domains();
  TypePtr resolve_type(const TypeRef& ref, ModuleScope* scope);

  // check_decls.cpp
  void check_tables(ModuleScope& scope);
  void check_functions(ModuleScope& scope);
  void check_recursion();

  // check_expr.cpp
  TypePtr check(Expr* e, Env& env);
  /// Checks `e` and reports E0201/E0202/E0205/E0209 when it cannot be stored in a slot of type `want`.
  /// `omit_context`: where `e` stands, for E0212; null when it may reach `omit` (a field's value, a table row,
  /// a function argument, which pass it on).
  void check_assignable(Expr* e, const TypePtr& want, Env& env, std::string_view what, bool required,
                        const char* omit_context = kNoField);
  /// Reports E0203 if `e` is still fallible where a value is consumed, and E0212 if it may reach `omit`
  /// where no field can be left out (`omit_context` says where; null: it may).
  void require_handled(const Expr* e, const char* omit_context = kNoField);
  static constexpr const char* kNoField = "no field to leave out here";
  void report_omit(Span at, const std::string& label);
  /// Tables with a row that is (or may reach) `omit`: a lookup of one leaves out the field it stands in.
  std::map<const TableDecl*, Span> omitting_tables_;
  /// `for x in xs ...`; with `target`, an object body is checked field by field against it.
  TypePtr check_for(Expr* e, Env& env, const TypePtr& target_element);
  /// Checks `e` with the type its destination expects pushed down into object blocks of `for`
  /// comprehensions (also through `+` list concatenation and `if` branches).
  TypePtr check_targeted(Expr* e, const TypePtr& want, Env& env);
  /// The two branches of `if` (operands 1 and 2), each under the facts its side of the condition gives.
  std::pair<TypePtr, TypePtr> check_branches(Expr* e, Env& env, const TypePtr* want);

  // check_call.cpp
  TypePtr check_call(Expr* e, Env& env);
  TypePtr check_index(Expr* e, Env& env);
  /// `changed(x)` (check_changed.cpp).
  TypePtr check_changed(Expr* e, Env& env);

  // check_call_list.cpp: sort, sort_by, distinct, group_by (key functions and sort orders)
  TypePtr check_list_call(Expr* e, Env& env);
  /// A key function `x => key` over elements of type `element`; the key's type.
  TypePtr check_lambda(Expr* lambda, const TypePtr& element, Env& env);
  // check_call_regex.cpp: matches, regex_replace, regex_capture (`types`: the checked arguments)
  TypePtr check_regex_call(Expr* e, const std::vector<TypePtr>& types);
  // check_call_text.cpp: pad_left, pad_right, parse_json; `any` indexed by a literal key or an int
  TypePtr check_text_call(Expr* e, const std::vector<TypePtr>& types);
  TypePtr check_any_index(Expr* e, const TypePtr& index);
  // check_call_time.cpp: the zone argument of date, timestamp, string and format_date (a literal the tz
  // database has, E0211), for a value of one of the `accepts` kinds; a literal format's directives
  bool check_zone_arg(Expr* call, size_t i, const TypePtr& value, const std::vector<TypeKind>& accepts);
  bool check_time_format(const Expr* format);
  /// The struct types built-ins make (group_by's groups, regex_capture's groups), one per spelling, so that
  /// two calls making the same shape have the same type.
  TypePtr anonymous_struct(std::vector<schema::FieldSchema> fields, bool optional);
  std::map<std::string, std::shared_ptr<const schema::StructType>> anonymous_structs_;
  std::vector<std::string> zone_names_;  ///< the tz database's names, read on the first unknown zone
  bool zone_names_read_ = false;

  // check_flow.cpp
  /// `filters`: conditions checked elsewhere that every record reaching the flow's body satisfies (its
  /// domain's sync filters on its record, its workflow's start filter and step checks).
  /// `start`: in a workflow step, the start record's type (the flow reads it as `start`), else null.
  void check_flow(FlowDecl& flow, DomainDecl* domain, std::vector<CheckDecl>* domain_checks,
                  const std::vector<const Expr*>& filters = {}, std::shared_ptr<const schema::StructType> start = nullptr,
                  const std::string& start_label = "");
  /// Checks a flow body or nested object block against `target` (null: unknown target, values only).
  /// Returns the struct the block builds. `path` prefixes written field paths for E0303.
  std::shared_ptr<schema::StructType> check_block(Block& b, Env& env, const schema::StructType* target,
                                                  const std::string& path, Span header = {});
  /// Field `name` of a flow's target struct; E0104 with a "did you mean" when it has none (null target: unknown).
  const schema::FieldSchema* target_field(const schema::StructType* target, const Ident& name);
  /// The `meta_data["KEY"] = ...` entries of one block written to one field (check_meta.cpp).
  struct MetaEntries {
    Span first;                       ///< the first entry: where the list is computed and written
    size_t locals_at_first = 0;       ///< locals in scope there
    std::map<std::string, Span> keys;  ///< key -> where written
  };
  void check_meta_assign(FlowStmt& stmt, Env& env, const schema::StructType* target, const std::string& path,
                         const std::map<std::string, Span>& assigned, std::map<std::string, MetaEntries>& metas,
                         schema::StructType& built);
  /// E0302: may the current flow write top-level `field` of its target record? A `field ... owned_by`
  /// declaration in any domain decides; else, in a domain flow, the domain's owner.
  void check_field_owner(const std::string& field, Span at);
  /// Every domain's `field ... owned_by` lines by "sys.record.field"; E0310 when two disagree.
  void collect_field_owners();
  const FieldOwnerDecl* declared_owner(const std::string& system, const std::string& record, const std::string& field) const;
  std::map<std::string, const FieldOwnerDecl*> field_owners_;
  std::map<const FieldOwnerDecl*, const DomainDecl*> field_owner_domains_;
  /// Each written target path ("shippingAddress.addr1") with the span that writes it.
  struct Write {
    std::string record;  ///< "erp.salesOrder"
    std::string path;
    Span span;
    int flow = 0;  ///< which flow wrote it: one flow may write a path from several comprehensions
  };
  int flow_counter_ = 0;

  // check_domain.cpp
  void check_domain(DomainDecl& d);
  void check_duration(const Duration& d, int64_t min_ms, int64_t max_ms, std::string_view what);
  void check_cron(const Schedule& s);
  void check_retry(const RetryDecl& r);
  void check_topics(const Ident& system, const std::vector<Ident>& topics);
  /// check_sync.cpp: sync statements, the records their topics carry and the flows they feed.
  void check_syncs(DomainDecl& d);
  /// The record ("woo.order") a known topic of `system` carries, or "" (unknown system or topic).
  std::string topic_record(const Ident& system, const Ident& topic);
  /// The topics that carry `record` ("woo.order"), quoted and comma-separated, or "".
  std::string topics_of(const std::string& record);
  /// The record that topic events of `system` carry ("order.created" on woo -> order), or null.
  const schema::RecordSchema* record_for_topic(const SystemInfo& sys, std::string_view topic, std::string* name);

  // check_workflow.cpp
  void check_workflow(WorkflowDecl& w);
  /// The instance key (E0407) and each await's `by` against it (E0408, E0409).
  void check_instance_key(WorkflowDecl& w, const std::string& start_record);
  void check_await_by(AwaitStmt& a, const WorkflowDecl& w, const std::string& record);
  /// The struct type of record "sys.record", or null.
  std::shared_ptr<const schema::StructType> record_type(const std::string& record);
  /// The kMember base being checked, so that `start` is accepted there and only there.
  const Expr* member_base_ = nullptr;
  /// The one record a start's or an await's topics carry (E0406 when they carry several), or "".
  std::string trigger_record(const Ident& system, const std::vector<Ident>& topics, std::string_view what);
  /// Where a trigger's `when` and a step's checks are checked: bare names are fields of `record`.
  Env trigger_env(const std::string& record);

  // lint_table_rows.cpp: rows of value tables that no lookup can reach (L0007)
  /// Marks the rows of `table` that a lookup with key `index` can reach under the facts in force.
  void note_table_lookup(const TableDecl& table, const Expr* index, const Env& env);
  void lint_unreachable_rows();
  std::map<const TableDecl*, std::vector<bool>> rows_reached_;

  // lint_unused.cpp
  void lint_unused();
  // check_instances.cpp: E0303, one writer per field of one record instance
  void check_double_writes();
  /// Can flows `a` and `b` (flow ids) write the same record? Not when either only creates records, or
  /// when their keys (or the key fields they assign) can never be equal.
  bool may_share_instance(int a, int b);
  struct FlowSite {
    const FlowDecl* flow = nullptr;
    const DomainDecl* domain = nullptr;
  };
  std::map<int, FlowSite> flow_sites_;
  void check_module_contents();

  // helpers
  void report(diag::Diagnostic d) { diags_.report(std::move(d)); }
  int32_t next_local_id_ = 0;
  /// `t` narrowed by the facts in force: not optional where a condition proved `e` is not null.
  TypePtr narrowed(const Expr* e, const TypePtr& t, const Env& env) const;
  const SystemInfo* find_system(const Ident& name, bool report_unknown = true);
  const schema::RecordSchema* find_record(const SystemInfo& sys, const Ident& record, bool report = true);
  Env record_env(const Ident& system, const Ident& record, ModuleScope* scope);

  Program& program_;
  diag::DiagnosticBag& diags_;
  schema::SchemaRegistry& schemas_;
  std::vector<Write> writes_;  ///< every flow's writes, for E0303
  /// Call graph among user functions, for E0208.
  std::map<const FunctionDecl*, std::vector<std::pair<const FunctionDecl*, Span>>> calls_;
  const FunctionDecl* current_function_ = nullptr;
  /// The flow being checked: its target record key ("erp.salesOrder"), for writes and ownership.
  struct FlowContext {
    std::string target_key;
    std::string source_system;
    std::string target_system;
    const DomainDecl* domain = nullptr;
    bool check_ownership = false;
    bool update_only = false;
  };
  FlowContext* flow_ = nullptr;
  std::string write_path_;  ///< path of the field whose value is being checked (for nested `for` blocks)
  bool lint_ = true;
  void check_domain_key(DomainDecl& d);
  /// "sys.record" read on each side of each domain's key, filled before flows are checked (ref()).
  std::map<const DomainDecl*, std::vector<std::string>> key_records_;
  std::map<const DomainDecl*, std::pair<TypePtr, TypePtr>> key_types_;
};

}  // namespace syncloom::frontend::detail
