// libFuzzer target for the front end: any bytes, as a .loom file, must lint, render and format without
// crashing, leaking, hanging or tripping a sanitizer. Built only with -DSYNCLOOM_BUILD_FUZZERS=ON (clang);
// scripts/fuzz configures, builds and runs it. fuzz/regressions/ keeps every input that once failed.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <sstream>
#include <string>

#include "syncloom/diag/render.hpp"
#include "syncloom/frontend/frontend.hpp"

// The formatter is optional so this target builds on trees that do not have it yet.
#if __has_include("syncloom/frontend/format.hpp")
#include "syncloom/frontend/format.hpp"
#define SYNCLOOM_FUZZ_FORMAT 1
#endif

namespace {

using namespace syncloom;

// Inputs are checked as if they lived in fuzz/corpus/, so `import "seed_module.loom"` and
// `schema "seed_ext.yaml"` reach the seed module and schema extension there.
const std::string kInputPath = std::string(SYNCLOOM_SOURCE_DIR) + "/fuzz/corpus/fuzz_input.loom";
const std::string kSchemaDir = std::string(SYNCLOOM_SOURCE_DIR) + "/schemas";

[[noreturn]] void fail(const char* what, const std::string& detail) {
  std::fprintf(stderr, "fuzz_frontend: %s\n%s\n", what, detail.c_str());
  std::abort();
}

void lint_and_render(const std::string& text) {
  // Parsing the YAML schemas under ASan costs ~50 ms; load them once so the fuzzer spends its time on input.
  static const auto schemas = std::make_shared<schema::SchemaRegistry>(kSchemaDir);
  frontend::FrontendOptions options;
  options.schema_dir = kSchemaDir;
  options.schemas = schemas;
  frontend::Compilation compilation(options);
  compilation.check_source(kInputPath, text);
  const auto& diags = compilation.diagnostics().all();
  // Render with every renderer: they walk spans, line tables and UTF-8 in the messages.
  std::ostringstream out;
  diag::render_human(out, compilation.sources(), diags, {false});
  diag::render_human(out, compilation.sources(), diags, {true});
  diag::render_json(out, compilation.sources(), diags);
  diag::render_sarif(out, compilation.sources(), diags, "fuzz");
  // A user never sees an internal type: after one mistake, follow-on diagnostics must not cascade.
  std::ostringstream human;
  diag::render_human(human, compilation.sources(), diags, {false});
  if (human.str().find("<error>") != std::string::npos) fail("a diagnostic shows the internal error type", human.str());
}

#ifdef SYNCLOOM_FUZZ_FORMAT
std::string format_once(const std::string& text, bool& ok) {
  diag::SourceManager sm;
  uint32_t file = sm.add("fuzz.loom", text);
  diag::DiagnosticBag diags;
  frontend::FormatResult result = frontend::format_source(sm, file, diags);
  ok = result.ok;
  if (!result.ok && !diags.has_errors()) fail("format_source refused a file without reporting an error", text);
  return result.text;
}

// The formatter promises idempotence and an unchanged token sequence (format.hpp): check both.
void format_and_verify(const std::string& text) {
  bool ok = false;
  std::string once = format_once(text, ok);
  if (!ok) return;
  bool ok_again = false;
  std::string twice = format_once(once, ok_again);
  if (!ok_again) fail("formatted text no longer parses", "input:\n" + text + "\nformatted:\n" + once);
  if (twice != once) fail("formatting is not idempotent", "first:\n" + once + "\nsecond:\n" + twice);
  diag::SourceManager sm;
  uint32_t before = sm.add("before.loom", text);
  uint32_t after = sm.add("after.loom", once);
  if (frontend::significant_tokens(sm, before) != frontend::significant_tokens(sm, after))
    fail("formatting changed the tokens", "input:\n" + text + "\nformatted:\n" + once);
}
#endif

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string text(reinterpret_cast<const char*>(data), size);
  lint_and_render(text);
#ifdef SYNCLOOM_FUZZ_FORMAT
  format_and_verify(text);
#endif
  return 0;
}
