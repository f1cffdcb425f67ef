// Typed reads of YAML nodes for the schema loader, each reporting "file:line: message" on failure.
#include <string>
#include <vector>

#include "loader.hpp"
#include "text_util.hpp"

namespace syncloom::schema::detail {

int node_line(const YAML::Node& n) {
  if (!n.IsDefined()) return 0;
  YAML::Mark mark = n.Mark();
  return mark.is_null() ? 0 : mark.line + 1;
}

bool Loader::fail(const YAML::Node& at, const std::string& message) { return fail_at_line(node_line(at), message); }

bool Loader::fail_at_line(int line, const std::string& message) {
  if (error_.empty()) error_ = path_ + ":" + (line > 0 ? std::to_string(line) + ":" : std::string()) + " " + message;
  return false;
}

bool Loader::read_string(const YAML::Node& n, std::string_view what, std::string& out) {
  if (!n.IsScalar()) return fail(n, std::string(what) + " must be a string");
  out = n.Scalar();
  return true;
}

bool Loader::read_bool(const YAML::Node& n, std::string_view what, bool& out) {
  if (n.IsScalar()) {
    const std::string& v = n.Scalar();
    if (v == "true" || v == "True" || v == "TRUE" || v == "yes") {
      out = true;
      return true;
    }
    if (v == "false" || v == "False" || v == "FALSE" || v == "no") {
      out = false;
      return true;
    }
  }
  return fail(n, std::string(what) + " must be true or false");
}

bool Loader::check_map(const YAML::Node& n, std::string_view what) {
  if (n.IsMap()) return true;
  return fail(n, std::string(what) + " must be a map");
}

bool Loader::check_keys(const YAML::Node& map, std::string_view what,
                        std::initializer_list<std::string_view> allowed) {
  std::vector<std::string> seen;
  for (const auto& entry : map) {
    const YAML::Node& key = entry.first;
    if (!key.IsScalar()) return fail(key, "keys of " + std::string(what) + " must be plain names");
    const std::string& k = key.Scalar();
    bool known = false;
    for (std::string_view a : allowed) known = known || k == a;
    if (!known) {
      std::vector<std::string> names(allowed.begin(), allowed.end());
      std::string expected;
      for (const std::string& n : names) expected += (expected.empty() ? "" : ", ") + n;
      return fail(key, "unknown key `" + k + "` in " + std::string(what) + did_you_mean(k, names) +
                           "; expected one of: " + expected);
    }
    for (const std::string& s : seen) {
      if (s == k) return fail(key, "key `" + k + "` given twice in " + std::string(what));
    }
    seen.push_back(k);
  }
  return true;
}

}  // namespace syncloom::schema::detail
