// The content-hash poll (hash_poll.hpp): list, hash, compare, route what changed, then keep the hashes.
#include "syncloom/core/hash_poll.hpp"

#include <map>
#include <mutex>
#include <set>

#include "periodic_loop.hpp"
#include "syncloom/core/event_sources.hpp"

namespace syncloom::core {

struct HashPoller::Impl {
  const EventRouter& router;
  store::Store& store;
  std::vector<HashPolled> systems;
  Logger& log;
  Metrics& metrics;
  std::function<void()> wake;
  store::Clock clock;
  PeriodicLoop loop{};
  std::map<std::string, std::chrono::steady_clock::time_point> next{};  // loop thread only
  std::mutex mutex;
  std::set<std::string> requested{};  // guarded by mutex

  store::TimeMs now() const { return clock ? clock() : store::system_clock_ms(); }
  HashPollRound poll(const HashPolled& system, const std::string& record);
  // The topic a webhook would have carried, among those the mapping listens to ("" when none).
  std::string topic_for(const std::string& system, const std::string& record, bool created) const {
    const SyncPlan& plan = router.plan();
    for (const char* suffix : created ? std::vector<const char*>{".created", ".updated"}
                                      : std::vector<const char*>{".updated", ".created"}) {
      std::string topic = record + suffix;
      if (!plan.listeners(system, topic).empty()) return topic;
    }
    return {};
  }
};

HashPoller::HashPoller(const EventRouter& router, store::Store& store, std::vector<HashPolled> systems, Logger& log,
                       Metrics& metrics, std::function<void()> wake, store::Clock clock)
    : impl_(new Impl{router, store, std::move(systems), log, metrics, std::move(wake), std::move(clock), {}, {}, {}, {}}) {}

HashPoller::~HashPoller() { stop(); }

HashPollRound HashPoller::Impl::poll(const HashPolled& s, const std::string& record) {
  HashPollRound round{.system = s.system, .record = record};
  const std::string marker = s.system + "/" + record;
  auto seen_before = store.cursor("hash_poll", marker);
  if (!seen_before.ok()) {
    round.error = seen_before.error().message;
    return round;
  }
  round.baseline = !seen_before->has_value();
  const store::TimeMs started = now();
  connectors::ListQuery query{.record = record};
  for (;;) {
    connectors::Page page = s.connector->list(query);
    if (!page.outcome.ok()) {
      round.error = connectors::describe(page.outcome);
      break;
    }
    std::vector<std::string> ids;
    for (const connectors::Fetched& f : page.records) ids.push_back(f.id);
    auto kept = store.record_hashes(s.system, record, ids);
    if (!kept.ok()) {
      round.error = kept.error().message;
      break;
    }
    std::map<std::string, std::string> known;
    for (store::RecordHash& h : *kept) known[h.id] = std::move(h.hash);
    std::vector<store::RecordHash> fresh;
    Routed all;
    for (const connectors::Fetched& f : page.records) {
      const std::string hash = content_hash(f.json);
      auto it = known.find(f.id);
      if (it != known.end() && it->second == hash) continue;
      ++round.changed;
      fresh.push_back({.system = s.system, .record = record, .id = f.id, .hash = hash, .seen_ms = started});
      if (round.baseline) continue;
      const std::string topic = topic_for(s.system, record, it == known.end());
      if (topic.empty()) continue;
      connectors::Event event{.topic = topic, .record = record, .id = f.id,
                              .dedupe_key = record + ":" + f.id + ":" + s.connector->record_version(record, f.json) +
                                            "#" + hash,
                              .json = f.json};
      all.append(router.route(s.system, event, new_correlation_id()));
    }
    round.listed += page.records.size();
    auto accepted = accept_routed(store, metrics, all);
    if (!accepted.ok()) {
      round.error = accepted.error().message;
      break;
    }
    round.queued += *accepted;
    if (*accepted && wake) wake();
    // Only now: a crash before this line polls the page again and finds the same changes.
    if (!fresh.empty())
      if (auto saved = store.set_record_hashes(fresh); !saved.ok()) {
        round.error = saved.error().message;
        break;
      }
    if (page.next_page.empty()) break;
    query.page = page.next_page;
  }
  const Labels labels{{"system", s.system}, {"record", record}};
  if (!round.error.empty()) {
    metrics.counter("syncloom_hash_poll_failures_total", "Content-hash polls that failed", labels).add();
    log.warn("content-hash poll failed", {{"system", s.system}, {"record", record}, {"error", round.error}});
    return round;
  }
  if (round.baseline) (void)store.set_cursor("hash_poll", marker, std::to_string(started));
  metrics.counter("syncloom_hash_polls_total", "Content-hash polls run", labels).add();
  metrics.counter("syncloom_hash_poll_changes_total", "Records whose content changed since the last content-hash poll",
                  labels).add(round.baseline ? 0 : round.changed);
  metrics.counter("syncloom_hash_poll_queued_total",
                  "Changes the content-hash poll queued that no webhook or poll had brought", labels).add(round.queued);
  if (round.queued || round.baseline)
    log.info(round.baseline ? "content hashes recorded" : "content-hash poll found missed changes",
             {{"system", s.system}, {"record", record}, Field::number("listed", static_cast<int64_t>(round.listed)),
              Field::number("changed", static_cast<int64_t>(round.changed)),
              Field::number("queued", static_cast<int64_t>(round.queued))});
  return round;
}

std::vector<HashPollRound> HashPoller::poll_now(const std::string& system) {
  std::vector<HashPollRound> out;
  for (const HashPolled& s : impl_->systems)
    if (system.empty() || s.system == system)
      for (const std::string& record : s.records) out.push_back(impl_->poll(s, record));
  return out;
}

void HashPoller::request(const std::string& system) {
  {
    std::lock_guard lock(impl_->mutex);
    impl_->requested.insert(system);
  }
  impl_->loop.wake();
}

void HashPoller::start() {
  if (impl_->systems.empty()) return;
  impl_->loop.start(std::chrono::milliseconds(1000), [this] {
    std::set<std::string> asked;
    {
      std::lock_guard lock(impl_->mutex);
      asked.swap(impl_->requested);
    }
    const auto now = std::chrono::steady_clock::now();
    for (const HashPolled& s : impl_->systems) {
      auto& due = impl_->next[s.system];
      if (due > now && !asked.contains(s.system)) continue;
      due = now + s.every;
      poll_now(s.system);
    }
  });
}

void HashPoller::stop() { impl_->loop.stop(); }

}  // namespace syncloom::core
