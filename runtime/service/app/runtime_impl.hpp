// The runtime's parts and how they are wired (runtime.cpp opens and starts them; the routes_*.cpp serve them).
#pragma once
#include <atomic>
#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>

#include "syncloom/core/event_router.hpp"
#include "syncloom/core/event_sources.hpp"
#include "syncloom/core/hash_poll.hpp"
#include "syncloom/core/log.hpp"
#include "syncloom/core/reconcile_schedule.hpp"
#include "syncloom/core/metrics.hpp"
#include "syncloom/core/retention.hpp"
#include "syncloom/core/sync_engine.hpp"
#include "syncloom/core/webhook_watch.hpp"
#include "syncloom/runtime.hpp"
#include "syncloom/service/http_listener.hpp"
#include "store_lock.hpp"
#include "syncloom/store/store.hpp"

namespace syncloom {

struct Runtime::Impl {
  RuntimeOptions options;
  std::shared_ptr<const Mapping> mapping;
  StoreLock store_lock;  // declared before the store: released after it closes
  std::unique_ptr<store::Store> store;
  std::map<std::string, std::unique_ptr<connectors::Connector>, std::less<>> owned;
  core::Systems systems;
  std::map<std::string, std::chrono::milliseconds, std::less<>> polled;  // systems polled, how often
  std::map<std::string, std::set<std::string>, std::less<>> only_topics;  // polled for these topics alone
  std::unique_ptr<core::Logger> log;
  core::Metrics metrics;
  std::unique_ptr<core::EventRouter> router;
  std::unique_ptr<core::SyncEngine> engine;
  std::unique_ptr<core::Poller> poller;
  std::unique_ptr<core::Scheduler> scheduler;
  std::unique_ptr<core::Pruner> pruner;
  std::unique_ptr<core::ReconcileScheduler> reconciles;
  std::vector<core::WatchedWebhooks> watched;  // systems whose webhooks are kept alive
  std::vector<core::HashPolled> hash_polled;    // systems whose records are polled by content hash
  std::unique_ptr<core::HashPoller> hash_poller;
  std::unique_ptr<core::WebhookWatch> webhook_watch;
  std::unique_ptr<service::HttpListener> listener;
  std::atomic<bool> started{false}, stopping{false};
  // Admin requests that touch the store or sweep a system run here, off the listener's I/O threads, one
  // at a time in arrival order; stop() finishes the queue before the store closes.
  std::mutex jobs_mutex;
  std::condition_variable jobs_ready;
  std::deque<std::function<void()>> jobs;
  bool jobs_closed = false;
  std::thread jobs_thread;
  void post(std::function<void()> job);
  void run_jobs();
  std::chrono::steady_clock::time_point started_at{};

  void add_routes(service::Router& router);
  void webhook(service::HttpRequest request, service::Responder responder);
  void realtime(service::HttpRequest request, service::Responder responder);
  void reconcile(service::HttpRequest request, service::Responder responder);
  std::string metrics_text();
};

/// {"error": message} with the status, the shape every error of the service's API has.
service::HttpResponse json_error(unsigned status, std::string_view message);

}  // namespace syncloom
