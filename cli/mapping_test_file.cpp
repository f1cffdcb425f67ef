// Loading `*_test.yaml` files: YAML to TestValue (numbers keep their text), then the case structure.
#include "mapping_test_file.hpp"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>
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

/// Each key once, and (unless `any`) each one of `allowed`.
void check_keys(const YAML::Node& map, const std::set<std::string>& allowed, const std::string& where, bool any = false) {
  std::set<std::string> seen;
  for (const auto& kv : map) {
    if (!kv.first.IsScalar()) fail(kv.first, "a key must be a scalar");
    std::string key = kv.first.Scalar();
    if (!seen.insert(key).second) fail(kv.first, "duplicate key `" + key + "`" + (where.empty() ? "" : " in " + where));
    if (!any && !allowed.contains(key)) {
      std::string list;
      for (const auto& a : allowed) list += (list.empty() ? "" : ", ") + a;
      fail(kv.first, "unknown key `" + key + "` in " + where + " (expected one of: " + list + ")");
    }
  }
}

// refs: {domain: {key: id}}, as FixtureRefs takes them. A case's refs may remove what the file's give:
// `null` for a key (not synced yet) or for a whole domain.
TestValue refs_value(const YAML::Node& n, bool removals) {
  if (!n.IsMap()) fail(n, "`refs` must map a domain to {key: id}");
  for (const auto& kv : n) {
    std::string domain = kv.first.IsScalar() ? kv.first.Scalar() : "";
    if (removals && kv.second.IsNull()) continue;
    if (!kv.second.IsMap()) fail(kv.second, "`refs." + domain + "` must map keys to ids" + (removals ? " (or be null to remove them)" : ""));
    for (const auto& id : kv.second)
      if (id.second.IsNull() && !removals)
        fail(id.second, "`refs." + domain + "." + id.first.Scalar() + "` is null: only a case's refs remove a reference");
  }
  return to_value(n);
}

/// The file's refs with a case's merged over them: an id replaces, `null` removes a key or a domain.
void merge_refs(TestValue& refs, const TestValue& changes) {
  for (const auto& [domain, keys] : changes.fields) {
    auto it = std::find_if(refs.fields.begin(), refs.fields.end(), [&](const auto& f) { return f.first == domain; });
    if (keys.kind == TestValue::Kind::kNull) {
      if (it != refs.fields.end()) refs.fields.erase(it);
      continue;
    }
    if (it == refs.fields.end()) {
      refs.fields.emplace_back(domain, TestValue{TestValue::Kind::kObject, {}, {}, {}});
      it = std::prev(refs.fields.end());
    }
    TestValue& known = it->second;
    for (const auto& [key, id] : keys.fields) {
      auto k = std::find_if(known.fields.begin(), known.fields.end(), [&](const auto& f) { return f.first == key; });
      if (id.kind == TestValue::Kind::kNull) {
        if (k != known.fields.end()) known.fields.erase(k);
      } else if (k != known.fields.end()) {
        k->second = id;
      } else {
        known.fields.emplace_back(key, id);
      }
    }
  }
}

/// `NAME[INDEX]`: a patch key naming one element of the list NAME.
bool element_key(const std::string& key, std::string& name, size_t& index) {
  if (key.size() < 4 || key.back() != ']') return false;
  size_t open = key.rfind('[');
  if (open == std::string::npos || open == 0 || open + 2 > key.size() - 1) return false;
  std::string digits = key.substr(open + 1, key.size() - open - 2);
  if (digits.empty() || digits.find_first_not_of("0123456789") != std::string::npos || digits.size() > 9) return false;
  name = key.substr(0, open);
  index = std::stoul(digits);
  return true;
}

/// Merges `patch` into `target`: objects field by field, recursively; anything else replaces. A key
/// `NAME[INDEX]` (when the object has no field of that very name) patches one element of the list NAME.
void apply_patch(TestValue& target, const YAML::Node& patch) {
  if (!patch.IsMap() || target.kind != TestValue::Kind::kObject) {
    target = to_value(patch);
    return;
  }
  check_keys(patch, {}, "", /*any=*/true);
  for (const auto& kv : patch) {
    std::string key = kv.first.Scalar();
    TestValue* field = nullptr;
    for (auto& [name, v] : target.fields)
      if (name == key) field = &v;
    std::string list;
    size_t index = 0;
    if (!field && element_key(key, list, index)) {
      TestValue* items = nullptr;
      for (auto& [name, v] : target.fields)
        if (name == list) items = &v;
      if (!items || items->kind != TestValue::Kind::kArray)
        fail(kv.first, "patch `" + key + "`: the record has no list `" + list + "`");
      if (index >= items->items.size())
        fail(kv.first, "patch `" + key + "`: `" + list + "` has " + std::to_string(items->items.size()) + " element" +
                           (items->items.size() == 1 ? "" : "s"));
      apply_patch(items->items[index], kv.second);
      continue;
    }
    if (field) apply_patch(*field, kv.second);
    else target.fields.emplace_back(key, to_value(kv.second));
  }
}

