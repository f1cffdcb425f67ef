// Compiling through the front end and lowering; pipelines over the JIT, or the reference interpreter for
// flows the JIT does not compile (and for the interpreter engine).
#include <chrono>
#include <exception>
#include <sstream>

#include "syncloom/diag/render.hpp"
#include "syncloom/frontend/frontend.hpp"
#include "syncloom/frontend/lower.hpp"
#include "syncloom/syncloom.hpp"
#include "mapping_impl.hpp"
#include "sync_plan_build.hpp"

namespace syncloom {

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
    for (const auto& f : m->impl_->module.flows)
      if (f.role == ir::FlowRole::kMap) m->flows_.push_back({f.domain, f.source, f.target});
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

bool Pipeline::reads_start() const { return mapping_->impl_->module.flows[flow_].reads_start; }

RecordResult Pipeline::run(std::string_view json, const RunContext& context) const {
  RecordResult result;
  mapping_->impl_->run(flow_, json, context, result);
  return result;
}

Identity Pipeline::identity(std::string_view json, const RefResolver* refs) const {
  return mapping_->impl_->identity(flow_, json, refs);
}

void Pipeline::run(std::string_view json, const RefResolver* refs, RecordResult& result) const {
  const Mapping::Impl& m = *mapping_->impl_;
  if (m.module.flows[flow_].reads_start) return m.run(flow_, json, RunContext{refs, std::nullopt, std::nullopt}, result);
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
