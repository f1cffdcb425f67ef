// The sync engine's state, shared by the worker loop (sync_engine.cpp) and the item runner (item_runner.cpp).
#pragma once
#include <atomic>
#include <condition_variable>
#include <map>
#include <mutex>
#include <random>
#include <set>
#include <thread>

#include "syncloom/core/store_refs.hpp"
#include "syncloom/core/sync_engine.hpp"

namespace syncloom::core {

struct SyncEngine::Impl {
  Impl(const EventRouter& r, store::Store& s, Systems sys, Logger& l, Metrics& m, EngineOptions o);

  const EventRouter& router;
  store::Store& store;
  Systems systems;
  Logger& log;
  Metrics& metrics;
  EngineOptions options;
  StoreRefs refs;
  std::map<std::string, std::unique_ptr<CircuitBreaker>, std::less<>> breakers;  // per target system

  std::atomic<bool> running{false};
  std::vector<std::thread> threads;
  std::thread heartbeat_thread;
  std::mutex mutex;  // guards the members below
  std::condition_variable wakeup;
  uint64_t wake_generation = 0;
  std::map<std::int64_t, std::int64_t> in_flight;  // work id -> generation, for heartbeats
  std::multimap<std::int64_t, std::function<void(const ItemOutcome&)>> waiters;
  std::set<std::string> derived;  // "domain\x1fkey" fetched once already this run
  std::mt19937_64 random;

  store::TimeMs now() const { return options.clock ? options.clock() : store::system_clock_ms(); }
  CircuitBreaker* breaker(std::string_view system);
  /// Workers are grouped by the system their domains write to, each group as large as that connector's
  /// concurrency budget (and at most `workers`): work for a slow or throttled system never holds up work
  /// for another. `group_domains[g]` are the domains group g claims.
  std::vector<std::string> group_system;
  std::vector<std::vector<std::string>> group_domains;
  std::map<std::string, CircuitBreaker::Clock::time_point, std::less<>> paused_until;  // after a 429 / Retry-After
  /// Group g's domains whose target may be called now (not an open circuit, not paused by throttling).
  std::vector<std::string> claimable_domains(size_t group);
  void pause(const std::string& system, std::chrono::milliseconds wait);
  uint64_t next_random();

  void worker_loop(size_t group, unsigned index);
  void heartbeat_loop();
  void run_item(const store::WorkItem& item);
  void finished(const store::WorkItem& item, ItemOutcome outcome);
};

}  // namespace syncloom::core