/// A record given inline (`key`) or in a file beside the test (`key_file`: .json as JSON, else YAML).
TestValue read_record(const YAML::Node& n, const std::string& key, const fs::path& dir) {
  if (n[key]) return to_value(n[key]);
  const YAML::Node& f = n[key + "_file"];
  std::string file = scalar_string(f, key + "_file");
  std::string path = (dir / file).string();
  std::string text, error;
  TestValue record;
  if (!read_text(path, text)) fail(f, "cannot read " + key + " file '" + path + "'");
  if (fs::path(file).extension() == ".json") {
    if (!parse_json(text, record, error)) fail(f, "'" + path + "' is not valid JSON: " + error);
    return record;
  }
  try {
    return to_value(YAML::Load(text));
  } catch (const YAML::Exception& e) {
    fail(f, "'" + path + "': " + e.what());
  }
}

MappingTestCase load_case(const YAML::Node& n, const fs::path& dir, const TestValue& file_refs) {
  if (!n.IsMap()) fail(n, "a case must be a mapping with `name`, `flow`, an input and an expectation");
  check_keys(n,
             {"name", "description", "flow", "refs", "input", "input_file", "patch", "previous", "previous_file",
              "previous_patch", "start", "start_file", "start_patch", "expect", "expect_rejection", "expect_filtered", "expect_key", "expect_idempotency"},
             "a case");
  MappingTestCase c;
  c.line = line_of(n);
  if (!n["name"]) fail(n, "the case has no `name`");
  c.name = scalar_string(n["name"], "name");
  if (!n["flow"]) fail(n, "case `" + c.name + "` has no `flow`");
  c.flow = scalar_string(n["flow"], "flow");
  c.refs = file_refs;
  if (n["refs"]) merge_refs(c.refs, refs_value(n["refs"], /*removals=*/true));

  // 1. The input record: inline, or a JSON/YAML file beside the test, then the patch.
  if (bool(n["input"]) == bool(n["input_file"])) fail(n, "case `" + c.name + "` needs exactly one of `input`, `input_file`");
  TestValue input = read_record(n, "input", dir);
  if (n["patch"]) apply_patch(input, n["patch"]);
  if (input.kind != TestValue::Kind::kObject) fail(n, "case `" + c.name + "`: the input record must be an object");
  c.input_json = to_json(input);

  // 2. The previous version, for changed(): given, or the input changed by `previous_patch`.
  if (n["previous"] && n["previous_file"]) fail(n, "case `" + c.name + "` has both `previous` and `previous_file`");
  if (n["previous"] || n["previous_file"] || n["previous_patch"]) {
    TestValue previous = n["previous"] || n["previous_file"] ? read_record(n, "previous", dir) : input;
    if (n["previous_patch"]) apply_patch(previous, n["previous_patch"]);
    if (previous.kind != TestValue::Kind::kObject) fail(n, "case `" + c.name + "`: the previous version must be an object");
    c.previous_json = to_json(previous);
  }

  // 3. A workflow's start record, for a step's flow that reads `start`: given, or a file, then its patch.
  if (n["start"] && n["start_file"]) fail(n, "case `" + c.name + "` has both `start` and `start_file`");
  if (n["start_patch"] && !n["start"] && !n["start_file"]) fail(n, "case `" + c.name + "` has `start_patch` but no `start` or `start_file`");
  if (n["start"] || n["start_file"]) {
    TestValue start = read_record(n, "start", dir);
    if (n["start_patch"]) apply_patch(start, n["start_patch"]);
    if (start.kind != TestValue::Kind::kObject) fail(n, "case `" + c.name + "`: the start record must be an object");
    c.start_json = to_json(start);
  }

  // 4. At most one outcome, and the identity (key, idempotency parts): at least one expectation.
  if (n["expect_key"]) c.expected_key = to_value(n["expect_key"]);
  if (const YAML::Node& parts = n["expect_idempotency"]) {
    if (!parts.IsSequence()) fail(parts, "`expect_idempotency` must be a list (one value per idempotency part)");
    c.expected_parts.emplace();
    for (const auto& p : parts) c.expected_parts->push_back(to_value(p));
  }
  int expectations = int(bool(n["expect"])) + int(bool(n["expect_rejection"])) + int(bool(n["expect_filtered"]));
  if (expectations > 1)
    fail(n, "case `" + c.name + "` has more than one of `expect`, `expect_rejection`, `expect_filtered`");
  if (expectations == 0 && !c.expected_key && !c.expected_parts)
    fail(n, "case `" + c.name + "` expects nothing: give `expect`, `expect_rejection` or `expect_filtered`, and/or "
            "`expect_key` or `expect_idempotency`");
  c.check_outcome = expectations == 1;
  if (!c.check_outcome) {
    // Only the identity is checked.
  } else if (n["expect"]) {
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
    if (root["refs"]) file_refs = refs_value(root["refs"], /*removals=*/false);
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
