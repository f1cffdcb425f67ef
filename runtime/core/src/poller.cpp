// Polling the systems that push nothing: each listened topic from its cursor, with an overlap, into the inbox.
#include <map>

#include "periodic_loop.hpp"
#include "syncloom/core/event_sources.hpp"

namespace syncloom::core {

struct Poller::Impl {
  const EventRouter& router;
  store::Store& store;
  Systems systems;
  Logger& log;
  Metrics& metrics;
  std::function<void()> wake;
  PollerOptions options;
  PeriodicLoop loop{};

  std::map<std::string, std::chrono::steady_clock::time_point> next_poll{};

  size_t poll_topic(const std::string& system, connectors::Connector& connector, const std::string& topic);
  size_t poll_due(bool all);
};

Poller::Poller(const EventRouter& router, store::Store& store, Systems systems, Logger& log, Metrics& metrics,
               std::function<void()> wake, PollerOptions options)
    : impl_(new Impl{router, store, std::move(systems), log, metrics, std::move(wake), std::move(options), {}, {}}) {}

Poller::~Poller() { stop(); }

size_t Poller::Impl::poll_topic(const std::string& system, connectors::Connector& connector, const std::string& topic) {
  auto cursor = store.cursor(system, topic);
  if (!cursor.ok()) {
    log.error("cannot read the poll cursor", {{"system", system}, {"topic", topic}, {"error", cursor.error().message}});
    return 0;
  }
  connectors::PollQuery query{.topic = topic, .since = cursor->value_or(""), .overlap = options.overlap};
  std::string high_water;
  size_t fresh = 0, seen = 0;
  for (;;) {
    connectors::EventPage page = connector.poll(query);
    if (!page.outcome.ok()) {
      // The cursor stays: the next round lists the same changes again.
      log.warn("poll failed", {{"system", system}, {"topic", topic}, {"error", connectors::describe(page.outcome)}});
      metrics.counter("syncloom_poll_failures_total", "Polls a system failed", {{"system", system}}).add();
      return fresh;
    }
    Routed all;
    for (const connectors::Event& event : page.events) {
      all.append(router.route(system, event, new_correlation_id()));
    }
    seen += page.events.size();
    auto accepted = accept_routed(store, metrics, all);
    if (!accepted.ok()) {
      log.error("cannot store polled events", {{"system", system}, {"topic", topic}, {"error", accepted.error().message}});
      return fresh;
    }
    fresh += *accepted;
    if (fresh && wake) wake();
    if (!page.high_water.empty()) high_water = page.high_water;
    if (page.next_page.empty()) break;
    query.page = page.next_page;
  }
  if (!high_water.empty() && high_water != cursor->value_or("")) {
    auto moved = store.set_cursor(system, topic, high_water);
    if (!moved.ok()) log.error("cannot move the poll cursor", {{"topic", topic}, {"error", moved.error().message}});
  }
  metrics.counter("syncloom_polled_events_total", "Changes listed by polling", {{"system", system}, {"topic", topic}})
      .add(seen);
  if (fresh) log.info("polled", {{"system", system}, {"topic", topic}, Field::number("new", static_cast<int64_t>(fresh))});
  return fresh;
}

size_t Poller::poll_once() { return impl_->poll_due(true); }

size_t Poller::Impl::poll_due(bool all) {
  size_t fresh = 0;
  auto now = std::chrono::steady_clock::now();
  for (const MappedSystem& system : router.plan().systems) {
    auto interval = options.systems.find(system.name);
    auto it = systems.find(system.name);
    if (interval == options.systems.end() || it == systems.end()) continue;
    auto& next = next_poll[system.name];
    if (!all && now < next) continue;
    next = now + interval->second;
    auto only = options.only_topics.find(system.name);
    for (const std::string& topic : system.topics)
      if (only == options.only_topics.end() || only->second.contains(topic))
        fresh += poll_topic(system.name, *it->second, topic);
  }
  return fresh;
}

void Poller::start() {
  impl_->loop.start(std::chrono::milliseconds(200), [this] { impl_->poll_due(false); });
}

void Poller::stop() { impl_->loop.stop(); }

}  // namespace syncloom::core
