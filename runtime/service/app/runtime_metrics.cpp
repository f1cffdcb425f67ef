// /metrics: the counters the parts keep, plus gauges read at scrape time from the store and the connectors,
// including the business figures a retailer watches (docs/operations.md, "Metrics").
#include <cstdio>

#include "runtime_impl.hpp"
#include "syncloom/service/listener_metrics.hpp"

namespace syncloom {

namespace {

bool any_flow(const DomainPlan& d, const std::function<bool(const PlanFlow&)>& test) {
  for (const PlanFlow& f : d.flows)
    if (test(f)) return true;
  return false;
}

bool record_is(const std::string& qualified, std::string_view record) {
  return core::split_record(qualified).record == record;
}

}  // namespace

std::string Runtime::Impl::metrics_text() {
  const store::TimeMs now = store::system_clock_ms();
  core::Metrics gauges;  // rebuilt per scrape: these are read, not counted
  const SyncPlan& plan = mapping->plan();
  double order_aging = 0, inventory_lag = 0, failed_refunds = 0, unmatched_shipments = 0;
  if (auto domains = store->domain_status(); domains.ok()) {
    for (const store::DomainStatus& d : *domains) {
      const core::Labels l{{"domain", d.domain}};
      const char* help = "Work items by state";
      gauges.gauge("syncloom_queue_depth", help, {{"domain", d.domain}, {"state", "pending"}}).set(double(d.pending));
      gauges.gauge("syncloom_queue_depth", help, {{"domain", d.domain}, {"state", "running"}}).set(double(d.running));
      gauges.gauge("syncloom_queue_depth", help, {{"domain", d.domain}, {"state", "waiting"}}).set(double(d.waiting));
      gauges.gauge("syncloom_dead_letters", "Open dead-letter entries", l).set(double(d.dead));
      double lag = d.oldest_pending ? double(now - *d.oldest_pending) / 1000.0 : 0.0;
      gauges.gauge("syncloom_domain_lag_seconds", "Age of the oldest unfinished work item", l).set(lag);
      if (d.last_success)
        gauges.gauge("syncloom_last_success_timestamp_seconds", "When an item of the domain last synced", l)
            .set(double(*d.last_success) / 1000.0);
      const DomainPlan* p = plan.domain(d.domain);
      if (!p) continue;
      // Orders: domains writing the store's orders into the ERP's sales.
      if (any_flow(*p, [](const PlanFlow& f) { return record_is(f.info.source, "order") && record_is(f.info.target, "salesOrder"); }))
        order_aging = std::max(order_aging, lag);
      // Stock: domains writing the ERP's items into the store's products.
      if (any_flow(*p, [](const PlanFlow& f) { return record_is(f.info.source, "inventoryItem") && record_is(f.info.target, "product"); }))
        inventory_lag = std::max(inventory_lag, lag);
      if (any_flow(*p, [](const PlanFlow& f) { return record_is(f.info.source, "refund"); })) failed_refunds += double(d.dead);
      if (any_flow(*p, [](const PlanFlow& f) { return record_is(f.info.source, "salesOrder") && record_is(f.info.target, "order"); }))
        unmatched_shipments += double(d.dead);
    }
  }
  gauges.gauge("syncloom_order_aging_seconds", "Age of the oldest eligible order not yet in the ERP").set(order_aging);
  gauges.gauge("syncloom_inventory_sync_lag_seconds", "Age of the oldest stock or item change not yet in the store")
      .set(inventory_lag);
  gauges.gauge("syncloom_failed_refunds", "Refunds in the dead-letter queue").set(failed_refunds);
  if (auto kept = store->retained_status(); kept.ok()) {
    gauges.gauge("syncloom_inbox_events_retained", "Inbox events kept for replay").set(double(kept->events));
    double age = kept->oldest ? double(now - *kept->oldest) / 1000.0 : 0.0;
    gauges.gauge("syncloom_inbox_oldest_event_age_seconds", "Age of the oldest inbox event kept").set(age);
  }
  gauges.gauge("syncloom_unmatched_shipment_events", "Shipment events in the dead-letter queue (no order matched)")
      .set(unmatched_shipments);
  for (const core::ConnectorHealth& h : engine->health()) {
    const core::Labels l{{"system", h.system}};
    gauges.gauge("syncloom_connector_in_flight", "Requests in flight", l).set(double(h.stats.in_flight));
    gauges.gauge("syncloom_connector_budget_concurrency", "Requests in flight allowed", l).set(double(h.budget_concurrency));
    gauges.gauge("syncloom_connector_budget_use_ratio", "In flight over allowed", l)
        .set(h.budget_concurrency ? double(h.stats.in_flight) / h.budget_concurrency : 0.0);
    gauges.gauge("syncloom_connector_requests", "HTTP requests sent (monotonic)", l).set(double(h.stats.requests));
    gauges.gauge("syncloom_connector_request_seconds", "Wall time spent waiting for the system's answers, summed over "
                 "concurrent requests (monotonic)", l).set(h.stats.seconds_in_requests);
    gauges.gauge("syncloom_connector_throttled", "Throttling answers (monotonic)", l).set(double(h.stats.throttled));
    gauges.gauge("syncloom_circuit_open", "1 while the circuit is open or probing", l)
        .set(h.circuit == core::CircuitState::kClosed ? 0.0 : 1.0);
    gauges.gauge("syncloom_circuit_opened", "Times the circuit opened (monotonic)", l).set(double(h.circuit_opened));
  }
  gauges.gauge("syncloom_workers_busy", "Work items being worked on").set(double(engine->busy()));
  std::string text = metrics.expose() + gauges.expose();
  if (listener) service::append_prometheus(listener->stats(), text);
  return text;
}

}  // namespace syncloom
