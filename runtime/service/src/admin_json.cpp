// The operations surface's JSON renderings (admin_json.hpp), over syncloom::wire so numbers keep their text.
#include "syncloom/service/admin_json.hpp"

#include <chrono>
#include <cstdio>

#include "syncloom/stdlib/time.hpp"

namespace syncloom::service {
namespace {

using wire::Value;

Value text(std::string_view s) { return Value::string(std::string(s)); }
Value count(uint64_t n) { return Value::number(std::to_string(n)); }
Value time_or_null(const std::optional<store::TimeMs>& at) { return at ? text(utc_text(*at)) : Value::null(); }

// The stored body as a document when it is JSON (exact number text kept), else as a string.
void set_payload(Value& out, const std::string& payload) {
  auto parsed = wire::parse(payload);
  if (parsed.value) {
    out.set("payload", std::move(*parsed.value));
  } else {
    out.set("payload", text(payload));
    out.set("payload_json", Value::boolean(false));
  }
}

uint64_t unsigned_at(const Value& v, std::string_view key, bool& ok) {
  const Value* member = v.find(key);
  auto n = member ? member->as_int64() : std::nullopt;
  if (!n || *n < 0) {
    ok = false;
    return 0;
  }
  return static_cast<uint64_t>(*n);
}

}  // namespace

std::string utc_text(store::TimeMs at, bool millis) {
  using namespace std::chrono;
  sys_time<milliseconds> t{milliseconds(at)};
  auto day = floor<days>(t);
  year_month_day ymd{day};
  hh_mm_ss<milliseconds> hms{t - day};
  char buf[40];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02uT%02d:%02d:%02d", static_cast<int>(ymd.year()),
                static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()), static_cast<int>(hms.hours().count()),
                static_cast<int>(hms.minutes().count()), static_cast<int>(hms.seconds().count()));
  std::string out = buf;
  if (millis) {
    std::snprintf(buf, sizeof buf, ".%03d", static_cast<int>(hms.subseconds().count()));
    out += buf;
  }
  return out + "Z";
}

std::optional<store::TimeMs> parse_utc(std::string_view text) {
  std::string full(text);
  if (full.size() == 10) full += "T00:00:00";
  int64_t micros = 0;
  if (full.size() < 19 || sl_timestamp_parse(full.data(), full.size(), &micros) != SL_OK) return std::nullopt;
  return micros / 1000 - (micros % 1000 < 0 ? 1 : 0);
}

Value dead_letter_json(const store::DeadLetter& entry, bool full) {
  Value v = Value::object();
  v.set("id", Value::integer(entry.id));
  v.set("work_id", Value::integer(entry.work_id));
  v.set("domain", text(entry.domain));
  v.set("key", text(entry.key));
  v.set("status", text(store::dead_letter_status_name(entry.status)));
  v.set("reason", text(entry.reason));
  v.set("error", text(entry.error));
  v.set("correlation_id", text(entry.correlation_id));
  v.set("died_at", text(utc_text(entry.died_at)));
  v.set("edited", Value::boolean(entry.edited));
  if (entry.status == store::DeadLetterStatus::kDiscarded) v.set("resolution", text(entry.resolution));
  if (entry.status == store::DeadLetterStatus::kReplayed) v.set("replayed_as", Value::integer(entry.replayed_as));
  if (full) {
    set_payload(v, entry.payload);
    Value& attempts = v.set("attempts", Value::array());
    for (const auto& a : entry.attempts) attempts.push_back(attempt_json(a));
  }
  return v;
}

Value dead_letter_show_json(const store::DeadLetter& entry, const std::vector<store::AuditEntry>& audit) {
  Value v = dead_letter_json(entry, true);
  Value& lines = v.set("audit", Value::array());
  for (const auto& a : audit) lines.push_back(audit_json(a));
  return v;
}

Value dead_letter_list_json(const std::vector<store::DeadLetter>& entries) {
  Value v = Value::object();
  Value& list = v.set("dead_letters", Value::array());
  for (const auto& e : entries) list.push_back(dead_letter_json(e, false));
  return v;
}

Value attempt_json(const store::OutboxAttempt& attempt) {
  Value v = Value::object();
  v.set("at", text(utc_text(attempt.at)));
  v.set("system", text(attempt.system));
  v.set("outcome", text(attempt.outcome));
  v.set("message", text(attempt.message));
  v.set("target_id", text(attempt.target_id));
  return v;
}

