// The embedding API: compile a mapping (with diagnostics), pick a flow, run records or a stream through it.
// This is all the command line uses. No LLVM, ANTLR or front-end type appears here.
//
//   auto compiled = syncloom::compile_file("mappings/woocommerce-tryton.loom");
//   if (!compiled.mapping) { std::cerr << compiled.diagnostics; return 1; }
//   auto pipeline = compiled.mapping->pipeline("orders");
//   auto result = pipeline->run(R"({"id": 727, "status": "processing", ...})");
//   if (result.outcome == syncloom::Outcome::kOutput) std::cout << result.output << "\n";
#pragma once

#include <functional>
#include <iosfwd>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "syncloom/interp/interpreter.hpp"
#include "syncloom/sync_plan.hpp"

namespace syncloom {

using interp::Outcome;
using interp::RefResolver;
using RecordResult = interp::RunResult;
/// A record's domain key and idempotency parts, each as JSON text, or the rejection (path "key" or
/// "idempotency[i]", and reason) when one cannot be computed.
using Identity = interp::IdentityResult;

/// What a record runs with besides itself.
///
///   syncloom::RunContext context{&refs, last_synced_json};  // the runtime's stored state of the record
///   auto result = pipeline->run(event_json, context);
struct RunContext {
  const RefResolver* refs = nullptr;  ///< resolves ref(); null: nothing resolves (ref() rejects)
  /// The record's previous version, as JSON: its state at the last sync. `changed(x)` is true when `x`
  /// differs between the record and this version by `==` (docs/semantics.md); without one it is true.
  std::optional<std::string_view> previous;
  /// The record that started the workflow instance, as JSON: what a step's flow (or an await's filter)
  /// reads as `start` when its source is an awaited record (Pipeline::reads_start(),
  /// PlanFlow::reads_start). Ignored by flows that do not read it; a flow that does rejects the record
  /// (path "start") without it. A flow whose source is the start record reads `start` from the record itself.
  std::optional<std::string_view> start;
};

/// What a workflow's start filter, an await's filter or a step's checks say about a record
/// (Mapping::start_filter(), await_filter(), step_checks()).
struct Verdict {
  enum class Kind : uint8_t {
    kPass,   ///< the filter holds, or every check does (also when there is no filter or check)
    kFail,   ///< the filter is false or null; for checks, `check` is the first that fails, `message` its text
    kError,  ///< it cannot be evaluated (not JSON, a failing conversion, no start record, a bad index):
             ///< `path` and `message` say where and why
  } kind = Kind::kError;
  std::string message;
  std::string path;
  size_t check = 0;  ///< kFail of step_checks(): the index of the failing check in StepPlan::checks
  bool passed() const { return kind == Kind::kPass; }
};

/// A workflow instance's key (Mapping::instance_key()), or the key of the instance an awaited record
/// belongs to (Mapping::await_key()), as canonical text: the runtime compares keys as text.
/// Canonical text: a string's characters as they are (no quotes or escapes), an int's decimal digits
/// with a leading "-" when negative. So the int 42 and the string "42" give "42" and match; "042" does not.
struct CorrelationKey {
  bool ok = false;  ///< false: `path` and `error` say why (a null key, a failing conversion, not JSON, a bad index)
  std::string text;
  std::string path, error;
};

enum class Engine : uint8_t {
  kInterpreter,  ///< the reference interpreter (always available)
  kJit,          ///< native code through LLVM ORC; a flow it cannot compile runs on the interpreter
};

struct CompileOptions {
  std::string schema_dir;  ///< empty: $SYNCLOOM_SCHEMA_DIR or the built-in schemas
  Engine engine = Engine::kInterpreter;
  /// Where the JIT keeps compiled objects between runs; empty: default_jit_cache_dir().
  std::string cache_dir;
  bool use_cache = true;  ///< false: read and write nothing on disk
  /// false: SimplifyCFG and fast instruction selection (the default; docs/jit.md); true: LLVM's -O2,
  /// several times the compile time for no measured gain on the orders benchmark.
  bool jit_full_optimisation = false;
};

/// The JIT's default object cache: $SYNCLOOM_CACHE_DIR, else $XDG_CACHE_HOME/syncloom, else
/// $HOME/.cache/syncloom; empty when none of them is set (no cache).
std::string default_jit_cache_dir();

/// What a stream's input turned out to be; decided by content, never by a file name.
enum class InputFormat : uint8_t {
  kEmpty,      ///< nothing but white space: no records
  kNdjson,     ///< one JSON object per line (a line may also hold several, or an array of records)
  kArray,      ///< a JSON array of records, such as a `GET /orders` page (several arrays may follow it)
  kDocuments,  ///< concatenated JSON documents across lines (pretty-printed)
};

/// "NDJSON", "JSON array", "JSON documents", "empty".
const char* input_format_name(InputFormat format);

/// Counts of a stream run.
struct StreamStats {
  uint64_t records = 0, output = 0, filtered = 0, rejected = 0;
  double seconds = 0;
  InputFormat format = InputFormat::kEmpty;
  /// Not empty when the input is not records, or stops being (a CSV file, a number at the top level, an
  /// array that is never closed) or cannot be read: the stream stopped there, after mapping what came
  /// before. `error_line` and `error_column` (1-based, code points) say where; 0 for a read error.
  std::string input_error;
  uint64_t error_line = 0, error_column = 0;
};

class Mapping;

/// One flow of a compiled mapping, ready to run. Cheap to copy; safe to call from many threads at once.
class Pipeline {
 public:
  /// Maps one JSON record. Never throws for bad input: failures are `Outcome::kRejected` with path and reason.
  RecordResult run(std::string_view json, const RefResolver* refs = nullptr) const;
  /// The same into `result`, reusing its memory (a loop over records then allocates nothing per record).
  void run(std::string_view json, const RefResolver* refs, RecordResult& result) const;
  /// The same with the record's previous version (for changed()) and cross-references.
  RecordResult run(std::string_view json, const RunContext& context) const;
  /// The domain key and idempotency parts this flow computes from a record (as its domain declares them:
  /// `key`, `idempotency`), for deduplication and per-key ordering. Independent of the flow's filter.
  /// Never throws for bad input.
  Identity identity(std::string_view json, const RefResolver* refs = nullptr) const;
  /// Maps the records of `in`: NDJSON, JSON arrays of records or concatenated JSON documents, recognised
  /// by content (see InputFormat). Outputs go to `out`, one per line; each rejected record to `rejects`
  /// as one JSON line: {"line","column","offset", "index" (array elements), "path","error","record"}
  /// (docs/design.md, "Input formats"). An input that is not records stops the stream with
  /// `StreamStats::input_error`. Memory stays bounded by the largest record (at most 64 MiB; a larger one
  /// is rejected with its length instead of its bytes); outputs are written in pieces of about 64 KiB,
  /// all of them by the time it returns. `progress`, if set, is called about every 1,024 records.
  StreamStats run_stream(std::istream& in, std::ostream& out, std::ostream& rejects, const RefResolver* refs = nullptr,
                         const std::function<void(uint64_t records)>& progress = {}) const;
  const FlowInfo& flow() const;
  /// This flow reads the workflow's start record as `start` from RunContext::start (a workflow step's flow
  /// whose source is an awaited record); false for every other flow.
  bool reads_start() const;
  /// The engine that was asked for; with kJit, `native()` says whether this flow actually runs native code.
  Engine engine() const { return engine_; }
  /// This flow runs JIT-compiled code (false with the interpreter engine, and for flows that fall back).
  bool native() const;
  /// Why this flow runs on the interpreter ("" when native()): the interpreter was selected, the JIT is
  /// unavailable on this machine, or the JIT does not compile something this flow uses.
  std::string fallback_reason() const;
  /// The same flow on the reference interpreter, the oracle the JIT is tested against: for cross-checks
  /// (`syncloom test` runs each case on both and requires the same bytes).
  Pipeline reference() const { return Pipeline(mapping_, flow_, Engine::kInterpreter); }

