// Outcome constructors, and the names of the interface's enums (for logs, the CLI and metrics).
#include "syncloom/connectors/connector.hpp"

namespace syncloom::connectors {

const char* outcome_kind_name(OutcomeKind kind) {
  switch (kind) {
    case OutcomeKind::kOk: return "ok";
    case OutcomeKind::kRetryable: return "retryable";
    case OutcomeKind::kPermanent: return "permanent";
    case OutcomeKind::kAuth: return "auth";
  }
  return "?";
}

Outcome Outcome::retryable(std::string message, std::string code, int http_status) {
  Outcome o;
  o.kind = OutcomeKind::kRetryable;
  o.message = std::move(message);
  o.code = std::move(code);
  o.http_status = http_status;
  return o;
}

Outcome Outcome::permanent(std::string message, std::string code, std::string field, int http_status) {
  Outcome o;
  o.kind = OutcomeKind::kPermanent;
  o.message = std::move(message);
  o.code = std::move(code);
  o.field = std::move(field);
  o.http_status = http_status;
  return o;
}

Outcome Outcome::auth(std::string message, int http_status) {
  Outcome o;
  o.kind = OutcomeKind::kAuth;
  o.message = std::move(message);
  o.http_status = http_status;
  return o;
}

std::string describe(const Outcome& outcome) {
  std::string out = outcome_kind_name(outcome.kind);
  if (outcome.ok()) return out;
  out += ":";
  if (outcome.http_status) out += " HTTP " + std::to_string(outcome.http_status);
  if (!outcome.code.empty()) out += " (" + outcome.code + ")";
  if (!outcome.field.empty()) out += " field " + outcome.field;
  if (!outcome.message.empty()) out += ": " + outcome.message;
  if (outcome.retry_after) out += " [retry after " + std::to_string(outcome.retry_after->count()) + " ms]";
  return out;
}

const char* write_mode_name(WriteMode mode) {
  switch (mode) {
    case WriteMode::kCreate: return "create";
    case WriteMode::kUpdate: return "update";
    case WriteMode::kUpsert: return "upsert";
    case WriteMode::kCreateIfAbsent: return "create_if_absent";
  }
  return "?";
}

const char* webhook_verdict_name(WebhookVerdict verdict) {
  switch (verdict) {
    case WebhookVerdict::kEvents: return "events";
    case WebhookVerdict::kPing: return "ping";
    case WebhookVerdict::kForged: return "forged";
    case WebhookVerdict::kUnsigned: return "unsigned";
    case WebhookVerdict::kTruncated: return "truncated";
    case WebhookVerdict::kMalformed: return "malformed";
  }
  return "?";
}

}  // namespace syncloom::connectors
