// Compiling through the front end and lowering; pipelines over the JIT, or the reference interpreter for
// flows the JIT does not compile (and for the interpreter engine).
#include <chrono>
#include <exception>
#include <sstream>

#include "syncloom/codegen/jit_module.hpp"
#include "syncloom/detail/jit_library.hpp"
#include "syncloom/diag/render.hpp"
#include "syncloom/frontend/frontend.hpp"
#include "syncloom/frontend/lower.hpp"
#include "syncloom/syncloom.hpp"
#include "sync_plan_build.hpp"

namespace syncloom {

struct Mapping::Impl {
  ir::Module module;  // declared first: the engines below refer to it and must be destroyed before it
  std::unique_ptr<interp::Interpreter> interpreter;
  std::unique_ptr<codegen::JitEngine> jit;  // only with Engine::kJit; lives in libsyncloom_jit.so
  std::string jit_error;              // the JIT is unusable: every flow falls back
  double jit_seconds = 0;

  bool native(size_t flow) const { return jit && jit_error.empty() && jit->flow_compiled(flow); }

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

/// Builds Mapping objects; keeps the constructor private to compile_*.
struct MappingAccess {
  static CompileResult compile(frontend::Compilation& compilation, bool loaded, const CompileOptions& options) {
    CompileResult result;
    if (!loaded) {
      result.io_error = true;
      result.diagnostics = "error: " + compilation.io_error() + "\n";
      return result;
    }
    std::ostringstream rendered;
    diag::render_human(rendered, compilation.sources(), compilation.diagnostics().all(), {});
    result.diagnostics = rendered.str();
    if (compilation.diagnostics().has_errors()) return result;
    std::shared_ptr<Mapping> m(new Mapping());
    m->impl_->module = frontend::lower(*compilation.program());
    if (auto problems = ir::verify(m->impl_->module); !problems.empty()) {
      result.diagnostics += "internal error: the IR does not verify:\n";
      for (const auto& p : problems) result.diagnostics += "  " + p + "\n";
      return result;
    }
    m->impl_->interpreter = std::make_unique<interp::Interpreter>(m->impl_->module);
    if (options.engine == Engine::kJit) m->impl_->build_jit(options);
    for (const auto& f : m->impl_->module.flows) m->flows_.push_back({f.domain, f.source, f.target});
    m->plan_ = detail::build_sync_plan(*compilation.program(), compilation.sources(), m->impl_->module);
    m->engine_ = options.engine;
    result.mapping = std::move(m);
    return result;
  }
};

Mapping::Mapping() : impl_(std::make_unique<Impl>()) {}
Mapping::~Mapping() = default;

std::optional<Pipeline> Mapping::pipeline(std::string_view selector, std::string* error) const {
  std::vector<size_t> matches;
  for (size_t i = 0; i < flows_.size(); ++i)
    if (selector == flows_[i].domain || selector == flows_[i].selector()) matches.push_back(i);
  if (matches.size() == 1) return Pipeline(shared_from_this(), matches.front(), engine_);
  if (error) {
    *error = std::string(matches.empty() ? "no flow matches" : "several flows match") + " `" + std::string(selector) + "`; flows:";
    for (const auto& f : flows_) *error += "\n  " + f.selector();
  }
  return std::nullopt;
}

std::string Mapping::ir_text() const { return impl_->module.to_string(); }
void Mapping::compile_all() const {
  if (impl_->jit && impl_->jit_error.empty()) impl_->jit->compile_all();
}

double Mapping::jit_seconds() const { return impl_->jit ? impl_->jit->compile_seconds() : impl_->jit_seconds; }
bool Mapping::from_cache() const { return impl_->jit && impl_->jit->from_cache(); }
std::string Mapping::jit_error() const { return impl_->jit_error; }

const FlowInfo& Pipeline::flow() const { return mapping_->flows_[flow_]; }

bool Pipeline::native() const { return engine_ == Engine::kJit && mapping_->impl_->native(flow_); }

std::string Pipeline::fallback_reason() const {
  const Mapping::Impl& m = *mapping_->impl_;
  if (engine_ == Engine::kInterpreter) return "the interpreter engine was selected";
  if (!m.jit_error.empty()) return "the JIT is unavailable: " + m.jit_error;
  if (m.native(flow_)) return "";
  std::string why = m.jit->flow_unsupported(flow_);
  return why.empty() ? "the JIT did not compile it (no reason given)" : why;
}

RecordResult Pipeline::run(std::string_view json, const RefResolver* refs) const {
  RecordResult result;
  run(json, refs, result);
  return result;
}

RecordResult Pipeline::run(std::string_view json, const RunContext& context) const {
  RecordResult result;
  const Mapping::Impl& m = *mapping_->impl_;
  if (native()) m.jit->run(flow_, json, context.refs, result, context.previous);
  else result = m.interpreter->run(flow_, json, context.refs, context.previous);
  return result;
}

Identity Pipeline::identity(std::string_view json, const RefResolver* refs) const {
  const Mapping::Impl& m = *mapping_->impl_;
  if (native() && m.jit->identity_compiled(flow_)) return m.jit->identity(flow_, json, refs);
  return m.interpreter->identity(flow_, json, refs);
}

void Pipeline::run(std::string_view json, const RefResolver* refs, RecordResult& result) const {
  const Mapping::Impl& m = *mapping_->impl_;
  if (native()) m.jit->run(flow_, json, refs, result);
  else result = m.interpreter->run(flow_, json, refs);
}

CompileResult compile_file(const std::string& path, const CompileOptions& options) {
  frontend::Compilation compilation(frontend::FrontendOptions{options.schema_dir, true, nullptr});
  bool loaded = compilation.check_file(path);
  return MappingAccess::compile(compilation, loaded, options);
}

CompileResult compile_source(std::string path, std::string text, const CompileOptions& options) {
  frontend::Compilation compilation(frontend::FrontendOptions{options.schema_dir, true, nullptr});
  compilation.check_source(std::move(path), std::move(text));
  return MappingAccess::compile(compilation, true, options);
}

}  // namespace syncloom
