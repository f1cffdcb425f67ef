// The JIT as a loadable module: libsyncloom_jit.so exports one C entry point that hands out JITs behind
// virtual calls, so a process that never runs native code never maps LLVM (docs/design.md, "Loading
// the JIT"). The embedding API loads it on the first compile with Engine::kJit; nothing else links it.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "syncloom/codegen/jit.hpp"

namespace syncloom::codegen {

/// A `Jit` seen through virtual calls (the loader links none of codegen): each member does what the
/// `Jit` member of the same name does.
class JitEngine {
 public:
  virtual ~JitEngine() = default;
  virtual const std::string& error() const = 0;
  virtual bool flow_compiled(size_t flow) const = 0;
  virtual const std::string& flow_unsupported(size_t flow) const = 0;
  virtual const std::string& unsupported(size_t function) const = 0;
  virtual void compile_all() const = 0;
  virtual void run(size_t flow, std::string_view json, const interp::RefResolver* refs, interp::RunResult& result,
                   std::optional<std::string_view> previous = std::nullopt) const = 0;
  virtual bool identity_compiled(size_t flow) const = 0;
  virtual interp::IdentityResult identity(size_t flow, std::string_view json, const interp::RefResolver* refs) const = 0;
  virtual double compile_seconds() const = 0;
  virtual bool from_cache() const = 0;
  virtual const std::string& llvm_ir() const = 0;
  virtual std::string assembly() const = 0;
};

/// Bumped whenever JitEngine or JitModule change.
inline constexpr uint32_t kJitModuleAbi = 2;

/// The sizes of the types passed by reference across the boundary, packed: a module built from other
/// headers than its loader (another build of syncloom) is refused instead of misreading them.
constexpr uint64_t jit_module_layout() {
  return (uint64_t(sizeof(ir::Module)) << 48) ^ (uint64_t(sizeof(ir::Flow)) << 32) ^ (uint64_t(sizeof(JitOptions)) << 16) ^
         (uint64_t(sizeof(interp::RunResult)) << 8) ^ (uint64_t(sizeof(interp::IdentityResult)) << 4) ^ uint64_t(sizeof(interp::Value));
}

struct JitModule {
  uint32_t abi;     ///< kJitModuleAbi when the module was built
  uint64_t layout;  ///< jit_module_layout() when the module was built
  /// A JIT for `module`, which must outlive it. Never null and never throws: a JIT that cannot work
  /// (no native target, an exception while preparing) says why in error(), as Jit does.
  JitEngine* (*create)(const ir::Module& module, const JitOptions& options);
};

}  // namespace syncloom::codegen

/// The module's only exported symbol (its file name is kJitLibraryName).
#define SYNCLOOM_JIT_ENTRY_POINT "syncloom_jit_module_v1"
extern "C" const syncloom::codegen::JitModule* syncloom_jit_module_v1();
