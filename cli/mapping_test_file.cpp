// Loading `*_test.yaml` files: YAML to TestValue (numbers keep their text), then the case structure.
#include "mapping_test_file.hpp"

#include <yaml-cpp/yaml.h>

#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

namespace syncloom::cli {
namespace {
namespace fs = std::filesystem;

// Thrown inside the loader only, caught in load_mapping_test_file: the first problem ends the file.
struct LoadError {
  int line;
  std::string message;
};

int line_of(const YAML::Node& n) { return n.Mark().line >= 0 ? n.Mark().line + 1 : 0; }

[[noreturn]] void fail(const YAML::Node& n, std::string message) { throw LoadError{line_of(n), std::move(message)}; }

bool read_text(const std::string& path, std::string& out) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return false;
  std::ostringstream ss;
  ss << in.rdbuf();
  out = ss.str();
  return bool(in) || in.eof();
}

// A plain scalar follows YAML 1.2's JSON schema: null, true/false, JSON numbers; anything else (and any
// quoted scalar) is a string. So `sku: 0042` stays the string "0042" and `price: 12.50` the number 12.50.
TestValue scalar_value(const YAML::Node& n) {
  TestValue v;
  const std::string& s = n.Scalar();
  if (n.Tag() != "?") {  // quoted, block or explicitly tagged: a string
    v.kind = TestValue::Kind::kString;
    v.text = s;
  } else if (s == "null" || s == "Null" || s == "NULL" || s == "~" || s.empty()) {
    v.kind = TestValue::Kind::kNull;
  } else if (s == "true" || s == "True" || s == "TRUE" || s == "false" || s == "False" || s == "FALSE") {
    v.kind = TestValue::Kind::kBool;
    v.text = s[0] == 't' || s[0] == 'T' ? "true" : "false";
  } else if (is_json_number(s)) {
    v.kind = TestValue::Kind::kNumber;
    v.text = s;
  } else {
    v.kind = TestValue::Kind::kString;
    v.text = s;
  }
  return v;
}

TestValue to_value(const YAML::Node& n) {
  TestValue v;
  switch (n.Type()) {
    case YAML::NodeType::Undefined:
    case YAML::NodeType::Null: return v;
    case YAML::NodeType::Scalar: return scalar_value(n);
    case YAML::NodeType::Sequence:
      v.kind = TestValue::Kind::kArray;
      for (const auto& item : n) v.items.push_back(to_value(item));
      return v;
    case YAML::NodeType::Map: {
      v.kind = TestValue::Kind::kObject;
      std::set<std::string> seen;
      for (const auto& kv : n) {
        if (!kv.first.IsScalar()) fail(kv.first, "a key must be a scalar");
        std::string key = kv.first.Scalar();
        if (!seen.insert(key).second) fail(kv.first, "duplicate key `" + key + "`");
        v.fields.emplace_back(key, to_value(kv.second));
      }
      return v;
    }
  }
  return v;
}

std::string scalar_string(const YAML::Node& n, const std::string& what) {
  if (!n.IsScalar() || n.Scalar().empty()) fail(n, "`" + what + "` must be a non-empty string");
  return n.Scalar();
}

void check_keys(const YAML::Node& map, const std::set<std::string>& allowed, const std::string& where) {
  std::set<std::string> seen;
  for (const auto& kv : map) {
    std::string key = kv.first.IsScalar() ? kv.first.Scalar() : "";
    if (!seen.insert(key).second) fail(kv.first, "duplicate key `" + key + "` in " + where);
    if (!allowed.contains(key)) {
      std::string list;
      for (const auto& a : allowed) list += (list.empty() ? "" : ", ") + a;
      fail(kv.first, "unknown key `" + key + "` in " + where + " (expected one of: " + list + ")");
    }
  }
}

// refs: {domain: {key: id}}, as FixtureRefs takes them.
TestValue refs_value(const YAML::Node& n) {
  if (!n.IsMap()) fail(n, "`refs` must map a domain to {key: id}");
  for (const auto& kv : n)
    if (!kv.second.IsMap()) fail(kv.second, "`refs." + kv.first.Scalar() + "` must map keys to ids");
  return to_value(n);
}

MappingTestCase load_case(const YAML::Node& n, const fs::path& dir, const TestValue& file_refs) {
  if (!n.IsMap()) fail(n, "a case must be a mapping with `name`, `flow`, an input and an expectation");
  check_keys(n,
             {"name", "description", "flow", "refs", "input", "input_file", "patch", "expect", "expect_rejection",
              "expect_filtered"},
             "a case");
  MappingTestCase c;
  c.line = line_of(n);
  if (!n["name"]) fail(n, "the case has no `name`");
  c.name = scalar_string(n["name"], "name");
  if (!n["flow"]) fail(n, "case `" + c.name + "` has no `flow`");
  c.flow = scalar_string(n["flow"], "flow");
  c.refs = file_refs;
  if (n["refs"]) merge_patch(c.refs, refs_value(n["refs"]));

  // 1. The input record: inline, or a JSON/YAML file beside the test, then the patch.
  if (bool(n["input"]) == bool(n["input_file"])) fail(n, "case `" + c.name + "` needs exactly one of `input`, `input_file`");
  TestValue input;
  if (n["input"]) {
    input = to_value(n["input"]);
  } else {
    std::string file = scalar_string(n["input_file"], "input_file");
    std::string path = (dir / file).string();
    std::string text, error;
    if (!read_text(path, text)) fail(n["input_file"], "cannot read input file '" + path + "'");
    if (fs::path(file).extension() == ".json") {
      if (!parse_json(text, input, error)) fail(n["input_file"], "'" + path + "' is not valid JSON: " + error);
    } else {
      try {
        input = to_value(YAML::Load(text));
      } catch (const YAML::Exception& e) {
        fail(n["input_file"], "'" + path + "': " + e.what());
      }
    }
  }
  if (n["patch"]) merge_patch(input, to_value(n["patch"]));
  if (input.kind != TestValue::Kind::kObject) fail(n, "case `" + c.name + "`: the input record must be an object");
  c.input_json = to_json(input);

  // 2. Exactly one expectation.
  int expectations = int(bool(n["expect"])) + int(bool(n["expect_rejection"])) + int(bool(n["expect_filtered"]));
  if (expectations != 1)
    fail(n, "case `" + c.name + "` needs exactly one of `expect`, `expect_rejection`, `expect_filtered`");
  if (n["expect"]) {
    c.expectation = Expectation::kOutput;
    c.expected = to_value(n["expect"]);
  } else if (n["expect_rejection"]) {
    c.expectation = Expectation::kRejection;
    const YAML::Node& r = n["expect_rejection"];
    if (r.IsMap()) {
      check_keys(r, {"error", "path"}, "`expect_rejection`");
      if (!r["error"]) fail(r, "`expect_rejection` needs `error` (a part of the message)");
      c.error_contains = scalar_string(r["error"], "expect_rejection.error");
      if (r["path"]) {
        c.check_path = true;
        c.error_path = r["path"].IsScalar() ? r["path"].Scalar() : "";
      }
    } else {
      c.error_contains = scalar_string(r, "expect_rejection");
    }
  } else {
    const YAML::Node& f = n["expect_filtered"];
    if (!f.IsScalar() || f.Scalar() != "true") fail(f, "`expect_filtered` must be `true`");
    c.expectation = Expectation::kFiltered;
  }
  return c;
}

}  // namespace

