// The generic golden runner: every tests/golden/<case>/ must render exactly its expected.diag (transform
// cases also expected.ndjson, from the interpreter and the JIT alike); every diagnostic code has a case and
// a doc page; every ```loom example in docs/language.md lints as it says.
#include <catch2/catch.hpp>
#include <filesystem>
#include <regex>
#include <set>

#include "doc_examples.hpp"
#include "golden_case.hpp"
#include "syncloom/diag/codes.hpp"
#include "syncloom/diag/render.hpp"
#include "syncloom/frontend/frontend.hpp"
#include "syncloom/frontend/lower.hpp"

namespace fs = std::filesystem;
using namespace syncloom;

namespace {
const std::string kRoot = SYNCLOOM_SOURCE_DIR;
const std::string kSchemas = kRoot + "/schemas";
}  // namespace

TEST_CASE("every golden case renders its expected diagnostics", "[golden]") {
  auto cases = testing::find_golden_cases(kRoot + "/tests/golden");
  REQUIRE(!cases.empty());
  for (const auto& c : cases) {
    SECTION(c.name) {
      std::string actual = testing::render_case(c, kSchemas);
      std::string expected;
      INFO("case " << c.name << " (run with SYNCLOOM_APPROVE=1 to accept; see expected.diag.actual)");
      CHECK(testing::compare_with_expectation(c, actual, expected));
      CHECK(actual == expected);
    }
  }
}

TEST_CASE("golden cases with expected.ir lower to exactly that IR, which verifies", "[golden][ir]") {
  int cases = 0;
  for (const auto& c : testing::find_golden_cases(kRoot + "/tests/golden")) {
    if (!fs::exists(c.dir + "/expected.ir")) continue;
    ++cases;
    SECTION(c.name) {
      std::string actual = testing::render_ir(c, kSchemas);
      std::string expected;
      INFO("case " << c.name << " (SYNCLOOM_APPROVE=1 accepts; see expected.ir.actual)");
      CHECK(testing::compare_with_expectation(c, actual, expected, "expected.ir"));
      CHECK(actual.find("VERIFY:") == std::string::npos);
    }
  }
  CHECK(cases >= 3);
}

TEST_CASE("golden transform cases produce exactly their expected records, on both engines", "[golden][transform]") {
  int cases = 0;
  for (const auto& c : testing::find_golden_cases(kRoot + "/tests/golden")) {
    if (!fs::exists(c.dir + "/input.ndjson")) continue;
    ++cases;
    SECTION(c.name) {
      auto interp = testing::render_transform(c, kSchemas, testing::TransformEngine::kInterpreter);
      std::string expected;
      INFO("case " << c.name << " (SYNCLOOM_APPROVE=1 accepts; see expected.ndjson.actual)");
      CHECK(testing::compare_with_expectation(c, interp.text, expected, "expected.ndjson"));
      // The JIT must give the interpreter's bytes, rejects included (so, with the check above, the expected
      // ones). Approving writes only the interpreter's output: it is the oracle.
      auto jit = testing::render_transform(c, kSchemas, testing::TransformEngine::kJit);
      INFO("jit " << (jit.native ? "native" : "fell back to the interpreter: " + jit.fallback_reason));
      CHECK(jit.text == interp.text);
      CHECK(jit.native);  // otherwise the comparison above compares the interpreter with itself
    }
  }
  CHECK(cases >= 3);
}

TEST_CASE("every shipped mapping lowers to IR that verifies", "[ir]") {
  for (const auto& entry : fs::directory_iterator(kRoot + "/mappings")) {
    if (entry.path().extension() != ".loom") continue;
    frontend::FrontendOptions options;
    options.schema_dir = kSchemas;
    frontend::Compilation compilation(options);
    REQUIRE(compilation.check_file(entry.path().string()));
    REQUIRE(!compilation.diagnostics().has_errors());
    ir::Module module = frontend::lower(*compilation.program());
    INFO(entry.path().filename().string());
    CHECK(ir::verify(module).empty());
    CHECK(!module.flows.empty());
  }
}

TEST_CASE("every diagnostic code has a golden case and a doc page", "[golden][docs]") {
  std::set<std::string> covered;
  std::regex code_re(R"((error|warning)\[([PELR]\d{4})\])");
  for (const auto& c : testing::find_golden_cases(kRoot + "/tests/golden")) {
    std::string text = testing::read_text(c.dir + "/expected.diag");
    for (std::sregex_iterator it(text.begin(), text.end(), code_re), end; it != end; ++it) covered.insert((*it)[2]);
  }
  for (const auto& info : diag::all_codes()) {
    std::string code(info.code);
    INFO("code " << code);
    CHECK(covered.count(code) == 1);
    CHECK(fs::exists(kRoot + "/docs/diagnostics/" + code + ".md"));
  }
}

