// Compiling through the front end and lowering; pipelines over the reference interpreter.
#include <chrono>
#include <istream>
#include <ostream>
#include <sstream>

#include "syncloom/diag/render.hpp"
#include "syncloom/frontend/frontend.hpp"
#include "syncloom/frontend/lower.hpp"
#include "syncloom/syncloom.hpp"

namespace syncloom {

struct Mapping::Impl {
  ir::Module module;
  std::unique_ptr<interp::Interpreter> interpreter;
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
    if (options.engine == Engine::kJit) {
      result.diagnostics += "error: the JIT engine is not built yet; use the interpreter\n";
      return result;
    }
    std::shared_ptr<Mapping> m(new Mapping());
    m->impl_->module = frontend::lower(*compilation.program());
    if (auto problems = ir::verify(m->impl_->module); !problems.empty()) {
      result.diagnostics += "internal error: the IR does not verify:\n";
      for (const auto& p : problems) result.diagnostics += "  " + p + "\n";
      return result;
    }
    m->impl_->interpreter = std::make_unique<interp::Interpreter>(m->impl_->module);
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

const FlowInfo& Pipeline::flow() const { return mapping_->flows_[flow_]; }

RecordResult Pipeline::run(std::string_view json, const RefResolver* refs) const {
  return mapping_->impl_->interpreter->run(flow_, json, refs);
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
  while (std::getline(in, line)) {
    ++line_no;
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
    ++stats.records;
    RecordResult r = run(line, refs);
    switch (r.outcome) {
      case Outcome::kOutput:
        out << r.output << '\n';
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
