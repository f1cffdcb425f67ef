// SARIF 2.1.0 for CI: every registry code as a rule, every diagnostic as a result GitHub code scanning accepts.
#include <cctype>
#include <cstdio>
#include <filesystem>
#include <string>

#include <nlohmann/json.hpp>

#include "located_label.hpp"
#include "syncloom/diag/codes.hpp"
#include "syncloom/diag/render.hpp"

namespace syncloom::diag {
namespace {

using Json = nlohmann::ordered_json;
using detail::LocatedLabel;

constexpr const char* kSchema = "https://json.schemastore.org/sarif-2.1.0.json";
constexpr const char* kInformationUri = "https://github.com/syncloom/syncloom";
constexpr const char* kDocsBase = "https://github.com/syncloom/syncloom/blob/main/docs/diagnostics/";

// SARIF knows no "internal": a syncloom bug must still fail the check, so it reports as an error.
const char* sarif_level(Severity s) {
  switch (s) {
    case Severity::kWarning: return "warning";
    case Severity::kNote: return "note";
    case Severity::kError:
    case Severity::kInternal: return "error";
  }
  return "error";
}

// A path as URI path segments (RFC 3986): forward slashes, and every byte outside unreserved characters,
// sub-delims and `@` percent-encoded. `:` is encoded too: in the first segment of a relative reference it
// would read as a scheme.
std::string path_to_uri(std::string_view path) {
  static constexpr std::string_view kKeep = "-._~/!$&'()*+,;=@";
  std::string uri;
  for (const char ch : path) {
    const auto c = static_cast<unsigned char>(ch);
    if (c == '\\') {
      uri.push_back('/');
    } else if (std::isalnum(c) != 0 && c < 0x80) {
      uri.push_back(ch);
    } else if (kKeep.find(ch) != std::string_view::npos) {
      uri.push_back(ch);
    } else {
      char buf[4];
      std::snprintf(buf, sizeof buf, "%%%02X", c);
      uri.append(buf);
    }
  }
  return uri;
}

Json rule_json(const CodeInfo& c) {
  const std::string code(c.code);
  const std::string help_uri = kDocsBase + code + ".md";
  Json r = Json::object();
  r["id"] = code;
  r["name"] = c.title;
  r["shortDescription"] = {{"text", c.summary}};
  r["helpUri"] = help_uri;
  // GitHub shows `help` in the alert panel but not helpUri, so the link goes in both.
  r["help"] = {{"text", std::string(c.summary) + ". See " + help_uri},
               {"markdown", std::string(c.summary) + ".\n\nSee [" + code + "](" + help_uri + ")."}};
  r["defaultConfiguration"] = {{"level", sarif_level(c.severity)}};
  return r;
}

constexpr const char* kSrcRoot = "%SRCROOT%";

// Where artifact paths are resolved: `%SRCROOT%` and the directory relative paths start from.
struct Base {
  std::filesystem::path srcroot, cwd;
  bool known() const { return !srcroot.empty(); }
};

Base base_of(const SarifOptions& options) {
  namespace fs = std::filesystem;
  std::error_code ec;
  fs::path cwd = options.cwd.empty() ? fs::current_path(ec) : fs::path(options.cwd);
  if (ec) return {};
  fs::path root = options.srcroot.empty() ? cwd : fs::path(options.srcroot);
  return {(cwd / root).lexically_normal(), cwd.lexically_normal()};
}

// file:///abs/path (with `dir` true, ending in a slash, as a base URI must).
std::string file_uri(const std::filesystem::path& absolute, bool dir) {
  std::string uri = "file://" + path_to_uri(absolute.generic_string());
  if (dir && uri.back() != '/') uri += '/';
  return uri;
}

// Relative to %SRCROOT% when the file is inside it, else an absolute file:// URI.
Json artifact_location(const Base& base, const std::string& path) {
  namespace fs = std::filesystem;
  if (!base.known()) return {{"uri", path_to_uri(path)}, {"uriBaseId", kSrcRoot}};
  fs::path p(path);
  fs::path absolute = (p.is_absolute() ? p : base.cwd / p).lexically_normal();
  fs::path relative = absolute.lexically_relative(base.srcroot);
  if (!relative.empty() && *relative.begin() != ".." && !relative.is_absolute())
    return {{"uri", path_to_uri(relative.generic_string())}, {"uriBaseId", kSrcRoot}};
  return {{"uri", file_uri(absolute, false)}};
}

Json physical_location(const SourceManager& sm, const Base& base, const LocatedLabel& l) {
  // An empty region highlights nothing in most viewers; widen it to one column, as the terminal draws one caret.
  const uint32_t end_column =
      (l.stop.line == l.start.line && l.stop.column == l.start.column) ? l.start.column + 1 : l.stop.column;
  Json region = {{"startLine", l.start.line},
                 {"startColumn", l.start.column},
                 {"endLine", l.stop.line},
                 {"endColumn", end_column}};
  return {{"artifactLocation", artifact_location(base, sm.path(l.file))}, {"region", std::move(region)}};
}

std::string message_text(const Diagnostic& d) {
  std::string text = d.message;
  for (const std::string& n : d.notes) text += "\nnote: " + n;
  for (const std::string& h : d.help) text += "\nhelp: " + h;
  return text;
}

Json result_json(const SourceManager& sm, const Base& base, const Diagnostic& d, const std::vector<LocatedLabel>& labels) {
  Json r = Json::object();
  const CodeInfo* info = find_code(d.code);
  r["ruleId"] = d.code.empty() ? std::string("unknown") : d.code;
  if (info != nullptr) r["ruleIndex"] = static_cast<size_t>(info - all_codes().data());
  r["level"] = sarif_level(d.severity);
  r["message"] = {{"text", message_text(d)}};

  Json location = Json::object();
  if (const LocatedLabel* primary = detail::primary_of(labels)) {
    location["physicalLocation"] = physical_location(sm, base, *primary);
    if (!primary->label->message.empty()) location["message"] = {{"text", primary->label->message}};
  } else {
    // GitHub rejects a whole upload if one result lacks a location; an unlocated diagnostic is about the
    // compilation as a whole, so it is pinned to the first line of its root file (file 0).
    location["physicalLocation"] = {{"artifactLocation", artifact_location(base, sm.path(0))}, {"region", {{"startLine", 1}}}};
  }
  r["locations"] = Json::array({std::move(location)});

  Json related = Json::array();
  const LocatedLabel* primary = detail::primary_of(labels);
  for (const LocatedLabel& l : labels) {
    if (&l == primary) continue;
    Json rel = Json::object();
    rel["id"] = related.size() + 1;
    rel["physicalLocation"] = physical_location(sm, base, l);
    if (!l.label->message.empty()) rel["message"] = {{"text", l.label->message}};
    related.push_back(std::move(rel));
  }
  if (!related.empty()) r["relatedLocations"] = std::move(related);
  return r;
}

// Without any source file there is nowhere to pin a result; SARIF's place for such findings is the invocation.
Json notification_json(const Diagnostic& d) {
  Json n = Json::object();
  if (!d.code.empty()) n["descriptor"] = {{"id", d.code}};
  n["level"] = sarif_level(d.severity);
  n["message"] = {{"text", message_text(d)}};
  return n;
}

}  // namespace

void render_sarif(std::ostream& out, const SourceManager& sm, const std::vector<Diagnostic>& diags,
                  std::string_view tool_version, const SarifOptions& options) {
  const Base base = base_of(options);
  Json rules = Json::array();
  for (const CodeInfo& c : all_codes()) rules.push_back(rule_json(c));

  Json results = Json::array();
  Json notifications = Json::array();
  bool internal_error = false;
  for (const Diagnostic& d : diags) {
    internal_error = internal_error || d.severity == Severity::kInternal;
    const std::vector<LocatedLabel> labels = detail::locate_labels(sm, d);
    if (labels.empty() && sm.file_count() == 0) {
      notifications.push_back(notification_json(d));
    } else {
      results.push_back(result_json(sm, base, d, labels));
    }
  }
  // A file that could not be read was not checked: the run did not do what it was asked.
  for (const UnreadableFile& f : options.unreadable) {
    Json n = Json::object();
    n["level"] = "error";
    n["message"] = {{"text", f.message}};
    n["locations"] = Json::array({{{"physicalLocation", {{"artifactLocation", artifact_location(base, f.path)}}}}});
    notifications.push_back(std::move(n));
  }

  Json driver = Json::object();
  driver["name"] = "syncloom";
  driver["version"] = std::string(tool_version);
  driver["informationUri"] = kInformationUri;
  driver["rules"] = std::move(rules);

  Json run = Json::object();
  run["tool"] = {{"driver", std::move(driver)}};
  Json invocation = {{"executionSuccessful", !internal_error && options.unreadable.empty()}};
  if (!notifications.empty()) invocation["toolExecutionNotifications"] = std::move(notifications);
  run["invocations"] = Json::array({std::move(invocation)});
  if (base.known()) run["originalUriBaseIds"] = {{kSrcRoot, {{"uri", file_uri(base.srcroot, true)}}}};
  // Columns count code points (SourceManager::line_col); SARIF's default would be UTF-16 code units.
  run["columnKind"] = "unicodeCodePoints";
  run["results"] = std::move(results);

  Json doc = Json::object();
  doc["$schema"] = kSchema;
  doc["version"] = "2.1.0";
  doc["runs"] = Json::array({std::move(run)});
  out << doc.dump(2, ' ', false, Json::error_handler_t::replace) << '\n';
}

}  // namespace syncloom::diag