 private:
  friend class Mapping;
  Pipeline(std::shared_ptr<const Mapping> mapping, size_t flow, Engine engine)
      : mapping_(std::move(mapping)), flow_(flow), engine_(engine) {}
  std::shared_ptr<const Mapping> mapping_;
  size_t flow_;
  Engine engine_;
};

/// A checked and compiled mapping: immutable, shareable across threads.
class Mapping : public std::enable_shared_from_this<Mapping> {
 public:
  ~Mapping();
  const std::vector<FlowInfo>& flows() const { return flows_; }
  /// The systems the mapping declares, by name (the same as plan().systems).
  const std::vector<MappedSystem>& systems() const { return plan_.systems; }
  /// Everything the runtime needs besides the flows: per domain its owner, key, triggers, idempotency,
  /// retry, conflict and reconcile policies; per workflow its steps (syncloom/sync_plan.hpp).
  const SyncPlan& plan() const { return plan_; }
  /// The flow named by `selector` (DOMAIN, or DOMAIN:SOURCE->TARGET when a domain has several flows);
  /// nullopt and `error` (listing the flows) when none or several match.
  std::optional<Pipeline> pipeline(std::string_view selector, std::string* error = nullptr) const;

  /// Workflows (docs/language.md section 13). Indices are those of SyncPlan::workflows, its steps and
  /// their awaits (as Listener gives them). Each runs on the mapping's engine (the JIT, falling back to
  /// the interpreter as flows do; both give the same answers), is safe from many threads and never throws.
  ///
  ///   auto key = mapping->instance_key(w, order_json);             // "727"
  ///   if (mapping->start_filter(w, order_json, {nullptr, last_synced}).passed()) start_instance(w, key.text);
  ///   auto belongs = mapping->await_key(w, s, a, refund_json);     // "727": the instance it resumes
  ///   if (mapping->await_filter(w, s, a, refund_json, {nullptr, {}, start_json}).passed()) ...
  ///
  /// The start filter on a record of the start topics; `context.previous` is its last synced version, for
  /// changed() (without one changed() is true). kPass without a filter.
  Verdict start_filter(size_t workflow, std::string_view record, const RunContext& context = {}) const;
  /// The filter of await `await` of step `step` on an awaited record; `context.start` is the instance's
  /// start record, needed when the filter reads `start` (EventMatch::filter_reads_start). kPass without one.
  Verdict await_filter(size_t workflow, size_t step, size_t await, std::string_view record,
                       const RunContext& context = {}) const;
  /// The checks of step `step`, in order, on the instance's start record: kFail with the first failing
  /// check's index and `else` message, kPass when all hold (or there are none).
  Verdict step_checks(size_t workflow, size_t step, std::string_view start, const RunContext& context = {}) const;
  /// The instance key of a start record: the workflow's `key` expression, or the record's `id`.
  CorrelationKey instance_key(size_t workflow, std::string_view start) const;
  /// The `by` value of await `await` of step `step` on an awaited record: the key of the instance it belongs
  /// to, in the same canonical text as instance_key().
  CorrelationKey await_key(size_t workflow, size_t step, size_t await, std::string_view record) const;

