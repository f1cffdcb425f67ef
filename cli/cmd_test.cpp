// `syncloom test [PATH...]`: runs the `*_test.yaml` cases beside each mapping (Bloblang's `x_test.yaml`)
// through the reference interpreter and the JIT (`--engine both`, the default: a case passes when each engine
// meets the expectation and both give the same bytes). One line per case, a diff for each failure, and a
// closing `N passed, N failed`. Exit 0 all passed, 1 a case failed, 2 usage, I/O or test-file errors.
#include <algorithm>
#include <filesystem>
#include <iostream>
#include <map>
#include <memory>
#include <optional>

#include "commands.hpp"
#include "mapping_test_file.hpp"
#include "syncloom/interp/fixture_refs.hpp"
#include "syncloom/syncloom.hpp"

namespace syncloom::cli {
namespace {
namespace fs = std::filesystem;

struct TestOptions {
  std::vector<std::string> paths;
  std::string schema_dir;
  std::string engine = "both";  ///< interp, jit or both
  bool interp() const { return engine != "jit"; }
  bool jit() const { return engine != "interp"; }
};

// A compiled mapping, shared by every test file that names it. Compiled through the public API, as
// `syncloom map` does: with the JIT engine unless only the interpreter is asked for; each case then runs on
// a flow's pipeline and on its reference() (the interpreter).
struct LoadedMapping {
  std::string problem;  ///< why every case of it fails (diagnostics already printed); empty when compiled
  std::shared_ptr<const Mapping> mapping;
};

// Counts of cases whose flow the JIT left to the interpreter (so only the interpreter checked them).
struct FallbackCount {
  size_t cases = 0;
  std::string example;  ///< one flow and its reason
};

bool is_test_file(const fs::path& p) {
  std::string name = p.filename().string();
  return name.size() > 10 && name.ends_with("_test.yaml");
}

// Files as given; directories searched recursively for *_test.yaml, skipping hidden directories
// (.git) and CMake build trees.
std::vector<std::string> collect_test_files(const std::vector<std::string>& paths, std::vector<std::string>& errors) {
  std::vector<std::string> files;
  for (const auto& p : paths) {
    std::error_code ec;
    auto status = fs::status(p, ec);
    if (ec || !fs::exists(status)) {
      errors.push_back("cannot read '" + p + "': No such file or directory");
      continue;
    }
    if (!fs::is_directory(status)) {
      files.push_back(p);
      continue;
    }
    std::vector<std::string> found;
    auto it = fs::recursive_directory_iterator(p, fs::directory_options::skip_permission_denied, ec);
    for (; !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
      std::string name = it->path().filename().string();
      if (it->is_directory() && (name.starts_with(".") || fs::exists(it->path() / "CMakeCache.txt"))) {
        it.disable_recursion_pending();
        continue;
      }
      if (it->is_regular_file() && is_test_file(it->path())) found.push_back(it->path().string());
    }
    if (ec) errors.push_back("cannot read directory '" + p + "': " + ec.message());
    std::sort(found.begin(), found.end());
    files.insert(files.end(), found.begin(), found.end());
  }
  return files;
}

LoadedMapping& load_mapping(const std::string& path, const TestOptions& opts,
                            std::map<std::string, std::unique_ptr<LoadedMapping>>& cache, bool& io_error) {
  auto& slot = cache[path];
  if (slot) return *slot;
  slot = std::make_unique<LoadedMapping>();
  CompileOptions options;
  options.schema_dir = opts.schema_dir;
  options.engine = opts.jit() ? Engine::kJit : Engine::kInterpreter;
  CompileResult compiled = compile_file(path, options);
  if (compiled.io_error) {
    std::cerr << compiled.diagnostics;
    slot->problem = "the mapping cannot be read";
    io_error = true;
    return *slot;
  }
  if (!compiled.mapping) {
    std::cerr << compiled.diagnostics;  // only when it does not compile: lints are `syncloom lint`'s business
    slot->problem = "the mapping '" + path + "' has errors (shown above)";
    return *slot;
  }
  slot->mapping = std::move(compiled.mapping);
  if (opts.jit() && !slot->mapping->jit_error().empty())
    std::cerr << "note: the JIT is unavailable, " << path << " runs on the interpreter only: " << slot->mapping->jit_error() << "\n";
  return *slot;
}

std::string describe(const interp::RunResult& r) {
  switch (r.outcome) {
    case interp::Outcome::kOutput: return "an output record:\n    " + r.output;
    case interp::Outcome::kFiltered: return "filtered (the flow's `when` was false)";
    case interp::Outcome::kRejected:
      return "a rejection at `" + r.error_path + "`: " + r.error;
  }
  return "?";
}

// Checks one engine's result against the case; returns the failure explanation (indented lines), empty when it passed.
std::string check_expectation(const MappingTestCase& c, const interp::RunResult& r) {
  std::string error;
  switch (c.expectation) {
    case Expectation::kFiltered:
      if (r.outcome == interp::Outcome::kFiltered) return "";
      return "  expected the record to be filtered, got " + describe(r) + "\n";
    case Expectation::kRejection:
      if (r.outcome != interp::Outcome::kRejected)
        return "  expected a rejection containing \"" + c.error_contains + "\", got " + describe(r) + "\n";
      if (r.error.find(c.error_contains) == std::string::npos || (c.check_path && r.error_path != c.error_path)) {
        std::string out = "  expected a rejection";
        if (c.check_path) out += " at `" + c.error_path + "`";
        return out + " containing \"" + c.error_contains + "\", got " + describe(r) + "\n";
      }
      return "";
    case Expectation::kOutput: {
      if (r.outcome != interp::Outcome::kOutput) return "  expected an output record, got " + describe(r) + "\n";
      TestValue actual;
      if (!parse_json(r.output, actual, error)) return "  the engine wrote malformed JSON (" + error + "):\n" + r.output + "\n";
      std::vector<std::string> diffs = diff_values(c.expected, actual);
      if (diffs.empty()) return "";
      std::string out = "  differences:\n";
      for (const auto& d : diffs) out += "    " + d + "\n";
      out += "  expected:\n" + to_pretty_json(c.expected, "    ") + "\n";
      out += "  actual:\n" + to_pretty_json(actual, "    ") + "\n";
      return out;
    }
  }
  return "";
}

std::string describe(const Identity& id) {
  if (!id.ok) return "a rejection at `" + id.error_path + "`: " + id.error;
  std::string s = "key " + (id.key ? *id.key : std::string("(none)")) + ", idempotency [";
  for (size_t i = 0; i < id.idempotency.size(); ++i) s += (i ? ", " : "") + id.idempotency[i];
  return s + "]";
}

// Checks an identity against `expect_key` and `expect_idempotency`; the failure explanation, or empty.
std::string check_identity(const MappingTestCase& c, const Identity& id) {
  if (!id.ok) return "  expected the record's identity, got " + describe(id) + "\n";
  std::string out, error;
  auto compare = [&](const std::string& what, const TestValue& expected, const std::string& json) {
    TestValue actual;
    if (!parse_json(json, actual, error)) return void(out += "  " + what + ": malformed JSON " + json + "\n");
    for (const auto& d : diff_values(expected, actual))
      out += "  " + what + (d.rfind("(record)", 0) == 0 ? d.substr(8) : " " + d) + "\n";
  };
  if (c.expected_key) {
    if (!id.key) out += "  key: expected " + to_json(*c.expected_key) + ", but the flow's domain has no key\n";
    else compare("key", *c.expected_key, *id.key);
  }
  if (c.expected_parts) {
    if (c.expected_parts->size() != id.idempotency.size())
      out += "  idempotency: expected " + std::to_string(c.expected_parts->size()) + " part(s), got " + describe(id) + "\n";
    else
      for (size_t i = 0; i < id.idempotency.size(); ++i)
        compare("idempotency[" + std::to_string(i) + "]", (*c.expected_parts)[i], id.idempotency[i]);
  }
  return out;
}

bool same_identity(const Identity& a, const Identity& b) {
  return a.ok == b.ok && a.key == b.key && a.idempotency == b.idempotency && a.error_path == b.error_path && a.error == b.error;
}

// Runs one case on the selected engines; returns the failure explanation (indented lines), empty when it passed.
std::string run_case(const MappingTestCase& c, const LoadedMapping& m, const TestOptions& opts, FallbackCount& fallbacks) {
  if (!m.mapping) return "  " + m.problem + "\n";
  std::string error;
  std::optional<Pipeline> pipeline = m.mapping->pipeline(c.flow, &error);
  if (!pipeline) {
    std::string out = "  ";
    for (char ch : error) out += ch == '\n' ? std::string("\n  ") : std::string(1, ch);
    return out + "\n";
  }
  interp::FixtureRefs refs;
  if (!refs.parse(to_json(c.refs), error)) return "  bad refs: " + error + "\n";
  RunContext context;
  context.refs = &refs;
  if (c.previous_json) context.previous = *c.previous_json;
  if (c.start_json) context.start = *c.start_json;
  bool identity = c.expected_key || c.expected_parts;
  // Checks what the case expects of one engine's pipeline; the failure explanation, or empty.
  auto check = [&](const Pipeline& p, RecordResult& r, Identity& id) {
    std::string failure;
    if (c.check_outcome) failure = check_expectation(c, r = p.run(c.input_json, context));
    if (failure.empty() && identity) failure = check_identity(c, id = p.identity(c.input_json, &refs));
    return failure;
  };
  RecordResult reference, native;
  Identity reference_id, native_id;
  if (opts.interp())
    if (std::string failure = check(pipeline->reference(), reference, reference_id); !failure.empty()) return failure;
  if (!opts.jit()) return "";
  if (!pipeline->native()) {
    // The JIT engine runs this flow on the interpreter: with --engine jit that is what is checked.
    ++fallbacks.cases;
    if (fallbacks.example.empty()) fallbacks.example = pipeline->flow().domain + " (" + pipeline->fallback_reason() + ")";
    return opts.interp() ? "" : check(*pipeline, native, native_id);
  }
  if (std::string failure = check(*pipeline, native, native_id); !failure.empty()) return "  jit:\n" + failure;
  if (!opts.interp()) return "";
  if (c.check_outcome && (native.outcome != reference.outcome || native.output != reference.output ||
                          native.error_path != reference.error_path || native.error != reference.error))
    return "  the engines differ:\n  interpreter: " + describe(reference) + "\n  jit:         " + describe(native) + "\n";
  if (identity && !same_identity(native_id, reference_id))
    return "  the engines differ:\n  interpreter: " + describe(reference_id) + "\n  jit:         " + describe(native_id) + "\n";
  return "";
}

int run_tests(const TestOptions& opts) {
  std::vector<std::string> errors;
  std::vector<std::string> files = collect_test_files(opts.paths.empty() ? std::vector<std::string>{"."} : opts.paths, errors);
  bool usage_error = !errors.empty();
  for (const auto& e : errors) std::cerr << "error: " << e << "\n";
  if (files.empty() && errors.empty()) {
    std::cerr << "error: no *_test.yaml files found\n";
    return kExitUsage;
  }
  std::map<std::string, std::unique_ptr<LoadedMapping>> mappings;
  size_t passed = 0, failed = 0;
  FallbackCount fallbacks;
  for (const auto& path : files) {
    MappingTestFile file;
    std::string error;
    if (!load_mapping_test_file(path, file, error)) {
      std::cerr << "error: " << error << "\n";
      usage_error = true;
      continue;
    }
    bool io_error = false;
    const LoadedMapping& mapping = load_mapping(file.mapping, opts, mappings, io_error);
    if (io_error) {
      usage_error = true;
      continue;
    }
    for (const auto& c : file.cases) {
      std::string failure = run_case(c, mapping, opts, fallbacks);
      if (failure.empty()) {
        ++passed;
        std::cout << "ok   " << path << ":" << c.name << "\n";
      } else {
        ++failed;
        std::cout << "FAIL " << path << ":" << c.name << "\n  (line " << c.line << ", flow " << c.flow << ")\n" << failure;
      }
    }
  }
  std::cout << passed << " passed, " << failed << " failed\n";
  if (fallbacks.cases > 0)
    std::cerr << "note: " << fallbacks.cases << " case(s) ran on the interpreter only: the JIT did not compile their flow, e.g. "
              << fallbacks.example << "\n";
  if (usage_error) return kExitUsage;
  return failed > 0 ? kExitFindings : kExitOk;
}

}  // namespace

void add_test_command(CLI::App& app, int& exit_code) {
  auto opts = std::make_shared<TestOptions>();
  CLI::App* cmd = app.add_subcommand("test", "Run the *_test.yaml cases of mappings through the interpreter and the JIT");
  cmd->add_option("paths", opts->paths, "Test files, or directories searched for *_test.yaml (default: .)");
  cmd->add_option("--schema-dir", opts->schema_dir, "Record schemas (default: the built-in ones)");
  cmd->add_option("--engine", opts->engine,
                  "both (default: each engine must pass and give the same bytes), interp, or jit (flows it cannot compile run on the interpreter)")
      ->check(CLI::IsMember({"both", "interp", "jit"}));
  cmd->callback([opts, &exit_code] { exit_code = run_tests(*opts); });
}

}  // namespace syncloom::cli
