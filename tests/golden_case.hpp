// One golden case: a folder with mapping.loom and expected.diag (the rendered diagnostics); transform cases
// also hold input.ndjson and expected.ndjson, checked on both engines.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace syncloom::testing {

struct GoldenCase {
  std::string name;  ///< folder name
  std::string dir;   ///< absolute folder path
};

std::vector<GoldenCase> find_golden_cases(const std::string& root);

/// Lints the case's mapping.loom and renders its diagnostics as text, with the case folder removed from paths.
std::string render_case(const GoldenCase& c, const std::string& schema_dir);

/// Compares `actual` with the case's expected.diag. On a mismatch writes expected.diag.actual beside it, or,
/// when SYNCLOOM_APPROVE=1, overwrites expected.diag. Returns true when they match (or were approved).
bool compare_with_expectation(const GoldenCase& c, const std::string& actual, std::string& expected_out,
                              const std::string& file = "expected.diag");

enum class TransformEngine : uint8_t { kInterpreter, kJit };

/// What one engine made of a transform case.
struct TransformRender {
  std::string text;             ///< see render_transform
  bool native = false;          ///< kJit: the JIT compiled the flow (else the interpreter ran it)
  std::string fallback_reason;  ///< kJit and not native: why
};

/// Runs the case's input.ndjson through the flow named in its `flow` file with `engine` (refs from
/// refs.json when present): one line per input line, the output record, {"filtered":true} or
/// {"rejected":{"path":...,"error":...}} (only for cases with an input.ndjson). With kJit, a flow the JIT
/// does not compile runs on the interpreter, as `syncloom map --engine jit` does.
TransformRender render_transform(const GoldenCase& c, const std::string& schema_dir, TransformEngine engine);

/// The case's IR as `syncloom compile --emit ir` prints it (only for cases with an expected.ir).
std::string render_ir(const GoldenCase& c, const std::string& schema_dir);

std::string read_text(const std::string& path);
void write_text(const std::string& path, const std::string& text);

}  // namespace syncloom::testing
