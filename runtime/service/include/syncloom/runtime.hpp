// syncloom::Runtime: the sync service as a library. `syncloom run` is this class and a signal handler.
//
//   auto loaded = syncloom::config::load_config("syncloom.yaml");
//   syncloom::RuntimeOptions options{.config = *loaded.config};
//   options.connectors["erp"] = std::make_unique<MyErpConnector>();   // a custom connector, optional
//   auto opened = syncloom::Runtime::open(std::move(options));
//   if (!opened.runtime) { for (auto& e : opened.errors) std::cerr << e << "\n"; return 2; }
//   opened.runtime->start();
//   opened.runtime->submit("woo", event);              // or POST /webhooks/woo, /v1/sync/orders
//   auto status = opened.runtime->status();
//   opened.runtime->stop(std::chrono::seconds(30));
#pragma once
#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "syncloom/config/config.hpp"
#include "syncloom/connectors/connector.hpp"
#include "syncloom/core/sync_engine.hpp"
#include "syncloom/store/types.hpp"
#include "syncloom/syncloom.hpp"

namespace syncloom {

struct RuntimeOptions {
  config::Config config;                ///< load_config(), or built in code
  Engine engine = Engine::kJit;         ///< the interpreter when the JIT is not wanted
  /// Connectors supplied by the embedder, by the mapping's system name; the others are made from the
  /// configuration (make_connector). The runtime owns them.
  std::map<std::string, std::unique_ptr<connectors::Connector>, std::less<>> connectors;
  bool listen = true;                   ///< serve HTTP (webhooks, realtime API, metrics, admin)
  bool poll = true;                     ///< poll the systems without webhooks
  bool schedule = true;                 ///< run the batch schedules and the scheduled reconcile passes
  bool prune = true;                    ///< prune the inbox past `service.retention`, every so often
  /// Hold the embedded SQLite store for this process alone (a flock on `<file>.run.lock`, released when
  /// the process ends however it ends): a second service on the file is refused at open. Off for a
  /// look that writes nothing (`syncloom run --check`). PostgreSQL stores take no such lock.
  bool exclusive_store = true;
  /// Where log lines go (one JSON object per line); empty: stderr.
  std::function<void(std::string_view line)> log_sink;
  std::string schema_dir;               ///< empty: the built-in schemas
};

/// Per domain, from the store, plus the engine's view of each connector.
struct RuntimeStatus {
  std::vector<store::DomainStatus> domains;
  std::vector<store::IntakeStatus> intake;
  store::RetainedStatus retained;  ///< inbox events kept (for `syncloom replay`) and the oldest
  std::vector<core::ConnectorHealth> connectors;
  std::int64_t dead_letters = 0;  ///< open entries
  unsigned busy = 0;              ///< items being worked on
  std::string listen_url;         ///< "http://127.0.0.1:8080" ("" when not listening)
};

class Runtime;
struct Opened {
  std::unique_ptr<Runtime> runtime;  ///< null on error
  std::vector<std::string> errors;   ///< each names the file and key, the mapping, or the system
};

class Runtime {
 public:
  /// Compiles the mappings, opens the store and makes the connectors; contacts no system.
  static Opened open(RuntimeOptions options);
  ~Runtime();
  Runtime(const Runtime&) = delete;
  Runtime& operator=(const Runtime&) = delete;

  /// Starts the listener, the workers, the poller and the scheduler. The error says what could not start.
  std::string start();
  /// Stops taking events, drains the work in hand (bounded by `deadline`) and stops everything. Idempotent.
  void stop(std::chrono::milliseconds deadline);

  /// An event from `system` (the mapping's name), as a webhook would deliver it: routed and stored
  /// durably before this returns. Returns the events stored as new, or the store's error.
  store::Result<size_t> submit(std::string_view system, const connectors::Event& event);
  /// One poll round and the due sweeps now (tests, and `syncloom run --once`).
  size_t poll_now();
  size_t sweep_due_now();
  /// The mapping's reconcile passes that are due, now, on this thread: how many ran (their reports are in
  /// the store, GET /v1/admin/reconcile/DOMAIN, and in the syncloom_reconcile_* metrics).
  size_t reconcile_due_now();
  /// One pruning round of the inbox now (the service runs one every so often): what it removed.
  store::Result<store::Pruned> prune_now();

  RuntimeStatus status();
  /// The Prometheus text of /metrics.
  std::string metrics_text();
  /// Runs `check()` on every connector: what works and why not.
  std::map<std::string, std::vector<connectors::CheckStep>> check();
  uint16_t port() const;
  const Mapping& mapping() const;
  store::Store& store();

  struct Impl;  ///< internal

 private:
  explicit Runtime(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace syncloom
