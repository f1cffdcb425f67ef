// The JSON shapes of the operations surface (admin API, `syncloom dlq --format json`, `syncloom status`):
// dead letters, attempts, audit lines, domain and intake status, connector figures. One rendering, so
// the API and the command line print the same documents. Payloads stay JSON text with their exact numbers
// (syncloom::wire), never a binary float.
//
//   wire::Value entry = dead_letter_json(store.dead_letter(7).value(), /*full=*/true);
//   std::string body = wire::dump(entry);  // {"id":7,"work_id":12,"domain":"orders",...,"payload":{...}}
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "syncloom/store/types.hpp"
#include "syncloom/store/workflow_types.hpp"
#include "syncloom/wire/value.hpp"

namespace syncloom::service {

/// One connector's figures, as the engine reports them for status.
struct ConnectorStatus {
  std::string name{};            ///< the system's name in the mappings: "erp"
  std::string kind{};            ///< "tryton", "woocommerce"
  uint64_t in_flight = 0;        ///< requests running now
  uint64_t max_in_flight = 0;    ///< the most in flight at once since start
  uint64_t budget_concurrency = 0;  ///< the configured limit (`budget: {concurrency: N}`)
  uint64_t requests = 0;         ///< since start
  uint64_t throttled = 0;        ///< answers that slowed the connector (429, 503, Retry-After)
  uint64_t retryable = 0;        ///< failed attempts worth retrying
  uint64_t permanent = 0;        ///< failed attempts that are not
  std::string circuit = "closed";  ///< closed, open or half_open
};

/// "2026-12-02T03:10:04.250Z" (`millis`) or "2026-12-02T03:10:04Z", UTC.
std::string utc_text(store::TimeMs at, bool millis = true);
/// Parses an ISO 8601 instant ("2026-11-30T10:00:00Z", an offset, a fraction, or none: UTC) or a date
/// ("2026-11-30": midnight UTC) to milliseconds; nullopt when it is neither.
std::optional<store::TimeMs> parse_utc(std::string_view text);

/// A dead letter: always id, work_id, domain, key, status, reason, error, correlation_id, died_at,
/// edited; `resolution` when discarded, `replayed_as` when replayed. `full` adds the payload (the JSON
/// document, or a string with "payload_json": false when the stored body is not JSON) and the attempts.
wire::Value dead_letter_json(const store::DeadLetter& entry, bool full);
/// What `show` answers: the entry in full and its work item's audit lines ("audit": [...]).
wire::Value dead_letter_show_json(const store::DeadLetter& entry, const std::vector<store::AuditEntry>& audit);
/// What `list` answers: {"dead_letters": [summaries]}.
wire::Value dead_letter_list_json(const std::vector<store::DeadLetter>& entries);
wire::Value attempt_json(const store::OutboxAttempt& attempt);
wire::Value audit_json(const store::AuditEntry& entry);
/// Pending, running, waiting, dead, last_success, oldest_pending (times or null) and lag_ms (now minus
/// the oldest unfinished item's creation; null when nothing is queued).
wire::Value domain_status_json(const store::DomainStatus& status, store::TimeMs now);
wire::Value intake_status_json(const store::IntakeStatus& status);
wire::Value connector_status_json(const ConnectorStatus& status);
/// The inverse, for `syncloom status` reading the service's answer; nullopt for a malformed entry.
std::optional<ConnectorStatus> connector_status_from_json(const wire::Value& value);

/// The status document: {"now", "domains": [...], "intake": [...]} (the admin API adds "connectors" and
/// "service").
/// A workflow instance: {"id","workflow","key","sequence","status","step","deadline","started_at","updated_at",
/// "correlation_id","records":{...},"checkpoints":[...]}; without records when `full` is false.
wire::Value workflow_instance_json(const store::WorkflowInstance& instance, bool full);
/// {"workflows": [...]} of workflow_instance_json(full = false).
wire::Value workflow_list_json(const std::vector<store::WorkflowInstance>& instances);

wire::Value store_status_json(const std::vector<store::DomainStatus>& domains,
                              const std::vector<store::IntakeStatus>& intake, store::TimeMs now);

}  // namespace syncloom::service
