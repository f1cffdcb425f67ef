// The LLVM ORC JIT for the IR (LLVM 14 LLJIT; a pass pipeline tuned for flow code, or -O2), with an on-disk object cache keyed by a hash of the IR,
// the program that generated the code, the LLVM version and the host CPU. Each flow compiles on first use
// in its own module and cache entry, so a process pays only for the flows it runs. No LLVM type appears here. Flows compile to native functions over a decoded input
// (only the fields the flow reads) that write their output JSON directly; a flow the JIT cannot compile
// reports why, and the caller runs it on the interpreter. User functions over int, float and bool are
// also compiled standalone (the oracle tests call them directly).
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "syncloom/interp/interpreter.hpp"
#include "syncloom/ir/module.hpp"

namespace syncloom::codegen {

/// Status codes returned by compiled code (stable: generated code returns them as integers).
enum JitStatus : int32_t {
  kJitOk = 0,
  kJitOverflow = 1,     ///< integer overflow
  kJitDivByZero = 2,    ///< integer division or remainder by zero
  kJitNotFinite = 3,    ///< a float result is infinite or NaN
};

/// A compiled function: args and result as 64-bit slots (int as int64, float as the double's bits,
/// bool as 0/1). Returns a JitStatus.
using JitFunction = int32_t (*)(const int64_t* args, int64_t* result);

struct JitOptions {
  std::string cache_dir;  ///< empty: no object cache
  enum class Optimisation : uint8_t {
    kFast,  ///< SimplifyCFG and fast instruction selection (the default; docs/jit.md says why)
    kFull,  ///< LLVM's -O2 and the full instruction selector: several times the compile time
  } optimisation = Optimisation::kFast;
  /// With kFast: after this many records of a flow, the flow is compiled again with -O2 on a background
  /// thread and its calls move to that code (tiered compilation: a cold start pays the light compile, a
  /// long stream runs optimised code; the optimised object is cached, so a later start loads it directly).
  /// 0: never.
  uint64_t tier_up_after = 20000;
};

class Jit {
 public:
  /// Prepares the JIT for `module` (which must outlive it); flows and functions compile on first use, and
  /// never fail for unsupported constructs (see `flow_unsupported`, `unsupported`). Errors of LLVM itself
  /// (no native target) leave `error` set and nothing compiled.
  Jit(const ir::Module& module, const JitOptions& options = {});
  ~Jit();
  Jit(const Jit&) = delete;
  Jit& operator=(const Jit&) = delete;

  /// The native code of user function `index`, or null when it was not compiled (see `unsupported`).
  JitFunction function(size_t index) const;
  /// Why function `index` was not compiled ("" when it was).
  const std::string& unsupported(size_t index) const;
  /// Compiles every flow now, in parallel on all cores (flows otherwise compile on first use): for a
  /// process that will run them all and would rather pay at start-up.
  void compile_all() const;
  /// Whether flow `index` was compiled; when not, `flow_unsupported` says why (run it on the interpreter).
  bool flow_compiled(size_t index) const;
  const std::string& flow_unsupported(size_t index) const;
  /// Compiles flow `index` with -O2 now, in this thread, and moves its calls to that code (what the
  /// background tier-up does after JitOptions::tier_up_after records). False when the flow is not
  /// compiled or the optimised compile fails (it keeps running the light code then).
  bool tier_up(size_t index) const;
  /// Whether flow `index` runs -O2 code (compiled with kFull, tiered up, or loaded so from the cache).
  bool flow_optimised(size_t index) const;
  /// Runs compiled flow `index` on one JSON record: the same result, byte for byte, as the interpreter's
  /// run() (`previous`: the record's last synced version, for changed()). Thread-safe; per-thread scratch
  /// memory is reused across records. Requires flow_compiled(index).
  interp::RunResult run(size_t index, std::string_view json, const interp::RefResolver* refs = nullptr,
                        std::optional<std::string_view> previous = std::nullopt) const;
  /// The same into `result`, reusing its memory: a stream allocates nothing per record.
  void run(size_t index, std::string_view json, const interp::RefResolver* refs, interp::RunResult& result,
           std::optional<std::string_view> previous = std::nullopt) const;
  /// Whether flow `index`'s key and idempotency parts compiled (they compile with the flow, when they can).
  bool identity_compiled(size_t index) const;
  /// The interpreter's identity(), natively. Requires identity_compiled(index).
  interp::IdentityResult identity(size_t index, std::string_view json, const interp::RefResolver* refs = nullptr) const;

  /// The LLVM IR text of everything compiled (`syncloom compile --emit llvm`).
  const std::string& llvm_ir() const;
  /// The native assembly of everything compiled (`syncloom compile --emit asm`); generated on request.
  std::string assembly() const;
  double compile_seconds() const;  ///< time spent so far preparing and compiling, summed over threads
  /// The cache already held this mapping when the JIT was built: its flows load their objects from the
  /// cache (no LLVM IR is emitted, no codegen runs) instead of compiling.
  bool from_cache() const;
  const std::string& error() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

/// A stable 64-bit hash of the IR text, the LLVM version and the target, naming cache entries.
std::string cache_key(const std::string& ir_text);

}  // namespace syncloom::codegen
