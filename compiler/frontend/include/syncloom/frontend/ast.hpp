// The abstract syntax tree of one .loom file: plain data with source spans; sema fills in types.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "syncloom/diag/diagnostic.hpp"
#include "syncloom/schema/type.hpp"

namespace syncloom::frontend {

using diag::Span;

/// A name as written, with where it was written.
struct Ident {
  std::string text;
  Span span;
};

struct Block;
struct Expr;
struct TableDecl;
struct FunctionDecl;
using ExprPtr = std::unique_ptr<Expr>;

enum class ExprKind : uint8_t {
  kLiteral,   ///< literal_kind + text (decoded string value, or the number as written)
  kName,      ///< name: a field of the current record, a let, a loop variable, a parameter ...
  kMember,    ///< operands[0] . name
  kIndex,     ///< operands[0] [ operands[1] ]  (table lookup, meta_data["key"], list index)
  kCall,      ///< name ( operands... ) with `bang` for `!`
  kUnary,     ///< op ("-" or "not") operands[0]
  kBinary,    ///< operands[0] op operands[1]; op is "+", "-", "*", "/", "%", "==", ..., "and", "or", "??"
  kIn,        ///< operands[0] in operands[1]; `negated` for `not in`
  kIf,        ///< if operands[0] then operands[1] else operands[2]
  kFor,       ///< for name in operands[0] [when operands[1]] { block } | => operands[2]
  kList,      ///< [ operands... ]
  kReject,    ///< reject "text"
  kLambda,    ///< text => operands[0]: a key function, only as a call argument (`sort_by(xs, x => x.sku)`)
  kOmit,      ///< omit: the field whose value reaches it is left out of the output
};

enum class LiteralKind : uint8_t { kString, kInt, kDecimal, kBool, kNull };

/// How a name was resolved by sema (kName and kCall nodes).
enum class NameRef : uint8_t {
  kUnresolved,
  kField,      ///< a field of the flow's current record (or the loop element's struct)
  kLet,        ///< a let binding
  kLoopVar,    ///< a `for` variable
  kParam,      ///< a user function parameter
  kSystem,     ///< a system name heading a qualified path (keys, idempotency)
  kDomain,     ///< first argument of ref()
  kTable,      ///< a value table (indexed)
  kBuiltin,    ///< a built-in function
  kUserFunction,
  kRoundingMode,  ///< half_even, half_up, ... as an argument of round()
  kSortOrder,     ///< ascending, descending as an argument of sort() and sort_by()
  kStart,         ///< `start` in a workflow: the record that started the instance (only as `start.FIELD`)
};

struct Expr {
  ExprKind kind;
  Span span;
  LiteralKind literal_kind = LiteralKind::kNull;
  std::string text;   ///< literal value, name, member name or operator
  Span name_span;     ///< span of `text` when it is a name (member, call)
  bool bang = false;  ///< kCall: `f(x)!` rejects the record when f fails
  bool negated = false;  ///< kIn: `not in`
  std::vector<ExprPtr> operands;
  std::unique_ptr<Block> block;  ///< kFor with an object body
  bool has_filter = false;       ///< kFor: operands[1] is the `when` filter

