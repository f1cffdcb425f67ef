// The compiled mapping's insides, shared by the files of the embedding API (mapping.cpp, workflow_api.cpp).
#pragma once

#include <chrono>
#include <memory>
#include <string>

#include "syncloom/codegen/jit_module.hpp"
#include "syncloom/detail/jit_library.hpp"
#include "syncloom/syncloom.hpp"

namespace syncloom {

struct Mapping::Impl {
  ir::Module module;  // declared first: the engines below refer to it and must be destroyed before it
  std::unique_ptr<interp::Interpreter> interpreter;
  std::unique_ptr<codegen::JitEngine> jit;  // only with Engine::kJit; lives in libsyncloom_jit.so
  std::string jit_error;              // the JIT is unusable: every flow falls back
  double jit_seconds = 0;

  bool native(size_t flow) const { return jit && jit_error.empty() && jit->flow_compiled(flow); }

  /// Runs flow `flow` on the engine that has it; a flow that reads `start` gets the start envelope (or
  /// rejects the record without a start record). Error paths into it read `start.x`.
  void run(size_t flow, std::string_view json, const RunContext& context, RecordResult& result) const;
  /// The key and idempotency parts flow `flow` computes (native when the JIT compiled them).
  Identity identity(size_t flow, std::string_view json, const RefResolver* refs) const;
  /// A kFilter flow's outcome as a verdict: kOutput holds, kFiltered does not, kRejected is an error
  /// (flow -1: there is no filter, it holds).
  Verdict filter(int32_t flow, std::string_view json, const RunContext& context) const;
  /// A kKey flow's key in canonical text (`what` names it in errors: "instance key").
  CorrelationKey key_text(int32_t flow, std::string_view json, const char* what) const;

  void build_jit(const CompileOptions& options) {
    codegen::JitOptions jit_options;
    if (options.jit_full_optimisation) jit_options.optimisation = codegen::JitOptions::Optimisation::kFull;
    if (options.use_cache) jit_options.cache_dir = options.cache_dir.empty() ? default_jit_cache_dir() : options.cache_dir;
    auto start = std::chrono::steady_clock::now();
    // The first JIT of the process loads the module, and LLVM with it. A module that cannot be loaded,
    // like a JIT that cannot work, leaves the mapping compiled and every flow on the interpreter.
    const detail::JitLibrary& library = detail::jit_library();
    if (!library.module) {
      jit_error = library.error;
    } else {
      // The module's create() reports its own failures, exceptions included, through error().
      jit.reset(library.module->create(module, jit_options));
      jit_error = jit->error();
    }
    jit_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    if (jit && !jit_error.empty()) jit.reset();
  }
};

}  // namespace syncloom
