// Structure of the JSON and SARIF renderers, checked by parsing their output back.
#include <catch2/catch.hpp>

#include <set>
#include <sstream>
#include <string>

#include <nlohmann/json.hpp>

#include "syncloom/diag/codes.hpp"
#include "syncloom/diag/render.hpp"

using namespace syncloom::diag;
using nlohmann::json;

namespace {

struct Fixture {
  SourceManager sm;
  std::vector<Diagnostic> diags;

  Fixture() {
    const uint32_t f = sm.add("mappings\\orders.loom", "flow o {\n  t\xC3\xA9st = totl\n}\n");
    const uint32_t lib = sm.add("lib/a b.loom", "domain order\n");
    diags.push_back(Diagnostic::error("E0104", "unknown field `totl`")
                        .at(Span{f, 19, 23}, "not a field")
                        .also(Span{lib, 7, 12}, "domain here")
                        .note("from the schema")
                        .with_help("did you mean `total`?"));
    diags.push_back(Diagnostic::warning("L0004", "unused `let`").at(Span{f, 8, 8}));
    Diagnostic internal = Diagnostic::error("", "lowering lost a type");
    internal.severity = Severity::kInternal;
    diags.push_back(internal);
  }
};

json render(const Fixture& fx, bool sarif) {
  std::ostringstream out;
  if (sarif) {
    render_sarif(out, fx.sm, fx.diags, "1.2.3");
  } else {
    render_json(out, fx.sm, fx.diags);
  }
  return json::parse(out.str());
}

}  // namespace

TEST_CASE("JSON output lists diagnostics with 1-based ranges and counts", "[diag][json]") {
  const Fixture fx;
  const json doc = render(fx, false);
  CHECK(doc["errors"] == 2);
  CHECK(doc["warnings"] == 1);
  REQUIRE(doc["diagnostics"].size() == 3);

  const json& d = doc["diagnostics"][0];
  CHECK(d["severity"] == "error");
  CHECK(d["code"] == "E0104");
  CHECK(d["message"] == "unknown field `totl`");
  CHECK(d["file"] == "mappings\\orders.loom");
  CHECK(d["line"] == 2);
  CHECK(d["column"] == 10);  // "té" counts as two columns
  CHECK(d["end_line"] == 2);
  CHECK(d["end_column"] == 14);
  REQUIRE(d["labels"].size() == 2);
  CHECK(d["labels"][0]["primary"] == true);
  CHECK(d["labels"][1]["primary"] == false);
  CHECK(d["labels"][1]["file"] == "lib/a b.loom");
  CHECK(d["labels"][1]["message"] == "domain here");
  CHECK(d["notes"] == json::array({"from the schema"}));
  CHECK(d["help"] == json::array({"did you mean `total`?"}));

  const json& unlocated = doc["diagnostics"][2];
  CHECK(unlocated["severity"] == "internal");
  CHECK(unlocated["file"].is_null());
  CHECK(unlocated["line"].is_null());
  CHECK(unlocated["labels"].empty());
}

TEST_CASE("JSON keys come in a fixed order", "[diag][json]") {
  const Fixture fx;
  std::ostringstream out;
  render_json(out, fx.sm, fx.diags);
  const std::string text = out.str();
  CHECK(text.rfind("{\n  \"diagnostics\": [\n    {\n      \"severity\": \"error\",\n      \"code\"", 0) == 0);
  CHECK(text.find("\"errors\"") < text.find("\"warnings\""));
}

TEST_CASE("JSON output survives invalid UTF-8 in messages", "[diag][json]") {
  SourceManager sm;
  std::ostringstream out;
  render_json(out, sm, {Diagnostic::error("P0003", "bad byte \xFF")});
  CHECK_NOTHROW(json::parse(out.str()));
}

