// libFuzzer target for the pipeline: the input is a mapping and a record separated by a line "---".
// A mapping that compiles must map any record to an output (valid JSON), a filter or a reasoned
// rejection, in every flow, without crashing or tripping a sanitizer. A small mapping is also compiled by
// the JIT, which must work, and every flow it compiles must give the interpreter's bytes.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <memory>
#include <string>

#include "syncloom/syncloom.hpp"

namespace {

const std::string kSchemaDir = std::string(SYNCLOOM_SOURCE_DIR) + "/schemas";

// JIT compiles take milliseconds, record runs microseconds: only small mappings go through the JIT, and
// each at most once while libFuzzer mutates the record part.
constexpr size_t kMaxJitMappingBytes = 4096;
constexpr size_t kMaxCachedJitMappings = 32;

[[noreturn]] void fail(const char* what, const std::string& detail) {
  std::fprintf(stderr, "fuzz_transform: %s\n%s\n", what, detail.c_str());
  std::abort();
}

/// The mapping compiled with the JIT engine (no object cache: nothing on disk), or null when it is too big.
std::shared_ptr<const syncloom::Mapping> jit_mapping(const std::string& text, const syncloom::CompileOptions& interp_options) {
  static std::map<std::string, std::shared_ptr<const syncloom::Mapping>> compiled;
  if (text.size() > kMaxJitMappingBytes) return nullptr;
  if (auto it = compiled.find(text); it != compiled.end()) return it->second;
  if (compiled.size() >= kMaxCachedJitMappings) compiled.clear();
  syncloom::CompileOptions options = interp_options;
  options.engine = syncloom::Engine::kJit;
  options.use_cache = false;
  auto result = syncloom::compile_source(std::string(SYNCLOOM_SOURCE_DIR) + "/fuzz/corpus_transform/input.loom", text, options);
  if (!result.mapping) fail("the mapping compiles for the interpreter but not with the JIT engine", result.diagnostics);
  // This machine has a native target and no cache is used: any JIT error is a bug in the JIT.
  if (!result.mapping->jit_error().empty()) fail("the JIT failed", result.mapping->jit_error() + "\nmapping:\n" + text);
  return compiled[text] = result.mapping;
}

std::string describe(const syncloom::RecordResult& r) {
  return "outcome " + std::to_string(int(r.outcome)) + "\noutput " + r.output + "\nerror_path " + r.error_path + "\nerror " + r.error;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string input(reinterpret_cast<const char*>(data), size);
  size_t sep = input.find("\n---\n");
  if (sep == std::string::npos) return 0;
  std::string mapping = input.substr(0, sep);
  std::string record = input.substr(sep + 5);
  syncloom::CompileOptions options;
  options.schema_dir = kSchemaDir;
  auto compiled = syncloom::compile_source(std::string(SYNCLOOM_SOURCE_DIR) + "/fuzz/corpus_transform/input.loom", mapping, options);
  if (!compiled.mapping) return 0;
  std::shared_ptr<const syncloom::Mapping> jit = jit_mapping(mapping, options);
  for (const auto& flow : compiled.mapping->flows()) {
    auto pipeline = compiled.mapping->pipeline(flow.selector());
    if (!pipeline) fail("a listed flow cannot be selected", flow.selector());
    syncloom::RecordResult r = pipeline->run(record);
    if (r.outcome == syncloom::Outcome::kRejected && r.error.empty()) fail("rejection without a reason", record);
    if (r.outcome == syncloom::Outcome::kOutput && (r.output.empty() || r.output.front() != '{')) fail("output is not an object", r.output);
    if (!jit) continue;
    auto native = jit->pipeline(flow.selector());
    if (!native) fail("a listed flow cannot be selected with the JIT engine", flow.selector());
    if (!native->native()) continue;  // the JIT engine would run the interpreter: nothing to compare
    syncloom::RecordResult n = native->run(record);
    if (n.outcome != r.outcome || n.output != r.output || n.error_path != r.error_path || n.error != r.error)
      fail("the JIT differs from the interpreter",
           "flow " + flow.selector() + "\nrecord " + record + "\n-- interpreter:\n" + describe(r) + "\n-- jit:\n" + describe(n));
  }
  return 0;
}
