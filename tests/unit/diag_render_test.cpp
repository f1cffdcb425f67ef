// Exact text of the rustc-style human renderer, and that odd spans never crash it.
#include <catch2/catch.hpp>

#include <sstream>
#include <string>

#include "syncloom/diag/render.hpp"

using namespace syncloom::diag;

namespace {

std::string human(const SourceManager& sm, const std::vector<Diagnostic>& diags, bool color = false) {
  std::ostringstream out;
  render_human(out, sm, diags, HumanOptions{color});
  return out.str();
}

// Eleven filler lines, so the interesting line is 12 and the gutter is two digits wide.
std::string twelve_lines(const std::string& line12) {
  std::string text;
  for (int i = 1; i <= 11; ++i) text += "line " + std::to_string(i) + "\n";
  return text + line12 + "\n";
}

uint32_t offset_of(const SourceManager& sm, uint32_t file, std::string_view needle) {
  return static_cast<uint32_t>(sm.text(file).find(needle));
}

}  // namespace

TEST_CASE("an unknown field renders like rustc", "[diag][render]") {
  SourceManager sm;
  const uint32_t f = sm.add("mappings/x.loom", twelve_lines("    total = totl"));
  const uint32_t b = offset_of(sm, f, "totl");
  const Diagnostic d = Diagnostic::error("E0104", "unknown field `totl` on woo.order")
                           .at(Span{f, b, b + 4}, "not a field of woo.order")
                           .note("woo.order fields come from schemas/woo.json")
                           .with_help("did you mean `total`?");
  CHECK(human(sm, {d}) ==
        "error[E0104]: unknown field `totl` on woo.order\n"
        "  --> mappings/x.loom:12:13\n"
        "   |\n"
        "12 |     total = totl\n"
        "   |             ^^^^ not a field of woo.order\n"
        "   = note: woo.order fields come from schemas/woo.json\n"
        "   = help: did you mean `total`?\n"
        "\n");
}

TEST_CASE("labels render once per line, in line order, primary ^ and secondary -", "[diag][render]") {
  SourceManager sm;
  const uint32_t f = sm.add("m.loom", "a = b\nc = d\ne = f\n");
  const Diagnostic d = Diagnostic::warning("L0004", "unused `let` binding")
                           .at(Span{f, 12, 13}, "never read")
                           .also(Span{f, 0, 1}, "first")
                           .also(Span{f, 4, 5}, "second");
  CHECK(human(sm, {d}) ==
        "warning[L0004]: unused `let` binding\n"
        " --> m.loom:3:1\n"
        "  |\n"
        "1 | a = b\n"
        "  | - first\n"
        "  |     - second\n"
        "...\n"
        "3 | e = f\n"
        "  | ^ never read\n"
        "\n");
}

TEST_CASE("a label in another file gets its own header", "[diag][render]") {
  SourceManager sm;
  const uint32_t a = sm.add("a.loom", "import b\nx = y\n");
  const uint32_t b = sm.add("lib/b.loom", "export y\n");
  const Diagnostic d = Diagnostic::error("E0108", "unknown name `y`")
                           .at(Span{a, 13, 14}, "not found")
                           .also(Span{b, 7, 8}, "defined here");
  CHECK(human(sm, {d}) ==
        "error[E0108]: unknown name `y`\n"
        " --> a.loom:2:5\n"
        "  |\n"
        "2 | x = y\n"
        "  |     ^ not found\n"
        " --> lib/b.loom:1:8\n"
        "  |\n"
        "1 | export y\n"
        "  |        - defined here\n"
        "\n");
}

TEST_CASE("tabs expand to four spaces in the line and under it", "[diag][render]") {
  SourceManager sm;
  const uint32_t f = sm.add("t.loom", "\tx\t= y\n");
  const Diagnostic d = Diagnostic::error("E0108", "unknown name `y`").at(Span{f, 5, 6}, "here");
  CHECK(human(sm, {d}) ==
        "error[E0108]: unknown name `y`\n"
        " --> t.loom:1:6\n"
        "  |\n"
        "1 |     x    = y\n"
        "  |            ^ here\n"
        "\n");
}

