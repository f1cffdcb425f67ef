// Diagnostic builders, DiagnosticBag counts and ordering, and the code registry.
#include <catch2/catch.hpp>

#include <set>
#include <string>

#include "syncloom/diag/codes.hpp"
#include "syncloom/diag/diagnostic.hpp"

using namespace syncloom::diag;

TEST_CASE("builders fill severity, code, labels, notes and help", "[diag]") {
  const Diagnostic d = Diagnostic::error("E0104", "unknown field `totl`")
                           .at(Span{0, 4, 8}, "not a field")
                           .also(Span{0, 1, 2}, "record here")
                           .note("fields come from the schema")
                           .with_help("did you mean `total`?");
  CHECK(d.severity == Severity::kError);
  CHECK(d.code == "E0104");
  REQUIRE(d.labels.size() == 2);
  CHECK(d.labels[0].primary);
  CHECK_FALSE(d.labels[1].primary);
  CHECK(d.notes == std::vector<std::string>{"fields come from the schema"});
  CHECK(d.help == std::vector<std::string>{"did you mean `total`?"});
  REQUIRE(d.primary() != nullptr);
  CHECK(d.primary()->span.begin == 4);
  CHECK(Diagnostic::warning("L0001", "unused").severity == Severity::kWarning);
}

TEST_CASE("primary falls back to the first label, then to none", "[diag]") {
  Diagnostic d = Diagnostic::error("E0101", "x");
  CHECK(d.primary() == nullptr);
  d.also(Span{0, 3, 4}, "secondary only");
  REQUIRE(d.primary() != nullptr);
  CHECK(d.primary()->span.begin == 3);
  d.also(Span{0, 1, 2}, "second").at(Span{0, 9, 9});
  CHECK(d.primary()->span.begin == 9);
}

TEST_CASE("severity names read as words", "[diag]") {
  CHECK(std::string(severity_name(Severity::kError)) == "error");
  CHECK(std::string(severity_name(Severity::kWarning)) == "warning");
  CHECK(std::string(severity_name(Severity::kNote)) == "note");
  CHECK(std::string(severity_name(Severity::kInternal)) == "internal error");
}

TEST_CASE("the bag counts internal errors as errors", "[diag]") {
  DiagnosticBag bag;
  CHECK_FALSE(bag.has_errors());
  bag.report(Diagnostic::warning("L0001", "w"));
  CHECK_FALSE(bag.has_errors());
  CHECK(bag.warning_count() == 1);
  Diagnostic internal = Diagnostic::error("", "bug");
  internal.severity = Severity::kInternal;
  bag.report(internal);
  bag.report(Diagnostic::error("E0101", "e"));
  CHECK(bag.error_count() == 2);
  CHECK(bag.has_errors());
  CHECK(bag.all().size() == 3);
}

TEST_CASE("the bag sorts by file, offset and code, keeping ties in report order", "[diag]") {
  DiagnosticBag bag;
  bag.report(Diagnostic::error("E0201", "b").at(Span{1, 0, 1}));
  bag.report(Diagnostic::error("E0104", "late").at(Span{0, 20, 21}));
  bag.report(Diagnostic::error("E0201", "tie-1").at(Span{0, 5, 6}));
  bag.report(Diagnostic::error("E0104", "first code").at(Span{0, 5, 6}));
  bag.report(Diagnostic::error("E0201", "tie-2").at(Span{0, 5, 9}));
  bag.report(Diagnostic::error("E0501", "unlocated"));
  bag.sort();
  std::vector<std::string> order;
  for (const Diagnostic& d : bag.all()) order.push_back(d.message);
  CHECK(order == std::vector<std::string>{"unlocated", "first code", "tie-1", "tie-2", "late", "b"});
}

TEST_CASE("every registry code is unique, well-formed and findable", "[diag][codes]") {
  std::set<std::string_view> seen;
  REQUIRE_FALSE(all_codes().empty());
  for (const CodeInfo& c : all_codes()) {
    INFO(c.code);
    CHECK(seen.insert(c.code).second);
    REQUIRE(c.code.size() == 5);
    CHECK(std::string_view("PELR").find(c.code[0]) != std::string_view::npos);
    CHECK_FALSE(c.title.empty());
    CHECK_FALSE(c.summary.empty());
    CHECK(find_code(c.code) == &c);
  }
  REQUIRE(find_code("E0104") != nullptr);
  CHECK(find_code("E0104")->title == "unknown-field");
  CHECK(find_code("L0001")->severity == Severity::kWarning);
  CHECK(find_code("X9999") == nullptr);
  CHECK(find_code("") == nullptr);
}
