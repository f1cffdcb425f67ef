// The reference interpreter of the IR: the semantic oracle for the JIT and its fallback. Immutable after
// construction; run() may be called from many threads at once.
//
//   interp::Interpreter engine(module);
//   auto r = engine.run(0, R"({"id":727,"status":"processing", ...})");
//   if (r.outcome == interp::Outcome::kOutput) write(r.output);
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "syncloom/interp/value.hpp"
#include "syncloom/ir/module.hpp"

namespace syncloom::interp {

/// Resolves `ref(domain, key)` through the cross-reference store (the runtime) or a fixture (tests, `map`).
class RefResolver {
 public:
  virtual ~RefResolver() = default;
  /// The target system's id, or nullopt when the referenced record is not synced (yet).
  virtual std::optional<Value> resolve(std::string_view domain, const Value& key) const = 0;
};

/// `id` (from a RefResolver) as the ref's static `type`: ids travel as JSON values, so a string id may come
/// back as a number and the other way round; nullopt and `error` when it cannot be that type.
std::optional<Value> ref_id(const Value& id, const ir::Type& type, std::string& error);

enum class Outcome : uint8_t {
  kOutput,    ///< `output` holds the target record as JSON
  kFiltered,  ///< the flow's `when` was false: nothing to do (counted, not an error)
  kRejected,  ///< the record failed: `error_path` and `error` say where and why (it goes to rejects / DLQ)
};

struct RunResult {
  Outcome outcome = Outcome::kRejected;
  std::string output;      ///< kOutput: one JSON object, no trailing newline
  std::string error_path;  ///< kRejected: the output field ("lines[2].unit_price") or input path being computed
  std::string error;       ///< kRejected: the reason
};

/// What identifies a record to the runtime: its domain key (dedupe, per-key ordering, cross-references)
/// and its idempotency parts, computed from the record as the flow's domain declares them.
struct IdentityResult {
  bool ok = false;                         ///< false: `error_path` and `error` say what failed
  std::optional<std::string> key;          ///< the key as JSON text; nullopt when the domain has none
  std::vector<std::string> idempotency;    ///< each part as JSON text, in declaration order
  std::string error_path;                  ///< "key" or "idempotency[1]" (with a place below it, "[0]")
  std::string error;
};

class Interpreter {
 public:
  /// With `prune_input` (the default), each flow decodes only the fields its input layout lists; without it,
  /// the whole record is built (the oracle for the pruning itself, in tests).
  explicit Interpreter(const ir::Module& module, bool prune_input = true) : module_(module), prune_input_(prune_input) {}

  /// Runs flow `flow` of the module on one JSON record. Never throws for bad input. `previous` is the
  /// record's last synced version, for changed() (docs/semantics.md); without it changed() is true.
  RunResult run(size_t flow, std::string_view json, const RefResolver* refs = nullptr,
                std::optional<std::string_view> previous = std::nullopt) const;

  /// The domain key and idempotency parts flow `flow` computes from one JSON record. Never throws.
  IdentityResult identity(size_t flow, std::string_view json, const RefResolver* refs = nullptr) const;

  /// Calls user function `function` on `args` (the oracle for compiled functions); nullopt and `error` on failure.
  std::optional<Value> call(size_t function, const std::vector<Value>& args, std::string* error = nullptr) const;

  const ir::Module& module() const { return module_; }

 private:
  const ir::Module& module_;
  bool prune_input_;
};

}  // namespace syncloom::interp
