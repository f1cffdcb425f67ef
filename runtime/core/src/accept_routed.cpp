// Accepting routed events into the inbox, with the intake counters every source shares.
#include "syncloom/core/event_sources.hpp"

namespace syncloom::core {

store::Result<size_t> accept_routed(store::Store& store, Metrics& metrics, const Routed& routed) {
  for (const std::string& domain : routed.filtered)
    metrics.counter("syncloom_events_filtered_total", "Events no flow of the domain is eligible for", {{"domain", domain}})
        .add();
  if (routed.events.empty()) return size_t{0};
  auto results = store.accept_batch(routed.events);
  size_t fresh = 0;
  for (size_t i = 0; i < results.size(); ++i) {
    const store::Event& event = routed.events[i];
    if (!results[i].ok()) return results[i].error();
    if (event.work.empty()) continue;  // filtered and workflow events are counted elsewhere
    const Labels labels{{"domain", event.dedupe_scope}};
    if (results[i]->duplicate) {
      metrics.counter("syncloom_events_deduplicated_total", "Events already in the inbox", labels).add();
    } else {
      metrics.counter("syncloom_events_received_total", "Events stored with work", labels).add();
      ++fresh;
    }
  }
  return fresh;
}

}  // namespace syncloom::core
