// Compiling through the front end and lowering; pipelines over the JIT, or the reference interpreter for
// flows the JIT does not compile (and for the interpreter engine).
#include <chrono>
#include <exception>
#include <istream>
#include <ostream>
#include <sstream>

#include "syncloom/codegen/jit.hpp"
#include "syncloom/diag/render.hpp"
#include "syncloom/frontend/frontend.hpp"
#include "syncloom/frontend/lower.hpp"
#include "syncloom/syncloom.hpp"

namespace syncloom {

struct Mapping::Impl {
  ir::Module module;  // declared first: the engines below refer to it and must be destroyed before it
  std::unique_ptr<interp::Interpreter> interpreter;
  std::unique_ptr<codegen::Jit> jit;  // only with Engine::kJit
  std::string jit_error;              // the JIT is unusable: every flow falls back
  double jit_seconds = 0;

  bool native(size_t flow) const { return jit && jit_error.empty() && jit->flow_compiled(flow); }

  void build_jit(const CompileOptions& options) {
    codegen::JitOptions jit_options;
    if (options.jit_full_optimisation) jit_options.optimisation = codegen::JitOptions::Optimisation::kFull;
    if (options.use_cache) jit_options.cache_dir = options.cache_dir.empty() ? default_jit_cache_dir() : options.cache_dir;
    auto start = std::chrono::steady_clock::now();
    // The JIT reports its own failures through error(); an exception (from the file system, or memory) must
    // not make the mapping fail to compile either: the interpreter can still run every flow.
    try {
      jit = std::make_unique<codegen::Jit>(module, jit_options);
      jit_error = jit->error();
    } catch (const std::exception& e) {
      jit.reset();
      jit_error = std::string("the JIT failed: ") + e.what();
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
  const Mapping::Impl& m = *mapping_->impl_;
  if (native()) return m.jit->run(flow_, json, refs);
  return m.interpreter->run(flow_, json, refs);
}

RecordResult Pipeline::run(std::string_view json, const RunContext& context) const {
  const Mapping::Impl& m = *mapping_->impl_;
  if (native()) return m.jit->run(flow_, json, context.refs, context.previous);
  return m.interpreter->run(flow_, json, context.refs, context.previous);
}

Identity Pipeline::identity(std::string_view json, const RefResolver* refs) const {
  const Mapping::Impl& m = *mapping_->impl_;
  if (native() && m.jit->identity_compiled(flow_)) return m.jit->identity(flow_, json, refs);
  return m.interpreter->identity(flow_, json, refs);
}

namespace {

std::string json_string(std::string_view s) {
  std::string out;
  interp::append_json_string(s, out);
  return out;
}

}  // namespace

StreamStats Pipeline::run_stream(std::istream& in, std::ostream& out, std::ostream& rejects, const RefResolver* refs,
                                 const std::function<void(uint64_t)>& progress) const {
  StreamStats stats;
  auto start = std::chrono::steady_clock::now();
  std::string line;
  uint64_t line_no = 0;
  const Mapping::Impl& m = *mapping_->impl_;
  bool native = this->native();
  RecordResult r;  // reused: native records write into its memory instead of allocating
  // Output lines are gathered and written 64 KiB at a time: a stream writes a record of a kilobyte or
  // so in one piece, and libstdc++'s file buffer sends a piece that large straight to the file, one
  // system call per record.
  std::string batch;
  constexpr size_t kBatch = size_t(64) << 10;
  batch.reserve(kBatch + 4096);
  while (std::getline(in, line)) {
    ++line_no;
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
    ++stats.records;
    if (native) m.jit->run(flow_, line, refs, r);
    else r = m.interpreter->run(flow_, line, refs);
    switch (r.outcome) {
      case Outcome::kOutput:
        batch += r.output;
        batch += '\n';
        if (batch.size() >= kBatch) {
          out.write(batch.data(), std::streamsize(batch.size()));
          batch.clear();
        }
        ++stats.output;
        break;
      case Outcome::kFiltered:
        ++stats.filtered;
        break;
      case Outcome::kRejected:
        // Everything needed to fix and replay the record: where, why, and the record itself.
        ++stats.rejected;
        rejects << "{\"line\":" << line_no << ",\"path\":" << json_string(r.error_path) << ",\"error\":" << json_string(r.error)
                << ",\"record\":" << json_string(line) << "}\n";
        break;
    }
    if (progress && (stats.records & 1023) == 0) progress(stats.records);
  }
  out.write(batch.data(), std::streamsize(batch.size()));
  stats.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return stats;
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
