// libFuzzer target for the pipeline: the input is a mapping and a record separated by a line "---".
// A mapping that compiles must map any record to an output (valid JSON), a filter or a reasoned
// rejection, in every flow, without crashing or tripping a sanitizer. (When the JIT exists, this target
// also compares its output with the interpreter's byte for byte.)
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "syncloom/syncloom.hpp"

namespace {

const std::string kSchemaDir = std::string(SYNCLOOM_SOURCE_DIR) + "/schemas";

[[noreturn]] void fail(const char* what, const std::string& detail) {
  std::fprintf(stderr, "fuzz_transform: %s\n%s\n", what, detail.c_str());
  std::abort();
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
  for (const auto& flow : compiled.mapping->flows()) {
    auto pipeline = compiled.mapping->pipeline(flow.selector());
    if (!pipeline) fail("a listed flow cannot be selected", flow.selector());
    syncloom::RecordResult r = pipeline->run(record);
    if (r.outcome == syncloom::Outcome::kRejected && r.error.empty()) fail("rejection without a reason", record);
    if (r.outcome == syncloom::Outcome::kOutput && (r.output.empty() || r.output.front() != '{')) fail("output is not an object", r.output);
  }
  return 0;
}
