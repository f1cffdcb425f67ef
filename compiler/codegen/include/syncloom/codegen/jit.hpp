// The LLVM ORC JIT for the IR (LLVM 14 LLJIT, -O2), with an on-disk object cache keyed by a hash of the IR
// and the LLVM version. No LLVM type appears here. This first stage compiles user functions over int,
// float and bool; flows (decoder slots, decimals, direct JSON output) come next, and until then a function
// or flow the JIT cannot compile reports why and the caller uses the interpreter.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

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
};

class Jit {
 public:
  /// Compiles what it can of `module`; never fails for unsupported constructs (see `unsupported`).
  /// Errors of LLVM itself (no native target) leave `error` set and nothing compiled.
  Jit(const ir::Module& module, const JitOptions& options = {});
  ~Jit();
  Jit(const Jit&) = delete;
  Jit& operator=(const Jit&) = delete;

  /// The native code of user function `index`, or null when it was not compiled (see `unsupported`).
  JitFunction function(size_t index) const;
  /// Why function `index` was not compiled ("" when it was).
  const std::string& unsupported(size_t index) const;
  /// The LLVM IR text of everything compiled (`syncloom compile --emit llvm`).
  const std::string& llvm_ir() const;
  bool from_cache() const;        ///< the object code came from the cache (no LLVM codegen ran)
  const std::string& error() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

/// A stable 64-bit hash of the IR text, the LLVM version and the target, naming cache entries.
std::string cache_key(const std::string& ir_text);

}  // namespace syncloom::codegen
