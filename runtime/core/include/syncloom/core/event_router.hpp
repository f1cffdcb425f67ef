// Turns what a system reports (a verified webhook event, a polled change, a swept record) into inbox events
// with their work items, as the mapping's sync plan routes them: which domains listen, under which key, and
// what deduplicates the delivery.
//
//   EventRouter router(mapping);
//   Routed routed = router.route("woo", event, correlation_id);
//   for (auto& e : routed.events) store.accept(e);
#pragma once
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "syncloom/connectors/connector.hpp"
#include "syncloom/store/types.hpp"
#include "syncloom/syncloom.hpp"

namespace syncloom::core {

/// Work priorities (lower runs first): events (realtime and event-driven domains alike) ahead of batch
/// sweeps. Realtime and event work share one priority, so they run in arrival order: a customer's event
/// runs before the order that references it, instead of the order waiting behind its own priority.
/// A record another one waits for (Store::expedite), and a referenced record fetched for it.
inline constexpr int kPriorityExpedite = -1;
inline constexpr int kPriorityRealtime = 0;
inline constexpr int kPriorityEvent = 0;
inline constexpr int kPriorityBatch = 2;

/// The pseudo-domain of verified deliveries that are not records of a known topic: kept in the inbox and
/// dead-lettered by a worker with the connector's reason.
inline constexpr std::string_view kMalformedDomain = "!malformed";
/// The key prefix of a record whose domain key could not be computed (ordered on its own id; its item
/// fails with the reason).
inline constexpr std::string_view kUnkeyedPrefix = "!unkeyed:";
/// A workflow's work items are of domain "workflow/NAME", keyed by the instance key (docs/runtime.md,
/// "Workflows"); a due await's timeout comes as an event of this topic.
inline constexpr std::string_view kWorkflowPrefix = "workflow/";
inline constexpr std::string_view kWorkflowTimeoutTopic = "workflow.timeout";

/// What one reported change becomes.
struct Routed {
  /// One inbox event per listening domain, deduplicated in the domain's scope (the domain's idempotency
  /// parts when it declares them, else the system's dedupe key); filtered records are kept in the scope
  /// "DOMAIN/filtered" without work (counted by intake status), workflow events in "workflow/NAME".
  std::vector<store::Event> events;
  std::vector<std::string> filtered;  ///< the domains whose filter the record did not pass
  size_t listeners = 0;               ///< how many domains and workflows listen to the topic

  /// Adds another change's events and filtered domains (a page of polled or swept records routed one by one).
  void append(Routed&& other);
};

/// How a sweep or a derived fetch names its delivery (instead of a webhook's dedupe key).
struct Origin {
  std::string topic;       ///< "sweep", "derived", "realtime"
  std::string dedupe_key;  ///< unique per logical delivery
  int priority = kPriorityBatch;
};

/// Thread-safe and immutable after construction.
class EventRouter {
 public:
  explicit EventRouter(std::shared_ptr<const Mapping> mapping);

  /// Routes `event` from system `system` (the mapping's name, "woo") to every listener of its topic.
  Routed route(std::string_view system, const connectors::Event& event, std::string_view correlation_id) const;

  /// Routes one record of `system` to domain `domain` alone (a batch sweep, a derived fetch, the realtime
  /// process API); nullopt when the domain has no flow reading that system's records.
  std::optional<Routed> route_to(std::string_view domain, std::string_view system, std::string_view record,
                                 std::string_view id, std::string_view json, const Origin& origin,
                                 std::string_view correlation_id) const;

  /// The pipeline of flow `index` of Mapping::flows().
  const Pipeline& pipeline(size_t index) const { return pipelines_.at(index); }
  const SyncPlan& plan() const { return mapping_->plan(); }
  const Mapping& mapping() const { return *mapping_; }

  /// The domain key of a record as the store spells it; "" when the flow computes none or it fails.
  std::string key_of(const PlanFlow& flow, std::string_view json) const;

 private:
  std::optional<store::Event> domain_event(const DomainPlan& domain, const std::vector<size_t>& flows,
                                           std::string_view system, std::string_view record, std::string_view id,
                                           std::string_view json, const Origin& origin, std::string_view correlation_id,
                                           bool keep_filtered, Routed& out) const;

  std::shared_ptr<const Mapping> mapping_;
  std::vector<Pipeline> pipelines_;
};

/// A stable 64-bit FNV-1a hash of `bytes` as 16 hex digits: what tells an unchanged record from a changed one.
std::string content_hash(std::string_view bytes);

/// Whether a flow's source record belongs to `system` ("woo.order" to "woo").
bool reads_system(const PlanFlow& flow, std::string_view system);

/// A qualified record name split at its first dot: "erp.salesOrder" is {"erp", "salesOrder"}.
struct QualifiedRecord {
  std::string system, record;
};
QualifiedRecord split_record(std::string_view qualified);

}  // namespace syncloom::core