  // Filled by sema.
  schema::TypePtr type;
  NameRef ref = NameRef::kUnresolved;
  bool fallible = false;  ///< the expression can fail at run time (conversion) and is not yet handled
  Span fallible_at;       ///< the unhandled fallible call, for E0203
  int32_t binding = -1;                    ///< kName of a let, loop variable or parameter: which binding (sema)
  bool omits = false;     ///< evaluating it may reach `omit` (directly, or through a table row)
  Span omit_at;           ///< where, for E0212 and E0213
  const TableDecl* table = nullptr;        ///< kIndex on a table: which one (sema)
  const FunctionDecl* function = nullptr;  ///< kCall of a user function: which one (sema)
  int32_t resource = -1;  ///< kCall of a regex or time-zone built-in: its pattern or zone in Program (sema)
  std::string raw;        ///< kLiteral strings: the source text between the quotes (for offsets into it)
};

struct CheckDecl {
  ExprPtr condition;
  std::string message;
  Span span;
  Span message_span;
};

/// One statement of a flow body or nested object block.
struct FlowStmt {
  /// kMetaAssign: `meta_data["KEY"] = value`, one entry of the block's meta_data output list.
  enum class Kind : uint8_t { kAssign, kNested, kLet, kCheck, kMetaAssign } kind;
  Ident target;                  ///< assigned field, nested object field, or let name
  Ident meta_key;                ///< kMetaAssign: the key (decoded string) and its span
  ExprPtr value;                 ///< kAssign, kLet, kMetaAssign
  std::unique_ptr<Block> block;  ///< kNested
  std::optional<CheckDecl> check;
  Span span;
  bool used = false;  ///< kLet: read at least once (sema)
};

struct Block {
  std::vector<FlowStmt> stmts;
  Span span;
};

struct RecordRef {
  Ident system;
  Ident record;
  Span span;
};

struct FlowDecl {
  RecordRef source;
  RecordRef target;
  bool update_only = false;  ///< `update`: never creates target records, so required fields may stay unmapped
  bool create_only = false;  ///< `create`: only creates records that do not exist yet, never changes one
  ExprPtr when;  ///< may be null
  Block body;
  Span span;
};

struct Duration {
  std::string text;  ///< as written: "15m"
  int64_t millis = 0;
  Span span;
  bool valid = false;
};

struct Schedule {
  enum class Kind : uint8_t { kEvery, kCron } kind = Kind::kEvery;
  Duration every;
  std::string cron;
  Span span;
};

struct SyncClause {
  enum class Kind : uint8_t { kRealtime, kEvent, kBatch } kind;
  Ident system;                   ///< realtime/event
  std::vector<Ident> topics;      ///< decoded topic strings with spans
  Schedule schedule;              ///< batch
  Span span;
};

struct SyncDecl {
  std::vector<SyncClause> clauses;
  ExprPtr when;
  Span span;
  /// Filled by sema: the record ("woo.order") the statement delivers and its `when` reads: the one its
  /// topics carry, or for a batch-only statement the source of the owner's flows; "" when there is none.
  std::string record;
};

struct RetryDecl {
  int64_t attempts = 0;
  Span attempts_span;
  std::optional<Duration> backoff_min, backoff_max;
  std::optional<Ident> then;  ///< dead_letter
  Span span;
};

struct KeyDecl {
  ExprPtr left, right;
  Span span;
};

struct FieldOwnerDecl {
  Ident system, record, field, owner;
  Span span;
};

struct ConflictDecl {
  Ident policy;           ///< owner_wins | newest_wins | delta_merge
  ExprPtr by;             ///< newest_wins by <timestamp path>
  std::vector<Ident> on;  ///< delta_merge on <fields>
  Span span;
};

struct ReconcileDecl {
  Schedule schedule;
  std::vector<Ident> on;
  Span span;
};

struct DomainDecl {
  Ident name;
  std::optional<Ident> owner;
  std::vector<FieldOwnerDecl> field_owners;
  std::optional<KeyDecl> key;
  std::vector<SyncDecl> syncs;
  std::vector<ExprPtr> idempotency;
  Span idempotency_span;
  std::optional<RetryDecl> retry;
  std::optional<ConflictDecl> conflict;
  std::vector<ReconcileDecl> reconciles;
  std::vector<CheckDecl> checks;  ///< domain-level checks apply to every flow whose source is the owner
  std::vector<FlowDecl> flows;
  Span span;
};

struct AwaitStmt {
  Ident system;
  std::vector<Ident> topics;
  ExprPtr by;    ///< `by EXPR`: the key of the instance the awaited record belongs to; null when missing (E0408)
  ExprPtr when;
  std::optional<Duration> timeout;
  Span span;
  std::string record;  ///< filled by sema: the record its topics carry ("woo.refund"), "" when unknown
};

struct StepDecl {
  Ident name;
  std::vector<AwaitStmt> awaits;
  std::vector<FlowDecl> flows;
  std::vector<CheckDecl> checks;
  std::optional<RetryDecl> retry;
  Span span;
};

struct WorkflowDecl {
  Ident name;
  std::optional<Ident> start_system;
  std::vector<Ident> start_topics;
  ExprPtr start_when;
  Span start_span;
  ExprPtr key;  ///< `key EXPR` over the start record, or null (then `implicit_key`)
  Span key_span;
  /// Filled by sema when `key` is not written: the start record's `id` field as a checked name.
  ExprPtr implicit_key;
  const Expr* instance_key() const { return key ? key.get() : implicit_key.get(); }
  std::string start_record;  ///< filled by sema: the record the start topics carry ("woo.order"), "" when unknown
  std::optional<RetryDecl> retry;
  std::vector<StepDecl> steps;
  Span span;
};

/// A type as written: `decimal?`, `[string]`, `enum("a", "b")`, `woo.order.status`.
struct TypeRef {
  enum class Kind : uint8_t { kNamed, kList, kEnum } kind = Kind::kNamed;
  std::vector<Ident> path;              ///< kNamed: `decimal` or `woo.order.status`
  std::unique_ptr<TypeRef> element;     ///< kList
  std::vector<Ident> enum_values;       ///< kEnum
  bool open_enum = false;
  bool optional = false;
  Span span;
};

struct TableEntry {
  std::vector<ExprPtr> keys;  ///< literals; empty for `default`
  ExprPtr value;
  bool is_default = false;
  Span span;
};

struct TableDecl {
  Ident name;
  TypeRef key_type, value_type;
  std::vector<TableEntry> entries;
  Span span;
  bool used = false;
};

struct Param {
  Ident name;
  TypeRef type;
};

struct FunctionDecl {
  Ident name;
  std::vector<Param> params;
  TypeRef result;
  ExprPtr body;
  Span span;
  bool used = false;
};

struct SystemDecl {
  Ident name;
  Ident kind;
  std::optional<Ident> schema_file;  ///< `schema "custom.yaml"`: merged over the built-in schema
  Span span;
};

struct ExtendMember {
  bool is_meta = false;
  Ident name;  ///< field name, or the meta key (decoded string)
  TypeRef type;
  bool required = false, read_only = false;
  Span span;
};

struct ExtendDecl {
  Ident system, record;
  std::vector<ExtendMember> members;
  Span span;
};

struct ImportDecl {
  Ident path;                ///< decoded string
  std::vector<Ident> names;  ///< empty: import everything
  bool import_all = false;
  Span span;
};

/// One parsed file. A `mapping` file has systems, domains and workflows; a `module` file only
/// tables, functions and imports (sema reports anything else).
struct Module {
  bool is_mapping = true;
  bool has_header = false;
  Ident name;
  int64_t version = 0;
  std::vector<ImportDecl> imports;
  std::vector<SystemDecl> systems;
  std::vector<ExtendDecl> extends;
  std::vector<TableDecl> tables;
  std::vector<FunctionDecl> functions;
  std::vector<DomainDecl> domains;
  std::vector<WorkflowDecl> workflows;
  uint32_t file = 0;
};

}  // namespace syncloom::frontend