Value audit_json(const store::AuditEntry& e) {
  Value v = Value::object();
  v.set("id", Value::integer(e.id));
  v.set("at", text(utc_text(e.at)));
  v.set("action", text(e.action));
  v.set("work_id", Value::integer(e.work_id));
  v.set("event_id", Value::integer(e.event_id));
  v.set("domain", text(e.domain));
  v.set("key", text(e.key));
  v.set("mapping", text(e.mapping));
  v.set("mapping_version", text(e.mapping_version));
  v.set("correlation_id", text(e.correlation_id));
  v.set("target_id", text(e.target_id));
  v.set("actor", text(e.actor));
  v.set("detail", text(e.detail));
  return v;
}

Value domain_status_json(const store::DomainStatus& s, store::TimeMs now) {
  Value v = Value::object();
  v.set("domain", text(s.domain));
  v.set("pending", Value::integer(s.pending));
  v.set("running", Value::integer(s.running));
  v.set("waiting", Value::integer(s.waiting));
  v.set("dead", Value::integer(s.dead));
  v.set("last_success", time_or_null(s.last_success));
  v.set("oldest_pending", time_or_null(s.oldest_pending));
  v.set("lag_ms", s.oldest_pending ? Value::integer(std::max<store::TimeMs>(0, now - *s.oldest_pending)) : Value::null());
  return v;
}

Value intake_status_json(const store::IntakeStatus& s) {
  Value v = Value::object();
  v.set("scope", text(s.dedupe_scope));
  v.set("received", Value::integer(s.received));
  v.set("duplicates", Value::integer(s.duplicates));
  return v;
}

Value connector_status_json(const ConnectorStatus& s) {
  Value v = Value::object();
  v.set("name", text(s.name));
  v.set("kind", text(s.kind));
  v.set("in_flight", count(s.in_flight));
  v.set("max_in_flight", count(s.max_in_flight));
  v.set("budget_concurrency", count(s.budget_concurrency));
  v.set("requests", count(s.requests));
  v.set("throttled", count(s.throttled));
  v.set("retryable", count(s.retryable));
  v.set("permanent", count(s.permanent));
  v.set("circuit", text(s.circuit));
  return v;
}

std::optional<ConnectorStatus> connector_status_from_json(const Value& v) {
  if (!v.is_object() || !v.at("name").is_string() || !v.at("circuit").is_string()) return std::nullopt;
  bool ok = true;
  ConnectorStatus s;
  s.name = v.at("name").text();
  s.kind = v.at("kind").text();
  s.circuit = v.at("circuit").text();
  s.in_flight = unsigned_at(v, "in_flight", ok);
  s.max_in_flight = unsigned_at(v, "max_in_flight", ok);
  s.budget_concurrency = unsigned_at(v, "budget_concurrency", ok);
  s.requests = unsigned_at(v, "requests", ok);
  s.throttled = unsigned_at(v, "throttled", ok);
  s.retryable = unsigned_at(v, "retryable", ok);
  s.permanent = unsigned_at(v, "permanent", ok);
  if (!ok) return std::nullopt;
  return s;
}

Value workflow_instance_json(const store::WorkflowInstance& w, bool full) {
  Value v = Value::object();
  v.set("id", count(static_cast<uint64_t>(w.id)));
  v.set("workflow", text(w.workflow));
  v.set("key", text(w.key));
  v.set("sequence", count(static_cast<uint64_t>(w.sequence)));
  v.set("status", text(store::workflow_status_name(w.status)));
  v.set("step", w.step_name.empty() ? Value::null() : text(w.step_name));
  v.set("deadline", w.deadline ? text(utc_text(w.deadline)) : Value::null());
  v.set("started_at", text(utc_text(w.started_at)));
  v.set("updated_at", text(utc_text(w.updated_at)));
  v.set("correlation_id", text(w.correlation_id));
  auto checkpoints = wire::parse(w.checkpoints);
  v.set("checkpoints", checkpoints.value ? std::move(*checkpoints.value) : Value::array());
  if (full) {
    auto records = wire::parse(w.records);
    v.set("records", records.value ? std::move(*records.value) : Value::object());
  }
  return v;
}

Value workflow_list_json(const std::vector<store::WorkflowInstance>& instances) {
  Value v = Value::object();
  Value& list = v.set("workflows", Value::array());
  for (const auto& w : instances) list.push_back(workflow_instance_json(w, false));
  return v;
}

Value store_status_json(const std::vector<store::DomainStatus>& domains, const std::vector<store::IntakeStatus>& intake,
                        store::TimeMs now) {
  Value v = Value::object();
  v.set("now", text(utc_text(now)));
  Value& d = v.set("domains", Value::array());
  for (const auto& s : domains) d.push_back(domain_status_json(s, now));
  Value& i = v.set("intake", Value::array());
  for (const auto& s : intake) i.push_back(intake_status_json(s));
  return v;
}

}  // namespace syncloom::service
