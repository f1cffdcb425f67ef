// libsyncloom_jit.so's entry point: a Jit behind the JitEngine interface. Built only into the module;
// a version script keeps every other symbol (codegen, its copies of ir, interp and stdlib) local to it.
#include "syncloom/codegen/jit_module.hpp"

#include <exception>
#include <memory>

namespace syncloom::codegen {
namespace {

class ModuleJit final : public JitEngine {
 public:
  ModuleJit(const ir::Module& module, const JitOptions& options) : jit_(module, options) {}
  const std::string& error() const override { return jit_.error(); }
  bool flow_compiled(size_t flow) const override { return jit_.flow_compiled(flow); }
  const std::string& flow_unsupported(size_t flow) const override { return jit_.flow_unsupported(flow); }
  const std::string& unsupported(size_t function) const override { return jit_.unsupported(function); }
  void compile_all() const override { jit_.compile_all(); }
  void run(size_t flow, std::string_view json, const interp::RefResolver* refs, interp::RunResult& result,
           std::optional<std::string_view> previous) const override {
    jit_.run(flow, json, refs, result, previous);
  }
  bool identity_compiled(size_t flow) const override { return jit_.identity_compiled(flow); }
  interp::IdentityResult identity(size_t flow, std::string_view json, const interp::RefResolver* refs) const override {
    return jit_.identity(flow, json, refs);
  }
  double compile_seconds() const override { return jit_.compile_seconds(); }
  bool from_cache() const override { return jit_.from_cache(); }
  const std::string& llvm_ir() const override { return jit_.llvm_ir(); }
  std::string assembly() const override { return jit_.assembly(); }

 private:
  Jit jit_;
};

// What create() returns when preparing the JIT threw: every flow then falls back, with this reason.
class FailedJit final : public JitEngine {
 public:
  explicit FailedJit(std::string error) : error_(std::move(error)) {}
  const std::string& error() const override { return error_; }
  bool flow_compiled(size_t) const override { return false; }
  const std::string& flow_unsupported(size_t) const override { return error_; }
  const std::string& unsupported(size_t) const override { return error_; }
  void compile_all() const override {}
  void run(size_t, std::string_view, const interp::RefResolver*, interp::RunResult& result, std::optional<std::string_view>) const override {
    result = {interp::Outcome::kRejected, "", "", error_};
  }
  bool identity_compiled(size_t) const override { return false; }
  interp::IdentityResult identity(size_t, std::string_view, const interp::RefResolver*) const override { return {}; }
  double compile_seconds() const override { return 0; }
  bool from_cache() const override { return false; }
  const std::string& llvm_ir() const override { return empty_; }
  std::string assembly() const override { return ""; }

 private:
  std::string error_, empty_;
};

JitEngine* create(const ir::Module& module, const JitOptions& options) {
  // Exceptions must not cross into the loader (it may be built with other flags): they become error().
  try {
    return new ModuleJit(module, options);
  } catch (const std::exception& e) {
    return new FailedJit(std::string("the JIT failed: ") + e.what());
  } catch (...) {
    return new FailedJit("the JIT failed");
  }
}

constexpr JitModule kModule{kJitModuleAbi, jit_module_layout(), &create};

}  // namespace
}  // namespace syncloom::codegen

extern "C" __attribute__((visibility("default"))) const syncloom::codegen::JitModule* syncloom_jit_module_v1() {
  return &syncloom::codegen::kModule;
}
