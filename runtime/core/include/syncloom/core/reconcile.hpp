// Reconciliation: every record of a domain's owner mapped as the flow would map it, compared field by field
// (numbers as exact decimals: "7" == "7.00") with the record the other system holds, found through the
// cross-reference or the key. Drift is counted per field with examples and a money difference; a record
// missing on either side is drift too. A repair queues the owner's record as work through the normal path
// (topic "reconcile"), so it is written idempotently, audited and under the domain's conflict policy
// (docs/operations.md, "Reconciliation").
//
//   Reconciler r(router, store, systems);
//   auto report = r.run({.domain = "products", .repair = true});
//   if (!report) ...report.error()...; else if (report->drifted()) ...
#pragma once
#include <cstdint>
#include <map>
#include <optional>
#include <variant>
#include <string>
#include <vector>

#include "syncloom/core/document_diff.hpp"
#include "syncloom/core/event_router.hpp"
#include "syncloom/core/sync_engine.hpp"
#include "syncloom/store/store.hpp"

namespace syncloom::core {

struct ReconcileOptions {
  std::string domain;
  bool repair = false;
  int limit_examples = 10;  ///< examples kept per report
  unsigned page_size = 0;   ///< 0: the system's maximum
  /// The fields compared and repaired: unset, those the domain's `reconcile ... on FIELDS` clauses name
  /// (every field the flow writes when a clause names none); empty, every field the flow writes.
  std::optional<std::vector<std::string>> fields{};
};

/// One record that drifted.
struct DriftExample {
  std::string key{};
  std::string kind{};       ///< "changed", "missing_in_target", "missing_in_owner"
  std::string owner_id{}, target_id{};
  std::vector<FieldChange> fields{};  ///< changed: the owner's value (new) against the target's (old)
};

struct ReconcileReport {
  std::string domain, owner_system, target_system;
  std::int64_t owner_records = 0;     ///< listed from the owner
  std::int64_t compared = 0;          ///< mapped and found on the other side
  std::int64_t filtered = 0;          ///< the flow filters them: nothing to compare
  std::int64_t rejected = 0;          ///< the flow rejects them (reported, not drift)
  std::int64_t drifted = 0;           ///< records compared that differ
  std::int64_t missing_in_target = 0, missing_in_owner = 0;
  std::map<std::string, std::int64_t> by_field;  ///< field -> records differing there
  std::string money_difference = "0";  ///< the sum of (owner - target) over decimal-string fields, exact
  std::int64_t repairs_queued = 0;     ///< work items queued (0 for duplicates of a repair already queued)
  std::vector<DriftExample> examples;
  double api_seconds = 0, total_seconds = 0;  ///< time inside the systems' APIs, and in all

  std::int64_t drift_total() const { return drifted + missing_in_target + missing_in_owner; }
};

/// The report as one JSON object (what `--format json` prints and the admin API answers).
std::string reconcile_report_json(const ReconcileReport& report);

enum class ReconcileFailure : unsigned char { kUsage, kUnreachable, kStore };
struct ReconcileError {
  ReconcileFailure kind = ReconcileFailure::kUsage;
  std::string message;
};

class Reconciler {
 public:
  Reconciler(const EventRouter& router, store::Store& store, const Systems& systems)
      : router_(router), store_(store), systems_(systems) {}
  /// One pass over the domain. Errors are values: an unknown domain, a system that cannot be listed.
  std::variant<ReconcileReport, ReconcileError> run(const ReconcileOptions& options) const;

 private:
  const EventRouter& router_;
  store::Store& store_;
  const Systems& systems_;
};

}  // namespace syncloom::core
