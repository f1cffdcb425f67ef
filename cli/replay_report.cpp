// Rendering a shadow replay's findings (docs/operations.md, "Changing a mapping safely").
#include "replay_report.hpp"

#include <algorithm>
#include <ostream>

#include "syncloom/service/admin_json.hpp"
#include "syncloom/wire/value.hpp"
#include "text_table.hpp"

namespace syncloom::cli {
namespace {

using core::RecordedOutcome;
using core::ReplayedOutcome;

// What the running version did, as the end of "the running version ...".
std::string what_before(const core::ReplayedRecord& r) {
  switch (r.before) {
    case RecordedOutcome::kWritten: return "wrote it";
    case RecordedOutcome::kFiltered: return r.before_detail == "filtered at intake" ? "filtered it at intake" : "filtered it";
    case RecordedOutcome::kRejected: return "rejected it: " + r.before_detail;
    case RecordedOutcome::kNotRouted: return "did not route it to the domain";
    case RecordedOutcome::kNotWritten: return "did not write it (" + r.before_detail + ")";
  }
  return {};
}

// One line saying what changed about the record as a whole ("" when only fields or the key changed).
std::string verdict(const core::ReplayedRecord& r) {
  if (!r.compared()) {
    std::string text = "not written by the running version (" + r.before_detail + "); this version: ";
    text += core::replayed_outcome_name(r.after);
    if (r.after == ReplayedOutcome::kRejected) text += ": " + r.after_detail;
    return text;
  }
  if (!r.differs()) return {};
  const std::string was = " (the running version " + what_before(r) + ")";
  switch (r.after) {
    case ReplayedOutcome::kOutput:
      if (r.before == RecordedOutcome::kWritten) return {};
      return (r.before == RecordedOutcome::kRejected ? "newly accepted" : "newly written") + was;
    case ReplayedOutcome::kFiltered: return "now filtered" + was;
    case ReplayedOutcome::kNotRouted: return "no longer routed to the domain" + was;
    case ReplayedOutcome::kRejected: return "now rejected: " + r.after_detail + was;
  }
  return {};
}

wire::Value json_of(const std::string& text) {
  auto parsed = wire::parse(text);
  return parsed.value ? std::move(*parsed.value) : wire::Value::string(text);
}

wire::Value optional_text(const std::string& text) { return text.empty() ? wire::Value::null() : wire::Value::string(text); }

}  // namespace

void print_record_text(const core::ReplayedRecord& r, std::ostream& out) {
  out << r.domain << " " << (r.key.empty() ? "(no key)" : r.key) << " (event " << r.event_id << ", " << r.source
      << ", received " << service::utc_text(r.received_at, false) << ")";
  std::string line = verdict(r);
  out << (line.empty() ? "" : ": " + line) << "\n";
  if (!r.after_key.empty()) out << "  key      " << r.key << " -> " << r.after_key << "\n";
  if (r.compared() && r.after == ReplayedOutcome::kOutput && r.before != RecordedOutcome::kWritten && r.after_document)
    out << "  document " << *r.after_document << "\n";
  size_t width = 0;
  for (const core::FieldChange& c : r.changes) width = std::max(width, c.path.empty() ? 10 : c.path.size());
  for (const core::FieldChange& c : r.changes) {
    std::string path = c.path.empty() ? "(document)" : c.path;
    std::string kind = core::field_change_name(c.kind);
    out << "  " << kind << std::string(9 - kind.size(), ' ') << path << std::string(width - path.size() + 2, ' ');
    if (c.kind == core::FieldChange::Kind::kChanged) out << c.old_value << " -> " << c.new_value << "\n";
    else out << (c.kind == core::FieldChange::Kind::kAdded ? c.new_value : c.old_value) << "\n";
  }
}

std::string record_json(const core::ReplayedRecord& r) {
  wire::Value v = wire::Value::object();
  v.set("event_id", wire::Value::integer(r.event_id));
  v.set("received_at", wire::Value::string(service::utc_text(r.received_at, true)));
  v.set("domain", wire::Value::string(r.domain));
  v.set("key", wire::Value::string(r.key));
  v.set("source", wire::Value::string(r.source));
  v.set("differs", wire::Value::boolean(r.differs()));
  v.set("compared", wire::Value::boolean(r.compared()));
  v.set("before", wire::Value::string(core::recorded_outcome_name(r.before)));
  v.set("before_detail", optional_text(r.before_detail));
  v.set("after", wire::Value::string(core::replayed_outcome_name(r.after)));
  v.set("after_detail", optional_text(r.after_detail));
  v.set("after_key", optional_text(r.after_key));
  if (r.after == ReplayedOutcome::kOutput && r.before != RecordedOutcome::kWritten && r.after_document)
    v.set("document", json_of(*r.after_document));
  wire::Value& changes = v.set("changes", wire::Value::array());
  for (const core::FieldChange& c : r.changes) {
    wire::Value change = wire::Value::object();
    change.set("kind", wire::Value::string(core::field_change_name(c.kind)));
    change.set("path", wire::Value::string(c.path));
    change.set("old", c.kind == core::FieldChange::Kind::kAdded ? wire::Value::null() : json_of(c.old_value));
    change.set("new", c.kind == core::FieldChange::Kind::kRemoved ? wire::Value::null() : json_of(c.new_value));
    changes.push_back(std::move(change));
  }
  return wire::dump(v);
}

void print_summary_text(const std::map<std::string, core::ReplaySummary>& summaries, std::ostream& out) {
  if (summaries.empty()) {
    out << "no recorded records to compare\n";
    return;
  }
  auto n = [](std::int64_t v) { return std::to_string(v); };
  TextTable table({"DOMAIN", ">COMPARED", ">IDENTICAL", ">DIFFERING", ">NOW FILTERED", ">NEWLY WRITTEN", ">NOW REJECTED",
                   ">NEWLY ACCEPTED", ">NOT WRITTEN"});
  TextTable fields({"DOMAIN", "FIELD", ">RECORDS"});
  for (const auto& [domain, s] : summaries) {
    table.add({domain, n(s.compared), n(s.identical), n(s.differing), n(s.now_filtered), n(s.newly_written),
               n(s.now_rejected), n(s.newly_accepted), n(s.not_written)});
    for (const auto& [field, count] : s.by_field) fields.add({domain, field, n(count)});
  }
  table.print(out);
  if (fields.empty()) return;
  out << "\n";
  fields.print(out);
}

std::string summary_json(const std::map<std::string, core::ReplaySummary>& summaries) {
  wire::Value v = wire::Value::object();
  for (const auto& [domain, s] : summaries) {
    wire::Value d = wire::Value::object();
    d.set("compared", wire::Value::integer(s.compared));
    d.set("identical", wire::Value::integer(s.identical));
    d.set("differing", wire::Value::integer(s.differing));
    d.set("now_filtered", wire::Value::integer(s.now_filtered));
    d.set("newly_written", wire::Value::integer(s.newly_written));
    d.set("now_rejected", wire::Value::integer(s.now_rejected));
    d.set("newly_accepted", wire::Value::integer(s.newly_accepted));
    d.set("not_written", wire::Value::integer(s.not_written));
    wire::Value& by_field = d.set("by_field", wire::Value::object());
    for (const auto& [field, count] : s.by_field) by_field.set(field, wire::Value::integer(count));
    v.set(domain, std::move(d));
  }
  return wire::dump(v);
}

}  // namespace syncloom::cli
