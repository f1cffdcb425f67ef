// Conflict policies (docs/semantics.md, "Retry, conflicts and reconciliation"): what to write when the target's
// record changed since the last sync too. owner_wins needs nothing of this; newest_wins and delta_merge read
// the target's current record and the state the last sync recorded.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "syncloom/connectors/connector.hpp"
#include "syncloom/core/store_refs.hpp"
#include "syncloom/sync_plan.hpp"

namespace syncloom::core {

struct ConflictCase {
  const ConflictPolicy& policy;
  const SyncedState& last;           ///< what the last sync of the key recorded (empty members: none)
  std::string_view source_record;    ///< the flow's source, "woo.customer"
  std::string_view source_payload;   ///< the owner's record as the event carried it
  std::string_view output;           ///< the document the flow mapped
  const connectors::Fetched& target; ///< the target's record as it is now (found)
  std::int64_t source_changed_ms;    ///< when the source changed if its record names no instant (the event's arrival)
};

struct ConflictResolution {
  enum class Kind { kWrite, kKeepTarget, kInvalid } kind = Kind::kWrite;
  std::string document;  ///< kWrite: what to write (the output, with delta_merge fields merged)
  std::string detail;    ///< why, for the audit trail ("delta_merge: stock_quantity = 7 + (15 - 10) = 12")
};

ConflictResolution resolve_conflict(const ConflictCase& c);

/// The delta_merge fields' values in `output` as a JSON object ({"stock_quantity":7}): the base the next
/// merge subtracts. "" when the policy is not delta_merge.
std::string merge_base_of(const ConflictPolicy& policy, std::string_view output);

/// Milliseconds since the epoch of an ISO 8601 instant as systems write them ("2026-12-01T10:00:00",
/// "2026-12-01 10:00:00.123456", "...Z", "...+02:00"); nullopt when it is none.
std::optional<std::int64_t> instant_ms(std::string_view text);

}  // namespace syncloom::core