  /// The typed IR in text form (`syncloom compile --emit ir`).
  std::string ir_text() const;
  Engine engine() const { return engine_; }
  /// With the JIT engine, compiles every flow now, in parallel (flows otherwise compile on first use).
  void compile_all() const;
  /// Time the JIT has spent so far: preparing, and compiling or loading each flow on its first use (LLVM
  /// emission, optimisation, codegen or cache load), summed over threads; 0 for the interpreter.
  double jit_seconds() const;
  /// The cache held this mapping: its flows load their object code (no LLVM IR, optimisation or codegen).
  bool from_cache() const;
  /// Why the JIT compiled nothing at all ("" when it works, or with the interpreter engine).
  std::string jit_error() const;

 private:
  friend class Pipeline;
  friend struct MappingAccess;
  Mapping();
  struct Impl;
  std::unique_ptr<Impl> impl_;
  std::vector<FlowInfo> flows_;
  SyncPlan plan_;
  Engine engine_ = Engine::kInterpreter;
};

struct CompileResult {
  std::shared_ptr<const Mapping> mapping;  ///< null when the mapping has errors or cannot be read
  std::string diagnostics;                 ///< rendered diagnostics (errors and warnings), may be empty
  bool io_error = false;                   ///< the file could not be read (diagnostics says why)
};

CompileResult compile_file(const std::string& path, const CompileOptions& options = {});
CompileResult compile_source(std::string path, std::string text, const CompileOptions& options = {});

}  // namespace syncloom
