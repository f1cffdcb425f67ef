// The webhook watch (webhook_watch.hpp): list, re-enable ours that were disabled, count, catch up.
#include "syncloom/core/webhook_watch.hpp"

#include <map>

#include "periodic_loop.hpp"

namespace syncloom::core {
namespace {

// A webhook delivers to this service when its URL's path is /webhooks/SYSTEM (any host: the service may
// sit behind a proxy or a tunnel, which is how the store reaches it).
bool delivers_to_us(const connectors::Subscription& s, const std::string& system) {
  std::string_view url = s.delivery_url;
  if (auto q = url.find_first_of("?#"); q != std::string_view::npos) url = url.substr(0, q);
  while (url.ends_with('/')) url.remove_suffix(1);
  const std::string path = "/webhooks/" + system;
  return url.ends_with(path);
}

}  // namespace

struct WebhookWatch::Impl {
  std::vector<WatchedWebhooks> systems;
  Logger& log;
  Metrics& metrics;
  std::function<void(const std::string&)> reenabled;
  PeriodicLoop loop{};
  std::map<std::string, std::chrono::steady_clock::time_point> next{};

  WebhookCheck check(const WatchedWebhooks& w);
};

WebhookWatch::WebhookWatch(std::vector<WatchedWebhooks> systems, Logger& log, Metrics& metrics,
                           std::function<void(const std::string& system)> reenabled)
    : impl_(new Impl{std::move(systems), log, metrics, std::move(reenabled), {}, {}}) {}

WebhookWatch::~WebhookWatch() { stop(); }

WebhookCheck WebhookWatch::Impl::check(const WatchedWebhooks& w) {
  WebhookCheck out{.system = w.system};
  connectors::Subscriptions listed = w.connector->subscriptions();
  if (!listed.outcome.ok()) {
    out.error = connectors::describe(listed.outcome);
    metrics.counter("syncloom_webhook_checks_failed_total", "Webhook checks that could not list the webhooks",
                    {{"system", w.system}}).add();
    log.warn("cannot list the webhooks", {{"system", w.system}, {"error", out.error}});
    return out;
  }
  out.listed = true;
  std::set<std::string> covered;
  for (const connectors::Subscription& s : listed.subscriptions) {
    if (!w.topics.contains(s.topic) || !delivers_to_us(s, w.system)) continue;
    covered.insert(s.topic);
    if (s.status == "active") {
      ++out.active;
      continue;
    }
    connectors::Written done = w.connector->reactivate(s.id);
    if (done.outcome.ok()) {
      ++out.reenabled;
      metrics.counter("syncloom_webhooks_reenabled_total", "Webhooks the system had disabled, re-enabled",
                      {{"system", w.system}, {"topic", s.topic}}).add();
      log.warn("webhook re-enabled", {{"system", w.system}, {"webhook", s.id}, {"topic", s.topic},
                                      {"was", s.status}, Field::number("failures", static_cast<int64_t>(s.failures))});
    } else {
      ++out.failed;
      log.error("cannot re-enable a webhook", {{"system", w.system}, {"webhook", s.id}, {"topic", s.topic},
                                               {"error", connectors::describe(done.outcome)}});
    }
  }
  for (const std::string& topic : w.topics)
    if (!covered.contains(topic)) out.missing.push_back(topic);
  if (!out.missing.empty())
    log.warn("topics without a webhook to this service (syncloom connectors webhooks --apply creates them)",
             {{"system", w.system}, {"first", out.missing.front()},
              Field::number("missing", static_cast<int64_t>(out.missing.size()))});
  metrics.gauge("syncloom_webhooks_active", "Webhooks of ours the system has active", {{"system", w.system}})
      .set(static_cast<double>(out.active + out.reenabled));
  metrics.gauge("syncloom_webhooks_missing", "Topics listened to without a webhook of ours", {{"system", w.system}})
      .set(static_cast<double>(out.missing.size()));
  // Deliveries were lost while it was off: the catch-up finds what changed.
  if (out.reenabled && reenabled) reenabled(w.system);
  return out;
}

std::vector<WebhookCheck> WebhookWatch::check_now() {
  std::vector<WebhookCheck> out;
  for (const WatchedWebhooks& w : impl_->systems) out.push_back(impl_->check(w));
  return out;
}

void WebhookWatch::start() {
  if (impl_->systems.empty()) return;
  impl_->loop.start(std::chrono::milliseconds(1000), [this] {
    const auto now = std::chrono::steady_clock::now();
    for (const WatchedWebhooks& w : impl_->systems) {
      auto& due = impl_->next[w.system];
      if (due > now) continue;
      impl_->check(w);
      due = now + w.every;
    }
  });
}

void WebhookWatch::stop() { impl_->loop.stop(); }

}  // namespace syncloom::core