bool load_mapping_test_file(const std::string& path, MappingTestFile& out, std::string& error) {
  out = MappingTestFile{};
  out.path = path;
  std::string text;
  if (!read_text(path, text)) {
    error = "cannot read '" + path + "'";
    return false;
  }
  try {
    const YAML::Node root = YAML::Load(text);
    if (!root.IsMap()) fail(root, "a test file is a mapping with `mapping` and `cases`");
    check_keys(root, {"mapping", "description", "refs", "cases"}, "a test file");
    if (!root["mapping"]) fail(root, "no `mapping` (the .loom file, relative to this file)");
    fs::path dir = fs::path(path).parent_path();
    out.mapping = (dir / scalar_string(root["mapping"], "mapping")).lexically_normal().string();
    TestValue file_refs;
    file_refs.kind = TestValue::Kind::kObject;
    if (root["refs"]) file_refs = refs_value(root["refs"]);
    const YAML::Node& cases = root["cases"];
    if (!cases || !cases.IsSequence() || cases.size() == 0) fail(root, "`cases` must be a non-empty list");
    std::set<std::string> names;
    for (const auto& n : cases) {
      MappingTestCase c = load_case(n, dir, file_refs);
      if (!names.insert(c.name).second) fail(n, "duplicate case name `" + c.name + "`");
      out.cases.push_back(std::move(c));
    }
  } catch (const LoadError& e) {
    error = path + ":" + std::to_string(e.line) + ": " + e.message;
    return false;
  } catch (const YAML::Exception& e) {
    error = path + ":" + std::to_string(e.mark.line + 1) + ":" + std::to_string(e.mark.column + 1) + ": " + e.msg;
    return false;
  }
  return true;
}

}  // namespace syncloom::cli