TEST_CASE("the diagnostics index and each page's header give the registry's severity, title and summary", "[docs]") {
  std::string index = testing::read_text(kRoot + "/docs/diagnostics/README.md");
  for (const auto& info : diag::all_codes()) {
    std::string code(info.code), severity = info.severity == diag::Severity::kError ? "error" : "warning";
    INFO("code " << code);
    std::string row = "| [" + code + "](" + code + ".md) | " + severity + " | " + std::string(info.title) + " | " +
                      std::string(info.summary) + " |";
    CHECK(index.find(row) != std::string::npos);
    std::string page = testing::read_text(kRoot + "/docs/diagnostics/" + code + ".md");
    CHECK(page.rfind("# " + code + ": " + std::string(info.title) + "\n", 0) == 0);
    CHECK(page.find("| " + severity + " | ") != std::string::npos);
    CHECK(page.find(" | " + std::string(info.summary) + " |") != std::string::npos);
  }
}

namespace {

/// Lints every ```loom block of a Markdown file; returns how many there were.
int check_loom_examples(const std::string& markdown_path) {
  // ```loom blocks must lint clean; ```loom expect=E0201 blocks must report that code.
  std::string doc = testing::read_text(markdown_path);
  REQUIRE(!doc.empty());
  std::regex block_re("```loom( expect=([A-Z]\\d{4}))?\\n([\\s\\S]*?)```");
  int examples = 0;
  for (std::sregex_iterator it(doc.begin(), doc.end(), block_re), end; it != end; ++it) {
    ++examples;
    std::string expect = (*it)[2];
    std::string source = (*it)[3];
    frontend::FrontendOptions options;
    options.schema_dir = kSchemas;
    frontend::Compilation compilation(options);
    compilation.check_source(kRoot + "/docs/example.loom", source);
    std::set<std::string> codes;
    for (const auto& d : compilation.diagnostics().all())
      if (d.severity != diag::Severity::kNote) codes.insert(d.code);
    std::ostringstream rendered;
    diag::render_human(rendered, compilation.sources(), compilation.diagnostics().all(), {});
    INFO(markdown_path << " example " << examples << ":\n" << source << "\ndiagnostics:\n" << rendered.str());
    if (expect.empty()) {
      CHECK(codes.empty());
    } else {
      CHECK(codes.count(expect) == 1);
    }
  }
  return examples;
}

}  // namespace

TEST_CASE("every loom example in docs/language.md lints as annotated", "[docs]") {
  CHECK(check_loom_examples(kRoot + "/docs/language.md") >= 10);
}

TEST_CASE("the README's mapping example lints clean", "[docs]") {
  CHECK(check_loom_examples(kRoot + "/README.md") >= 1);
}

TEST_CASE("each diagnostic page's example reports its code and its fix lints clean", "[docs]") {
  // Examples that import files or load schema files need companions the page only shows; golden cases
  // cover those codes with real files.
  std::regex block_re("```loom\\n([\\s\\S]*?)```");
  int pages = 0;
  for (const auto& info : diag::all_codes()) {
    std::string code(info.code);
    std::string page = testing::read_text(kRoot + "/docs/diagnostics/" + code + ".md");
    std::vector<std::string> blocks;
    for (std::sregex_iterator it(page.begin(), page.end(), block_re), end; it != end; ++it) blocks.push_back((*it)[1]);
    INFO("docs/diagnostics/" << code << ".md");
    REQUIRE(blocks.size() >= 2);
    auto codes_of = [&](const std::string& source) {
      frontend::Compilation compilation(frontend::FrontendOptions{kSchemas, true, nullptr});
      compilation.check_source(kRoot + "/docs/diagnostics/example.loom", source);
      std::set<std::string> codes;
      for (const auto& d : compilation.diagnostics().all()) codes.insert(d.code);
      return codes;
    };
    if (!testing::example_needs_files(blocks.front())) CHECK(codes_of(blocks.front()).count(code) == 1);
    if (!testing::example_needs_files(blocks.back())) CHECK(codes_of(blocks.back()).empty());
    ++pages;
  }
  CHECK(pages == static_cast<int>(diag::all_codes().size()));
}

TEST_CASE("each diagnostic page shows exactly what syncloom lint prints for its example", "[docs]") {
  // The ```text block after "reports:" is the binary's rendering of the page's first example, message,
  // labels, notes and help included, so a page cannot drift from the diagnostics it documents.
  int checked = 0;
  for (const auto& info : diag::all_codes()) {
    std::string code(info.code);
    std::string path = kRoot + "/docs/diagnostics/" + code + ".md";
    testing::DocExample example = testing::first_doc_example(testing::read_text(path));
    INFO(path);
    REQUIRE(!example.source.empty());
    REQUIRE(!example.rendered.empty());
    if (testing::example_needs_files(example.source)) continue;
    frontend::Compilation compilation(frontend::FrontendOptions{kSchemas, true, nullptr});
    compilation.check_source("example.loom", example.source);
    std::ostringstream rendered;
    diag::render_human(rendered, compilation.sources(), compilation.diagnostics().all(), {});
    // Diagnostics are separated by a blank line; the last one's is not part of the page.
    auto trimmed = [](std::string s) { return s.erase(s.find_last_not_of('\n') + 1); };
    CHECK(trimmed(rendered.str()) == trimmed(example.rendered));
    ++checked;
  }
  // Only the pages whose examples import files or load schema files are exempt (their golden cases
  // render those codes with real files).
  CHECK(checked >= static_cast<int>(diag::all_codes().size()) - 8);
}
