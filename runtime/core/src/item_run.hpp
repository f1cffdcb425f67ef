// One work item's run, shared by the domain path (item_runner.cpp) and the workflow path (workflow_run.cpp):
// what an attempt decided (Verdict) and the helpers both use to write, wait for references and fail.
#pragma once
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "engine_impl.hpp"
#include "syncloom/interp/fixture_refs.hpp"

namespace syncloom::core {

// ref() through the store, noting every reference that is not synced yet.
class RecordingRefs : public RefResolver {
 public:
  RecordingRefs(const StoreRefs& inner, std::string system) : inner_(inner.for_system(std::move(system))) {}
  std::optional<interp::Value> resolve(std::string_view domain, const interp::Value& key) const override {
    auto id = inner_.resolve(domain, key);
    if (!id) misses.emplace_back(std::string(domain), interp::key_text(key));
    return id;
  }
  mutable std::vector<std::pair<std::string, std::string>> misses;

 private:
  StoreRefs inner_;
};

// What one attempt decided, applied to the store by apply().
struct Verdict {
  enum Kind { kComplete, kRetry, kDead, kRelease } kind = kDead;
  store::Completion completion;
  std::string reason, error, field;
  std::vector<store::OutboxAttempt> attempts;
  std::optional<store::TimeMs> not_before;
  bool counts_attempt = false;
  std::optional<store::TimeMs> ref_wait_since;  ///< release: waiting for a reference since then
  std::optional<RetryPolicy> policy;  ///< a workflow step's, over the domain's
};

class ItemRun {
 public:
  ItemRun(SyncEngine::Impl& e, const store::WorkItem& item) : e_(e), item_(item) {}

  Verdict run();

 private:
  // workflow_run.cpp: a work item of domain "workflow/NAME" (docs/runtime.md, "Workflows").
  Verdict run_workflow();
  struct WorkflowRun;
  Verdict dead(std::string reason, std::string error, std::string field = {}) {
    Verdict v;
    v.kind = Verdict::kDead;
    v.reason = std::move(reason);
    v.error = std::move(error);
    v.field = std::move(field);
    return v;
  }
  // Done without a write: the target already holds this record (`xref`) as the flow would write it.
  static Verdict unchanged(const store::Xref& xref) {
    Verdict v;
    v.kind = Verdict::kComplete;
    v.completion.xref = xref;
    v.completion.outcome = "unchanged";
    return v;
  }
  // Done without a write: the target holds a newer version of the source record than this item's (a late
  // copy of an older delivery, run after the newer one because one key's items run in arrival order).
  static Verdict stale(const store::Xref& xref, const std::string& version, const std::string& written) {
    Verdict v;
    v.kind = Verdict::kComplete;
    v.completion.xref = xref;
    v.completion.outcome = "stale";
    v.completion.detail = "source version " + version + " is older than " + written + ", already written";
    return v;
  }
  Verdict release(store::TimeMs not_before, bool counts_attempt = false) {
    Verdict v;
    v.kind = Verdict::kRelease;
    v.not_before = not_before;
    v.counts_attempt = counts_attempt;
    return v;
  }
  Verdict wait_for_refs(const std::vector<std::pair<std::string, std::string>>& misses, const std::string& error);
  void derive(const std::string& domain, const std::string& key);
  std::string peer_target_id(const DomainPlan& domain, std::string_view target_system);
  std::string source_version(const PlanFlow& flow) const;  // of the item's payload; "" unknown
  Verdict write(const DomainPlan& domain, const PlanFlow& flow, const std::string& output,
                const std::optional<store::Xref>& xref);
  /// A write's outcome reported to the target's circuit breaker; answers the verdict when the system is
  /// unreachable and was not up just before (no attempt charged, docs/runtime.md "Retries").
  std::optional<Verdict> report_to_breaker(CircuitBreaker* breaker, const connectors::Outcome& o,
                                           const std::string& target_system);
  Verdict failed(const connectors::Outcome& o, const std::string& target_system, bool update,
                 std::vector<store::OutboxAttempt> attempts);
  std::optional<Verdict> apply_conflict_policy(const DomainPlan& domain, const PlanFlow& flow,
                                               connectors::Connector& connector, const store::Xref& xref,
                                               const std::string& output, connectors::WriteRequest& request,
                                               std::string& detail);

  SyncEngine::Impl& e_;
  const store::WorkItem& item_;
};


}  // namespace syncloom::core
