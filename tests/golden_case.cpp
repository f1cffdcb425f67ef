// Golden-case discovery, rendering and approval (Catch2 approval-test style).
#include "golden_case.hpp"

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <optional>
#include <sstream>

#include "syncloom/codegen/jit.hpp"
#include "syncloom/diag/render.hpp"
#include "syncloom/frontend/frontend.hpp"
#include "syncloom/frontend/lower.hpp"
#include "syncloom/interp/fixture_refs.hpp"

namespace syncloom::testing {
namespace fs = std::filesystem;

std::string read_text(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

void write_text(const std::string& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary);
  out << text;
}

std::vector<GoldenCase> find_golden_cases(const std::string& root) {
  std::vector<GoldenCase> cases;
  for (auto& entry : fs::directory_iterator(root)) {
    if (entry.is_directory() && fs::exists(entry.path() / "mapping.loom"))
      cases.push_back({entry.path().filename().string(), entry.path().string()});
  }
  std::sort(cases.begin(), cases.end(), [](auto& a, auto& b) { return a.name < b.name; });
  return cases;
}

std::string render_case(const GoldenCase& c, const std::string& schema_dir) {
  frontend::FrontendOptions options;
  options.schema_dir = schema_dir;
  frontend::Compilation compilation(options);
  std::string path = c.dir + "/mapping.loom";
  if (!compilation.check_file(path)) return "io error: " + compilation.io_error() + "\n";
  std::ostringstream out;
  diag::render_human(out, compilation.sources(), compilation.diagnostics().all(), {});
  std::string text = out.str();
  // Paths relative to the case folder, so expectations do not depend on where the repo lives.
  std::string prefix = c.dir + "/";
  for (size_t at; (at = text.find(prefix)) != std::string::npos;) text.erase(at, prefix.size());
  return text;
}

bool compare_with_expectation(const GoldenCase& c, const std::string& actual, std::string& expected_out,
                              const std::string& file) {
  std::string expected_path = c.dir + "/" + file;
  expected_out = fs::exists(expected_path) ? read_text(expected_path) : "<missing " + file + ">";
  if (expected_out == actual) {
    fs::remove(expected_path + ".actual");
    return true;
  }
  const char* approve = std::getenv("SYNCLOOM_APPROVE");
  if (approve && std::string(approve) == "1") {
    write_text(expected_path, actual);
    fs::remove(expected_path + ".actual");
    return true;
  }
  write_text(expected_path + ".actual", actual);
  return false;
}

namespace {

/// The case's mapping checked and lowered, or nullopt with the reason as the rendered text.
std::optional<ir::Module> lower_case(const GoldenCase& c, const std::string& schema_dir, std::string& error) {
  frontend::FrontendOptions options;
  options.schema_dir = schema_dir;
  frontend::Compilation compilation(options);
  if (!compilation.check_file(c.dir + "/mapping.loom")) return error = "io error\n", std::nullopt;
  if (compilation.diagnostics().has_errors()) return error = "<diagnostics: see expected.diag>\n", std::nullopt;
  return frontend::lower(*compilation.program());
}

}  // namespace

TransformRender render_transform(const GoldenCase& c, const std::string& schema_dir, TransformEngine engine) {
  TransformRender rendered;
  std::string error;
  std::optional<ir::Module> lowered = lower_case(c, schema_dir, error);
  if (!lowered) return rendered.text = error, rendered;
  ir::Module& module = *lowered;
  std::string flow_name = read_text(c.dir + "/flow");
  while (!flow_name.empty() && (flow_name.back() == '\n' || flow_name.back() == ' ')) flow_name.pop_back();
  size_t flow = module.flows.size();
  for (size_t i = 0; i < module.flows.size(); ++i) {
    const auto& f = module.flows[i];
    if (flow_name == f.domain || flow_name == f.domain + ":" + f.source + "->" + f.target) flow = i;
  }
  if (flow == module.flows.size()) return rendered.text = "no flow `" + flow_name + "`\n", rendered;
  interp::FixtureRefs refs;
  if (fs::exists(c.dir + "/refs.json") && !refs.parse(read_text(c.dir + "/refs.json"), error)) return rendered.text = error + "\n", rendered;
  interp::Interpreter interpreter(module);
  std::unique_ptr<codegen::Jit> jit;
  if (engine == TransformEngine::kJit) {
    jit = std::make_unique<codegen::Jit>(module);  // no object cache: tests exercise the whole compile
    rendered.native = jit->error().empty() && jit->flow_compiled(flow);
    if (!rendered.native) rendered.fallback_reason = jit->error().empty() ? jit->flow_unsupported(flow) : jit->error();
  }
  // A workflow flow that reads `start` gets each line in the envelope with start.json, as Pipeline::run does.
  const ir::Flow& selected = module.flows[flow];
  std::optional<std::string> start;
  if (fs::exists(c.dir + "/start.json")) start = read_text(c.dir + "/start.json");
  std::istringstream in(read_text(c.dir + "/input.ndjson"));
  std::string line;
  std::string& out = rendered.text;
  auto quote = [](const std::string& s) {
    std::string q;
    interp::append_json_string(s, q);
    return q;
  };
  while (std::getline(in, line)) {
    if (line.empty()) continue;
    if (selected.reads_start && start) {
      std::string path;
      std::optional<std::string> envelope = ir::make_start_envelope(line, *start, &error, &path);
      if (!envelope) {
        out += "{\"rejected\":{\"path\":" + quote(path) + ",\"error\":" + quote(error) + "}}\n";
        continue;
      }
      line = *envelope;
    }
    // A workflow key (instance key, `by`) renders as the key it computes.
    if (selected.role == ir::FlowRole::kKey) {
      interp::IdentityResult id = rendered.native && jit->identity_compiled(flow) ? jit->identity(flow, line, &refs)
                                                                                 : interpreter.identity(flow, line, &refs);
      if (id.ok) out += "{\"key\":" + id.key.value_or("null") + "}\n";
      else out += "{\"rejected\":{\"path\":" + quote(id.error_path) + ",\"error\":" + quote(id.error) + "}}\n";
      continue;
    }
    interp::RunResult r = rendered.native ? jit->run(flow, line, &refs) : interpreter.run(flow, line, &refs);
    if (selected.reads_start) {
      r.error_path = ir::spell_start_path(std::move(r.error_path));
      r.error = ir::spell_start_path(std::move(r.error));
    }
    switch (r.outcome) {
      case interp::Outcome::kOutput: out += r.output; break;
      case interp::Outcome::kFiltered: out += "{\"filtered\":true}"; break;
      case interp::Outcome::kRejected: {
        out += "{\"rejected\":{\"path\":" + quote(r.error_path) + ",\"error\":" + quote(r.error) + "}}";
        break;
      }
    }
    out += "\n";
  }
  return rendered;
}

std::string render_ir(const GoldenCase& c, const std::string& schema_dir) {
  std::string error;
  std::optional<ir::Module> lowered = lower_case(c, schema_dir, error);
  if (!lowered) return error;
  ir::Module& module = *lowered;
  std::string out = module.to_string();
  for (const auto& problem : ir::verify(module)) out += "VERIFY: " + problem + "\n";
  return out;
}

}  // namespace syncloom::testing
