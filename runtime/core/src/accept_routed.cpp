// Accepting routed events into the inbox, with the intake counters every source shares.
#include "syncloom/core/event_sources.hpp"

namespace syncloom::core {

void count_filtered(Metrics& metrics, const Routed& routed) {
  for (const std::string& domain : routed.filtered)
    metrics.counter("syncloom_events_filtered_total", "Events no flow of the domain is eligible for", {{"domain", domain}})
        .add();
}

void count_accepted(Metrics& metrics, std::string_view domain, bool duplicate) {
  const Labels labels{{"domain", std::string(domain)}};
  if (duplicate) metrics.counter("syncloom_events_deduplicated_total", "Events already in the inbox", labels).add();
  else metrics.counter("syncloom_events_received_total", "Events stored with work", labels).add();
}

store::Result<size_t> accept_routed(store::Store& store, Metrics& metrics, const Routed& routed) {
  count_filtered(metrics, routed);
  if (routed.events.empty()) return size_t{0};
  auto results = store.accept_batch(routed.events);
  size_t fresh = 0;
  for (size_t i = 0; i < results.size(); ++i) {
    if (!results[i].ok()) return results[i].error();
    const store::Event& event = routed.events[i];
    if (event.work.empty()) continue;  // filtered and workflow events: counted by intake status
    count_accepted(metrics, event.dedupe_scope, results[i]->duplicate);
    fresh += results[i]->duplicate ? 0 : 1;
  }
  return fresh;
}

}  // namespace syncloom::core
