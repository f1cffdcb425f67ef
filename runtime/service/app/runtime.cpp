// Opening, starting and stopping the sync service's parts in the order their dependencies need.
#include "runtime_impl.hpp"

#include "syncloom/interp/value.hpp"

namespace syncloom {

service::HttpResponse json_error(unsigned status, std::string_view message) {
  std::string body = "{\"error\":";
  interp::append_json_string(message, body);
  body += "}";
  return {.status = status, .body = std::move(body)};
}

namespace {

// "500ms", "30s", "2min", "1h": the units of the configuration's other durations.
std::optional<std::chrono::milliseconds> parse_interval(std::string_view text) {
  size_t digits = 0;
  while (digits < text.size() && text[digits] >= '0' && text[digits] <= '9') ++digits;
  if (digits == 0 || digits > 9) return std::nullopt;
  int64_t n = std::stoll(std::string(text.substr(0, digits)));
  std::string_view unit = text.substr(digits);
  if (unit == "ms") return std::chrono::milliseconds(n);
  if (unit == "s") return std::chrono::milliseconds(n * 1000);
  if (unit == "min") return std::chrono::milliseconds(n * 60'000);
  if (unit == "h") return std::chrono::milliseconds(n * 3'600'000);
  return std::nullopt;
}

}  // namespace

void Runtime::Impl::post(std::function<void()> job) {
  {
    std::lock_guard lock(jobs_mutex);
    if (!jobs_closed) {
      jobs.push_back(std::move(job));
      job = nullptr;
    }
  }
  jobs_ready.notify_one();
  // Posted after stop began: dropped, and the request's Responder answers 500 as it is destroyed.
}

void Runtime::Impl::run_jobs() {
  std::unique_lock lock(jobs_mutex);
  for (;;) {
    jobs_ready.wait(lock, [&] { return jobs_closed || !jobs.empty(); });
    if (jobs.empty()) return;
    auto job = std::move(jobs.front());
    jobs.pop_front();
    lock.unlock();
    job();
    lock.lock();
  }
}

Runtime::Runtime(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Runtime::~Runtime() { stop(std::chrono::milliseconds(5000)); }

Opened Runtime::open(RuntimeOptions options) {
  Opened out;
  auto impl = std::make_unique<Impl>();
  impl->options = std::move(options);
  config::Config& config = impl->options.config;
  if (config.mappings.size() != 1) {
    out.errors.push_back(config.file + ": mappings: `syncloom run` runs exactly one mapping per configuration (" +
                         std::to_string(config.mappings.size()) + " given)");
    return out;
  }
  CompileOptions compile;
  compile.schema_dir = impl->options.schema_dir;
  compile.engine = impl->options.engine;
  CompileResult compiled = compile_file(config.mappings.front(), compile);
  if (!compiled.mapping) {
    out.errors.push_back(config.mappings.front() + ": does not compile:\n" + compiled.diagnostics);
    return out;
  }
  impl->mapping = std::move(compiled.mapping);
  impl->mapping->compile_all();
  std::vector<config::DeclaredSystem> declared;
  for (const MappedSystem& s : impl->mapping->systems())
    if (!impl->options.connectors.contains(s.name))  // an embedder's own connector needs no `systems:` entry
      declared.push_back({s.name, s.kind, config.mappings.front()});
  for (std::string& e : config::resolve_kinds(config, declared)) out.errors.push_back(std::move(e));
  if (!out.errors.empty()) return out;

  for (const MappedSystem& system : impl->mapping->systems()) {
    auto custom = impl->options.connectors.find(system.name);
    if (custom != impl->options.connectors.end()) {
      impl->owned[system.name] = std::move(custom->second);
    } else {
      auto configured = config.systems.find(system.name);
      if (configured == config.systems.end()) {
        out.errors.push_back(config.file + ": systems." + system.name + ": the mapping uses system `" + system.name +
                             "` (" + system.kind + ") but the configuration does not define it");
        continue;
      }
      connectors::Environment environment;
      environment.schema_dir = impl->options.schema_dir;
      auto made = connectors::make_connector(configured->second, environment);
      if (!made.connector) {
        out.errors.push_back(made.error);
        continue;
      }
      impl->owned[system.name] = std::move(made.connector);
    }
    connectors::Connector& c = *impl->owned[system.name];
    impl->systems[system.name] = &c;
    // Topics the system does not push (all of Tryton's, a store's refunds) are polled at the service's
    // interval; a system with webhooks is polled for every topic when it says how often (`poll_interval:
    // 60s`), a safety net for deliveries that never arrive.
    std::set<std::string> unpushed;
    bool pushes_any = false;
    for (const std::string& topic : system.topics) {
      if (c.pushes(topic)) pushes_any = true;
      else unpushed.insert(topic);
    }
    if (!unpushed.empty()) impl->polled[system.name] = config.service.poll_interval;
    if (pushes_any && !unpushed.empty()) impl->only_topics[system.name] = unpushed;
    // A system that pushes: its webhooks are watched (re-enabled when the system disabled them) and its
    // records polled by content hash, the net under lost deliveries (`webhook_check`, `hash_poll`: a
    // duration or `off`).
    if (pushes_any) {
      std::set<std::string> pushed, records;
      for (const std::string& topic : system.topics)
        if (c.pushes(topic)) {
          pushed.insert(topic);
          records.insert(topic.substr(0, topic.find('.')));
        }
      auto every = [&](const char* key, std::chrono::milliseconds fallback) -> std::optional<std::chrono::milliseconds> {
        const connectors::Setting* s = c.config().find(key);
        if (!s) return fallback;
        if (s->value == "off") return std::chrono::milliseconds(0);
        auto ms = parse_interval(s->value);
        if (!ms || ms->count() <= 0) {
          out.errors.push_back(c.config().where(key) + ": `" + s->value + "` is not a duration (such as 30s or 5min) or off");
          return std::nullopt;
        }
        return *ms;
      };
      auto check = every("webhook_check", std::chrono::minutes(5));
      auto hashes = every("hash_poll", std::chrono::minutes(15));
      if (!check || !hashes) continue;
      if (check->count()) impl->watched.push_back({.system = system.name, .connector = &c, .topics = pushed, .every = *check});
      if (hashes->count())
        impl->hash_polled.push_back({.system = system.name, .connector = &c,
                                     .records = {records.begin(), records.end()}, .every = *hashes});
    }
    if (const connectors::Setting* every = c.config().find("poll_interval")) {
      impl->only_topics.erase(system.name);
      auto ms = parse_interval(every->value);
      if (!ms) {
        out.errors.push_back(c.config().where("poll_interval") + ": `" + every->value +
                             "` is not a duration (such as 500ms, 30s or 2min)");
        continue;
      }
      impl->polled[system.name] = *ms;
    }
  }
  if (!out.errors.empty()) return out;

  auto lock = impl->options.exclusive_store ? StoreLock::acquire(config.service.store)
                                              : std::variant<StoreLock, std::string>(StoreLock());
  if (auto* error = std::get_if<std::string>(&lock)) {
    out.errors.push_back(config.file + ": service.store: " + *error);
    return out;
  }
  impl->store_lock = std::move(std::get<StoreLock>(lock));
  auto store = store::open_store(config.service.store);
  if (!store.ok()) {
    out.errors.push_back(config.file + ": service.store: " + store.error().message);
    return out;
  }
  impl->store = std::move(*store);

  core::Level level = core::Level::kInfo;
  const std::string& l = config.service.log_level;
  if (l == "debug") level = core::Level::kDebug;
  if (l == "warn") level = core::Level::kWarn;
  if (l == "error") level = core::Level::kError;
  auto sink = impl->options.log_sink ? core::Logger::Sink(impl->options.log_sink) : core::stderr_sink();
  impl->log = std::make_unique<core::Logger>(sink, level);

  impl->router = std::make_unique<core::EventRouter>(impl->mapping);
  core::EngineOptions engine{.workers = config.service.workers,
                             .lease = config.service.lease,
                             .ref_wait = config.service.ref_wait};
  impl->engine = std::make_unique<core::SyncEngine>(*impl->router, *impl->store, impl->systems, *impl->log,
                                                    impl->metrics, engine);
  auto wake = [e = impl->engine.get()] { e->wake(); };
  impl->poller = std::make_unique<core::Poller>(
      *impl->router, *impl->store, impl->systems, *impl->log, impl->metrics, wake,
      core::PollerOptions{.systems = impl->polled, .only_topics = impl->only_topics});
  impl->scheduler = std::make_unique<core::Scheduler>(*impl->router, *impl->store, impl->systems, *impl->log,
                                                      impl->metrics, wake);
  impl->pruner = std::make_unique<core::Pruner>(*impl->store, *impl->log, impl->metrics,
                                                core::RetentionOptions{.retention = config.service.retention});
  impl->hash_poller = std::make_unique<core::HashPoller>(*impl->router, *impl->store, impl->hash_polled, *impl->log,
                                                        impl->metrics, wake);
  impl->webhook_watch = std::make_unique<core::WebhookWatch>(
      impl->watched, *impl->log, impl->metrics,
      [h = impl->hash_poller.get()](const std::string& system) { h->request(system); });
  impl->reconciles = std::make_unique<core::ReconcileScheduler>(
      *impl->router, *impl->store, impl->systems, *impl->log, impl->metrics,
      core::ReconcileScheduleOptions{.repair = config.service.reconcile_repair, .scheduled = impl->options.schedule,
                                     .wake = wake});
  out.runtime = std::unique_ptr<Runtime>(new Runtime(std::move(impl)));
  return out;
}

std::string Runtime::start() {
  Impl& i = *impl_;
  if (i.started.exchange(true)) return {};
  i.started_at = std::chrono::steady_clock::now();
  i.jobs_thread = std::thread([&i] { i.run_jobs(); });
  if (i.options.listen) {
    service::Router router;
    i.add_routes(router);
    const config::ServiceConfig& s = i.options.config.service;
    service::ListenerConfig listen{.address = s.listen_host, .port = static_cast<uint16_t>(s.listen_port),
                                   .admin_token = s.admin_token};
    auto started = service::HttpListener::start(listen, std::move(router));
    if (!started.listener) return started.error;
    i.listener = std::move(started.listener);
  }
  i.engine->start();
  if (i.options.poll) {
    i.poller->start();
    i.hash_poller->start();
    i.webhook_watch->start();
  }
  if (i.options.schedule) i.scheduler->start();
  if (i.options.prune) i.pruner->start();
  i.reconciles->start();  // admin requests run whether or not the schedules do
  i.log->info("started", {{"mapping", i.mapping->plan().mapping}, {"store", i.options.config.service.store},
                          core::Field::number("port", port()),
                          core::Field::number("workers", i.options.config.service.workers)});
  return {};
}

void Runtime::stop(std::chrono::milliseconds deadline) {
  Impl& i = *impl_;
  if (!i.started.load() || i.stopping.exchange(true)) return;
  // Intake first (no new deliveries are acknowledged), then the sources, then the work in hand.
  if (i.listener) i.listener->stop(std::min(deadline, std::chrono::milliseconds(5000)));
  {
    std::lock_guard lock(i.jobs_mutex);
    i.jobs_closed = true;
  }
  i.jobs_ready.notify_all();
  if (i.jobs_thread.joinable()) i.jobs_thread.join();
  i.pruner->stop();
  i.reconciles->stop();
  i.scheduler->stop();
  i.webhook_watch->stop();
  i.hash_poller->stop();
  i.poller->stop();
  i.engine->stop(deadline);
  i.log->info("stopped", {});
}

store::Result<size_t> Runtime::submit(std::string_view system, const connectors::Event& event) {
  auto routed = impl_->router->route(system, event, core::new_correlation_id());
  auto accepted = core::accept_routed(*impl_->store, impl_->metrics, routed);
  if (accepted.ok() && *accepted) impl_->engine->wake();
  return accepted;
}

size_t Runtime::poll_now() { return impl_->poller->poll_once(); }
size_t Runtime::sweep_due_now() { return impl_->scheduler->run_due(); }
size_t Runtime::reconcile_due_now() { return impl_->reconciles->run_due(); }
store::Result<store::Pruned> Runtime::prune_now() { return impl_->pruner->prune_now(); }

RuntimeStatus Runtime::status() {
  RuntimeStatus s;
  if (auto d = impl_->store->domain_status(); d.ok()) s.domains = *d;
  if (auto in = impl_->store->intake_status(); in.ok()) s.intake = *in;
  if (auto kept = impl_->store->retained_status(); kept.ok()) s.retained = *kept;
  for (const auto& d : s.domains) s.dead_letters += d.dead;
  s.connectors = impl_->engine->health();
  s.busy = impl_->engine->busy();
  if (impl_->listener)
    s.listen_url = "http://" + impl_->options.config.service.listen_host + ":" + std::to_string(port());
  return s;
}

std::string Runtime::metrics_text() { return impl_->metrics_text(); }

std::map<std::string, std::vector<connectors::CheckStep>> Runtime::check() {
  std::map<std::string, std::vector<connectors::CheckStep>> out;
  for (const auto& [name, connector] : impl_->systems) out[name] = connector->check();
  return out;
}

uint16_t Runtime::port() const { return impl_->listener ? impl_->listener->port() : 0; }
const Mapping& Runtime::mapping() const { return *impl_->mapping; }
store::Store& Runtime::store() { return *impl_->store; }

}  // namespace syncloom
