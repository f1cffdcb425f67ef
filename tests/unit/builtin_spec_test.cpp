// Every built-in's spec (compiler/stdlib/src/<category>/<name>.cpp) is checked here: each example runs through
// both engines, which must give its expected bytes (or rejection) and compile it natively, and
// docs/language.md §7 lists every spec'd function with the spec's signature and fallibility.
#include <catch2/catch.hpp>

#include <fstream>
#include <map>
#include <regex>
#include <set>
#include <sstream>

#include "syncloom/stdlib/spec.hpp"
#include "syncloom/syncloom.hpp"

namespace {

using syncloom::stdlib::Example;
using syncloom::stdlib::FunctionSpec;

const std::string kRoot = SYNCLOOM_SOURCE_DIR;

/// A mapping whose one flow, from woo.order, writes the example's expression to an untyped field.
std::string example_mapping(const Example& ex) {
  return "mapping spec_example version 1\n\n"
         "system woo: woocommerce\nsystem erp: tryton\n\n"
         "extend erp.customer {\n  field result: any?\n}\n\n"
         "domain example {\n  owner woo\n  sync event on woo \"order.created\"\n"
         "  flow woo.order -> erp.customer update {\n    result = " +
         std::string(ex.expression) + "\n  }\n}\n";
}

std::string outcome(const syncloom::RecordResult& r) {
  switch (r.outcome) {
    case syncloom::Outcome::kOutput: return r.output;
    case syncloom::Outcome::kFiltered: return "filtered";
    case syncloom::Outcome::kRejected: return "rejected at `" + r.error_path + "`: " + r.error;
  }
  return "?";
}

std::string read_text(const std::string& path) {
  std::ifstream in(path);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

}  // namespace

TEST_CASE("every example of every built-in's spec gives its result on both engines, natively", "[spec][jit]") {
  syncloom::CompileOptions options;
  options.schema_dir = kRoot + "/schemas";
  options.engine = syncloom::Engine::kJit;
  options.use_cache = false;
  size_t examples = 0;
  for (const FunctionSpec* f : syncloom::stdlib::function_specs()) {
    CHECK_FALSE(f->examples.empty());
    for (const Example& ex : f->examples) {
      ++examples;
      INFO(f->name << ": " << ex.expression);
      auto compiled = syncloom::compile_source("example.loom", example_mapping(ex), options);
      INFO(compiled.diagnostics);
      REQUIRE(compiled.mapping);
      auto pipeline = compiled.mapping->pipeline("example");
      REQUIRE(pipeline);
      INFO("jit: " << pipeline->fallback_reason());
      CHECK(pipeline->native());
      std::string input = ex.input ? ex.input : "{}";
      std::string jit = outcome(pipeline->run(input));
      std::string interp = outcome(pipeline->reference().run(input));
      CHECK(jit == interp);
      if (ex.result) {
        CHECK(interp == std::string(R"({"result":)") + ex.result + "}");
      } else {
        REQUIRE(ex.rejection);
        CHECK(interp.rfind("rejected", 0) == 0);
        CHECK(interp.find(ex.rejection) != std::string::npos);
      }
    }
  }
  CHECK(examples >= 40);
}

TEST_CASE("docs/language.md §7 lists every spec'd built-in with its signature and fallibility", "[spec][docs]") {
  std::string doc = read_text(kRoot + "/docs/language.md");
  size_t start = doc.find("## 7. Built-in functions");
  REQUIRE(start != std::string::npos);
  size_t end = doc.find("\n## ", start + 1);
  std::string section = doc.substr(start, end - start);
  // Rows: | `name(...)`, `other(...)` | signature | fallible | example |
  std::regex row_re(R"(\n\| (`[^|]*) \| ([^|]*) \| ([^|]*) \| [^\n]*)");
  std::regex name_re(R"(`([a-z_]+)\()");
  // A function may have several rows (`min(a, b)`, `min(xs)`): one of them states the spec's signature.
  std::map<std::string, std::vector<std::pair<std::string, std::string>>> rows;
  for (std::sregex_iterator it(section.begin(), section.end(), row_re), stop; it != stop; ++it) {
    std::string names = (*it)[1];
    for (std::sregex_iterator n(names.begin(), names.end(), name_re); n != stop; ++n) rows[(*n)[1]].push_back({(*it)[2], (*it)[3]});
  }
  for (const FunctionSpec* f : syncloom::stdlib::function_specs()) {
    INFO(f->name << ": the spec says `" << f->signature << "`, fallible `" << f->fallible << "`");
    bool stated = false;
    for (const auto& [signature, fallible] : rows[f->name]) stated = stated || (signature.rfind(f->signature, 0) == 0 && fallible == f->fallible);
    CHECK(stated);
  }
  // ref() and changed() are resolved by the compiler and the runtime, not by a function body: no spec.
  for (const auto& [name, r] : rows) {
    INFO(name << " is in §7's table but has no spec");
    CHECK((syncloom::stdlib::find_spec(name) != nullptr || name == "ref" || name == "changed"));
  }
}