TEST_CASE("carets count code points, not bytes", "[diag][render]") {
  SourceManager sm;
  const uint32_t f = sm.add("u.loom", "name = \"caf\xC3\xA9\" + x\n");
  const uint32_t b = offset_of(sm, f, "\"");
  const Diagnostic d = Diagnostic::error("E0201", "type mismatch").at(Span{f, b, b + 7});
  CHECK(human(sm, {d}) ==
        "error[E0201]: type mismatch\n"
        " --> u.loom:1:8\n"
        "  |\n"
        "1 | name = \"caf\xC3\xA9\" + x\n"
        "  |        ^^^^^^\n"
        "\n");
}

TEST_CASE("zero-width and multi-line spans stay on one line", "[diag][render]") {
  SourceManager sm;
  const uint32_t f = sm.add("s.loom", "flow x {\n  a = b\n}");
  SECTION("a zero-width span gets one caret") {
    const Diagnostic d = Diagnostic::error("P0001", "expected `}`").at(Span{f, 8, 8}, "here");
    CHECK(human(sm, {d}) ==
          "error[P0001]: expected `}`\n"
          " --> s.loom:1:9\n"
          "  |\n"
          "1 | flow x {\n"
          "  |         ^ here\n"
          "\n");
  }
  SECTION("a span over several lines is underlined to the end of its first line") {
    const Diagnostic d = Diagnostic::error("E0404", "flow never runs").at(Span{f, 0, 17}, "this flow");
    CHECK(human(sm, {d}) ==
          "error[E0404]: flow never runs\n"
          " --> s.loom:1:1\n"
          "  |\n"
          "1 | flow x {\n"
          "  | ^^^^^^^^... this flow\n"
          "\n");
  }
}

TEST_CASE("a diagnostic without labels prints its header, notes and help", "[diag][render]") {
  SourceManager sm;
  const Diagnostic d = Diagnostic::error("E0501", "cannot read `x.loom`").note("No such file").with_help("check the path");
  CHECK(human(sm, {d}) ==
        "error[E0501]: cannot read `x.loom`\n"
        "  = note: No such file\n"
        "  = help: check the path\n"
        "\n");
}

TEST_CASE("each diagnostic is followed by a blank line", "[diag][render]") {
  SourceManager sm;
  Diagnostic internal = Diagnostic::error("", "lowering lost a type");
  internal.severity = Severity::kInternal;
  CHECK(human(sm, {Diagnostic::warning("L0001", "unused table `t`"), internal}) ==
        "warning[L0001]: unused table `t`\n\ninternal error: lowering lost a type\n\n");
}

TEST_CASE("color is opt-in", "[diag][render]") {
  SourceManager sm;
  const uint32_t f = sm.add("c.loom", "x\n");
  const Diagnostic d = Diagnostic::error("E0108", "unknown name").at(Span{f, 0, 1});
  CHECK(human(sm, {d}).find('\x1b') == std::string::npos);
  const std::string colored = human(sm, {d}, true);
  CHECK(colored.find("\x1b[1;31merror[E0108]") != std::string::npos);
  CHECK(colored.find("\x1b[1;34m") != std::string::npos);
}

TEST_CASE("bad spans and unknown files never crash the renderer", "[diag][render]") {
  SourceManager sm;
  const uint32_t f = sm.add("b.loom", "ab\r\ncd");
  const Diagnostic d = Diagnostic::error("E0104", "odd spans")
                           .at(Span{f, 100, 200}, "past the end")
                           .also(Span{f, 3, 1}, "reversed")
                           .also(Span{f, 2, 3}, "at the CR")
                           .also(Span{42, 0, 1}, "unknown file")
                           .also(Span{f, UINT32_MAX, UINT32_MAX}, "max");
  const std::string text = human(sm, {d});
  CHECK(text.find(" --> b.loom:2:3\n") != std::string::npos);
  CHECK(text.find("unknown file") == std::string::npos);
  CHECK(text.find("\n  |   - at the CR\n") != std::string::npos);
  SourceManager empty;
  CHECK(human(empty, {d}) == "error[E0104]: odd spans\n\n");
}
