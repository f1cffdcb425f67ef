// Machine-readable diagnostics for editors and scripts: one JSON document, keys in a fixed order.
#include <nlohmann/json.hpp>

#include "located_label.hpp"
#include "syncloom/diag/render.hpp"

namespace syncloom::diag {
namespace {

using Json = nlohmann::ordered_json;
using detail::LocatedLabel;

// One word per severity: severity_name()'s "internal error" is for people, not for `jq` filters.
const char* json_severity(Severity s) {
  switch (s) {
    case Severity::kError: return "error";
    case Severity::kWarning: return "warning";
    case Severity::kNote: return "note";
    case Severity::kInternal: return "internal";
  }
  return "error";
}

// Columns are 1-based code points and end_column is exclusive, the same convention as SARIF.
void put_range(Json& j, const LocatedLabel* l, const SourceManager& sm) {
  if (l == nullptr) {
    for (const char* key : {"file", "line", "column", "end_line", "end_column"}) j[key] = nullptr;
    return;
  }
  j["file"] = sm.path(l->file);
  j["line"] = l->start.line;
  j["column"] = l->start.column;
  j["end_line"] = l->stop.line;
  j["end_column"] = l->stop.column;
}

Json label_json(const LocatedLabel& l, const SourceManager& sm) {
  Json j = Json::object();
  put_range(j, &l, sm);
  j["begin"] = l.begin;  // byte offsets, for tools that edit the text
  j["end"] = l.end;
  j["primary"] = l.label->primary;
  j["message"] = l.label->message;
  return j;
}

}  // namespace

void render_json(std::ostream& out, const SourceManager& sm, const std::vector<Diagnostic>& diags) {
  Json list = Json::array();
  size_t errors = 0;
  size_t warnings = 0;
  for (const Diagnostic& d : diags) {
    errors += d.severity == Severity::kError || d.severity == Severity::kInternal;
    warnings += d.severity == Severity::kWarning;
    const std::vector<LocatedLabel> labels = detail::locate_labels(sm, d);
    Json j = Json::object();
    j["severity"] = json_severity(d.severity);
    j["code"] = d.code;
    j["message"] = d.message;
    put_range(j, detail::primary_of(labels), sm);
    j["labels"] = Json::array();
    for (const LocatedLabel& l : labels) j["labels"].push_back(label_json(l, sm));
    j["notes"] = d.notes;
    j["help"] = d.help;
    list.push_back(std::move(j));
  }
  Json doc = Json::object();
  doc["diagnostics"] = std::move(list);
  doc["errors"] = errors;
  doc["warnings"] = warnings;
  // Source text may hold invalid UTF-8; replace it rather than throw from a diagnostics printer.
  out << doc.dump(2, ' ', false, Json::error_handler_t::replace) << '\n';
}

}  // namespace syncloom::diag