TEST_CASE("SARIF output has the shape GitHub code scanning expects", "[diag][sarif]") {
  const Fixture fx;
  const json doc = render(fx, true);
  CHECK(doc["$schema"] == "https://json.schemastore.org/sarif-2.1.0.json");
  CHECK(doc["version"] == "2.1.0");
  REQUIRE(doc["runs"].size() == 1);
  const json& run = doc["runs"][0];
  const json& driver = run["tool"]["driver"];
  CHECK(driver["name"] == "syncloom");
  CHECK(driver["version"] == "1.2.3");
  CHECK(driver["informationUri"] == "https://github.com/syncloom/syncloom");
  CHECK(run["columnKind"] == "unicodeCodePoints");

  SECTION("every registry code is a rule, in registry order") {
    const json& rules = driver["rules"];
    REQUIRE(rules.size() == all_codes().size());
    for (size_t i = 0; i < rules.size(); ++i) {
      const CodeInfo& c = all_codes()[i];
      INFO(c.code);
      CHECK(rules[i]["id"] == std::string(c.code));
      CHECK(rules[i]["name"] == std::string(c.title));
      CHECK(rules[i]["shortDescription"]["text"] == std::string(c.summary));
      CHECK(rules[i]["helpUri"] ==
            "https://github.com/syncloom/syncloom/blob/main/docs/diagnostics/" + std::string(c.code) + ".md");
      CHECK(rules[i]["defaultConfiguration"]["level"] == (c.severity == Severity::kWarning ? "warning" : "error"));
    }
  }

  SECTION("results carry rule, level, message and a region") {
    const json& results = run["results"];
    REQUIRE(results.size() == 3);
    const json& r = results[0];
    CHECK(r["ruleId"] == "E0104");
    const json& rule = driver["rules"][r["ruleIndex"].get<size_t>()];
    CHECK(rule["id"] == "E0104");
    CHECK(r["level"] == "error");
    CHECK(r["message"]["text"] == "unknown field `totl`\nnote: from the schema\nhelp: did you mean `total`?");
    const json& loc = r["locations"][0]["physicalLocation"];
    CHECK(loc["artifactLocation"]["uri"] == "mappings/orders.loom");
    CHECK(loc["artifactLocation"]["uriBaseId"] == "%SRCROOT%");
    CHECK(loc["region"]["startLine"] == 2);
    CHECK(loc["region"]["startColumn"] == 10);
    CHECK(loc["region"]["endLine"] == 2);
    CHECK(loc["region"]["endColumn"] == 14);
    REQUIRE(r["relatedLocations"].size() == 1);
    const json& rel = r["relatedLocations"][0];
    CHECK(rel["physicalLocation"]["artifactLocation"]["uri"] == "lib/a%20b.loom");
    CHECK(rel["physicalLocation"]["region"]["startColumn"] == 8);
    CHECK(rel["physicalLocation"]["region"]["endColumn"] == 13);
    CHECK(rel["message"]["text"] == "domain here");
  }

  SECTION("warnings, empty spans and internal errors still get a level and a location") {
    const json& warning = run["results"][1];
    CHECK(warning["level"] == "warning");
    const json& region = warning["locations"][0]["physicalLocation"]["region"];
    CHECK(region["startColumn"] == 9);
    CHECK(region["endColumn"] == 10);  // widened so the empty span highlights something
    CHECK_FALSE(warning.contains("relatedLocations"));

    const json& internal = run["results"][2];
    CHECK(internal["level"] == "error");
    CHECK(internal["ruleId"] == "unknown");
    CHECK_FALSE(internal.contains("ruleIndex"));
    REQUIRE(internal["locations"].size() == 1);  // GitHub rejects the whole upload otherwise
    CHECK(internal["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "mappings/orders.loom");
  }
}

TEST_CASE("SARIF without any source file reports unlocated diagnostics as notifications", "[diag][sarif]") {
  SourceManager sm;
  std::ostringstream out;
  render_sarif(out, sm, {Diagnostic::error("E0501", "cannot read `x.loom`")}, "0.1.0");
  const json doc = json::parse(out.str());
  const json& run = doc["runs"][0];
  CHECK(run["results"].empty());
  const json& n = run["invocations"][0]["toolExecutionNotifications"][0];
  CHECK(n["descriptor"]["id"] == "E0501");
  CHECK(n["level"] == "error");
  CHECK(run["invocations"][0]["executionSuccessful"] == true);
}

TEST_CASE("SARIF with no diagnostics is still a complete log", "[diag][sarif]") {
  SourceManager sm;
  std::ostringstream out;
  render_sarif(out, sm, {}, "0.1.0");
  const json doc = json::parse(out.str());
  CHECK(doc["runs"][0]["results"].empty());
  CHECK(doc["runs"][0]["tool"]["driver"]["rules"].size() == all_codes().size());
  CHECK(doc["runs"][0]["invocations"][0]["executionSuccessful"] == true);
  CHECK_FALSE(doc["runs"][0]["invocations"][0].contains("toolExecutionNotifications"));
}

namespace {

json sarif_with(const SourceManager& sm, const std::vector<Diagnostic>& diags, const SarifOptions& options) {
  std::ostringstream out;
  render_sarif(out, sm, diags, "0.1.0", options);
  return json::parse(out.str());
}

}  // namespace

TEST_CASE("SARIF artifact URIs are relative to %SRCROOT%, or file:// URIs outside it, never bare paths", "[diag][sarif]") {
  SourceManager sm;
  const std::vector<std::string> paths = {"a.loom", "../lib/b c.loom", "/work/repo/lib/\xC3\xBC.loom", "../../other/x:y#z.loom",
                                          "/tmp/t%.loom"};
  std::vector<Diagnostic> diags;
  for (const std::string& p : paths) diags.push_back(Diagnostic::error("E0104", "x").at(Span{sm.add(p, "text\n"), 0, 4}, "here"));
  SarifOptions options;
  options.srcroot = "/work/repo";
  options.cwd = "/work/repo/mappings";
  const json run = sarif_with(sm, diags, options)["runs"][0];
  CHECK(run["originalUriBaseIds"]["%SRCROOT%"]["uri"] == "file:///work/repo/");
  std::vector<json> got;
  for (const json& r : run["results"]) got.push_back(r["locations"][0]["physicalLocation"]["artifactLocation"]);
  REQUIRE(got.size() == paths.size());
  CHECK(got[0] == json{{"uri", "mappings/a.loom"}, {"uriBaseId", "%SRCROOT%"}});
  CHECK(got[1] == json{{"uri", "lib/b%20c.loom"}, {"uriBaseId", "%SRCROOT%"}});
  CHECK(got[2] == json{{"uri", "lib/%C3%BC.loom"}, {"uriBaseId", "%SRCROOT%"}});
  CHECK(got[3] == json{{"uri", "file:///work/other/x%3Ay%23z.loom"}});  // outside %SRCROOT%
  CHECK(got[4] == json{{"uri", "file:///tmp/t%25.loom"}});
}

TEST_CASE("SARIF reports a file that cannot be read as a failed tool execution", "[diag][sarif]") {
  SourceManager sm;
  SarifOptions options;
  options.srcroot = options.cwd = "/work/repo";
  options.unreadable.push_back({"missing.loom", "cannot read 'missing.loom': No such file or directory"});
  const json run = sarif_with(sm, {}, options)["runs"][0];
  const json& invocation = run["invocations"][0];
  CHECK(invocation["executionSuccessful"] == false);
  REQUIRE(invocation["toolExecutionNotifications"].size() == 1);
  const json& n = invocation["toolExecutionNotifications"][0];
  CHECK(n["level"] == "error");
  CHECK(n["message"]["text"] == "cannot read 'missing.loom': No such file or directory");
  CHECK(n["locations"][0]["physicalLocation"]["artifactLocation"] == json{{"uri", "missing.loom"}, {"uriBaseId", "%SRCROOT%"}});
}
