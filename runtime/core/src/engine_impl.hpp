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
  /// The domains whose target systems may be called now (a domain writing to an open circuit waits).
  std::vector<std::string> claimable_domains();
  uint64_t next_random();

  void worker_loop(unsigned index);
  void heartbeat_loop();
  void run_item(const store::WorkItem& item);
  void finished(const store::WorkItem& item, ItemOutcome outcome);
};

}  // namespace syncloom::core
