// `syncloom dlq list` and `dlq show` as aligned text.
#include "dlq_text.hpp"

#include <map>
#include <ostream>

#include "syncloom/service/admin_json.hpp"
#include "syncloom/wire/value.hpp"
#include "text_table.hpp"

namespace syncloom::cli {
namespace {

std::string when(store::TimeMs at) { return at ? service::utc_text(at, false) : "-"; }

void field(std::ostream& out, const char* name, const std::string& value) {
  std::string label = name;
  label.resize(16, ' ');
  out << "  " << label << value << "\n";
}

// The payload indented under its heading when it is JSON, else as stored.
void print_payload(const std::string& payload, std::ostream& out) {
  auto parsed = wire::parse(payload);
  std::string text = parsed.value ? wire::dump_pretty(*parsed.value) : payload;
  out << "payload" << (parsed.value ? "" : " (not JSON: " + parsed.error + ")") << "\n";
  size_t start = 0;
  while (start <= text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    out << "  " << text.substr(start, end - start) << "\n";
    start = end + 1;
  }
}

}  // namespace

void print_dead_letter_list(const std::vector<store::DeadLetter>& entries, bool all, std::ostream& out) {
  if (entries.empty()) {
    out << (all ? "no dead letters match\n" : "no open dead letters match\n");
    return;
  }
  std::vector<std::string> titles = {">ID", "DIED (UTC)", "DOMAIN", "KEY", "REASON"};
  if (all) titles.push_back("STATUS");
  titles.push_back("ERROR");
  TextTable table(titles);
  std::map<std::string, int> by_status;
  for (const auto& e : entries) {
    std::vector<std::string> row = {std::to_string(e.id), when(e.died_at), e.domain, clip(e.key, 24), clip(e.reason, 24)};
    std::string status = store::dead_letter_status_name(e.status);
    if (all) row.push_back(status + (e.edited ? ", edited" : ""));
    row.push_back(clip(e.error, 72));
    table.add(std::move(row));
    ++by_status[status];
  }
  table.print(out);
  out << "\n" << entries.size() << (all ? "" : " open") << (entries.size() == 1 ? " dead letter" : " dead letters");
  if (all) {
    std::string sep = " (";
    for (const auto& [status, n] : by_status) {
      out << sep << n << " " << status;
      sep = ", ";
    }
    out << ")";
  }
  out << "\n";
}

void print_dead_letter(const store::DeadLetter& e, const std::vector<store::AuditEntry>& audit, std::ostream& out) {
  out << "dead letter " << e.id << ": " << store::dead_letter_status_name(e.status) << "\n";
  field(out, "domain", e.domain);
  field(out, "key", e.key);
  field(out, "work item", std::to_string(e.work_id));
  field(out, "correlation id", e.correlation_id.empty() ? "-" : e.correlation_id);
  field(out, "died at", when(e.died_at));
  field(out, "reason", e.reason);
  field(out, "error", e.error);
  field(out, "edited", e.edited ? "yes" : "no");
  if (e.status == store::DeadLetterStatus::kDiscarded) field(out, "discarded", e.resolution);
  if (e.status == store::DeadLetterStatus::kReplayed) field(out, "replayed as", "work item " + std::to_string(e.replayed_as));

  out << "attempts (" << e.attempts.size() << ")\n";
  if (!e.attempts.empty()) {
    TextTable attempts({"AT (UTC)", "SYSTEM", "OUTCOME", "TARGET", "MESSAGE"});
    for (const auto& a : e.attempts)
      attempts.add({when(a.at), a.system, a.outcome, a.target_id.empty() ? "-" : a.target_id, clip(a.message, 90)});
    attempts.print(out, "  ");
  }
  out << "history\n";
  TextTable history({"AT (UTC)", "ACTION", "ACTOR", "DETAIL"});
  for (const auto& a : audit) history.add({when(a.at), a.action, a.actor.empty() ? "-" : a.actor, clip(a.detail, 80)});
  history.print(out, "  ");
  print_payload(e.payload, out);
}

}  // namespace syncloom::cli
