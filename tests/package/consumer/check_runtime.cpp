// The embedding example: syncloom::Runtime built in code (no configuration file), with the embedder's own
// connectors for both systems, an event submitted, synced by the runtime's workers, and the status read.
#include <chrono>
#include <cstdio>
#include <fstream>
#include <mutex>
#include <thread>

#include "checks.hpp"
#include "syncloom/runtime.hpp"

namespace consumer {
namespace {

namespace c = syncloom::connectors;

// A connector keeping records in memory: what an embedder writes for a system syncloom has no connector for.
class MemoryConnector : public c::Connector {
 public:
  MemoryConnector(std::string name, std::string kind) {
    config_.name = std::move(name);
    config_.kind = std::move(kind);
  }
  const c::SystemConfig& config() const override { return config_; }
  std::vector<c::RecordSupport> support() const override { return {}; }
  c::Fetched get(std::string_view, std::string_view) override { return {}; }
  c::Fetched find(std::string_view, const c::KeyQuery&) override { return {}; }  // nothing to find: create
  c::Page list(const c::ListQuery&) override { return {}; }
  c::Page related(const c::RelatedQuery&) override { return {}; }
  c::Written write(const c::WriteRequest& request) override {
    std::lock_guard lock(mutex_);
    written_.push_back(request.json);
    return {.id = std::to_string(written_.size()), .created = true};
  }
  std::vector<c::Written> write_batch(std::span<const c::WriteRequest> requests) override {
    std::vector<c::Written> out;
    for (const auto& r : requests) out.push_back(write(r));
    return out;
  }
  c::WebhookResult receive(const c::WebhookDelivery&) override { return {.verdict = c::WebhookVerdict::kUnsigned}; }
  c::EventPage poll(const c::PollQuery&) override { return {}; }
  c::Subscriptions subscriptions() override { return {}; }
  c::Written subscribe(std::string_view, std::string_view) override { return {}; }
  c::Written reactivate(std::string_view) override { return {}; }
  std::vector<c::CheckStep> check() override { return {{.what = "memory", .detail = "always up"}}; }
  c::ConnectorStats stats() const override { return {}; }

  std::vector<std::string> written() {
    std::lock_guard lock(mutex_);
    return written_;
  }

 private:
  c::SystemConfig config_;
  std::mutex mutex_;
  std::vector<std::string> written_;
};

constexpr const char* kMapping = R"(mapping consumer_runtime version 1

system woo: woocommerce
system erp: ERP_KIND

domain customers {
  owner woo
  key lower(woo.customer.email) <-> erp.customer.email
  sync event on woo "customer.created"
  flow woo.customer -> erp.customer {
    name = first_name + " " + last_name
  }
}
)";

}  // namespace

bool check_runtime(const Settings& settings) {
  std::string text = kMapping;
  text.replace(text.find("ERP_KIND"), 8, settings.erp_kind);
  const std::string mapping = settings.work_dir + "/runtime.loom";
  std::ofstream(mapping) << text;

  syncloom::RuntimeOptions options;
  options.config.file = "(in code)";
  options.config.mappings = {mapping};
  options.config.service.store = settings.work_dir + "/runtime.db";
  options.schema_dir = settings.schema_dir;
  options.listen = false;
  options.log_sink = [](std::string_view) {};  // quiet; an embedder passes its own logger
  auto erp = std::make_unique<MemoryConnector>("erp", settings.erp_kind);
  MemoryConnector& target = *erp;
  options.connectors["woo"] = std::make_unique<MemoryConnector>("woo", "woocommerce");
  options.connectors["erp"] = std::move(erp);
  auto opened = syncloom::Runtime::open(std::move(options));
  if (!opened.runtime) {
    for (const auto& e : opened.errors) std::fprintf(stderr, "runtime: %s\n", e.c_str());
    return false;
  }
  syncloom::Runtime& runtime = *opened.runtime;
  if (std::string error = runtime.start(); !error.empty()) {
    std::fprintf(stderr, "runtime: start: %s\n", error.c_str());
    return false;
  }
  c::Event event{.topic = "customer.created", .record = "customer", .id = "7", .dedupe_key = "customer:7:1",
                 .json = R"({"id":7,"email":"Ada@Example.com","first_name":"Ada","last_name":"Lovelace"})"};
  auto submitted = runtime.submit("woo", event);
  auto again = runtime.submit("woo", event);
  // Synced once the work item is done: the write, then its cross-reference and audit line in the store.
  syncloom::RuntimeStatus status;
  auto synced_domains = [&] {
    long long n = 0;
    for (const auto& d : status.domains) n += d.last_success ? 1 : 0;
    return n;
  };
  for (int i = 0; i < 500; ++i) {
    status = runtime.status();
    if (synced_domains() > 0) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  runtime.stop(std::chrono::seconds(5));
  auto written = target.written();
  std::printf("runtime: submitted %zu new, then %zu new; wrote %s\n", submitted.ok() ? *submitted : 0,
              again.ok() ? *again : 0, written.empty() ? "nothing" : written.front().c_str());
  std::printf("runtime: %zu domain(s) in status, %lld synced\n", status.domains.size(), synced_domains());
  return submitted.ok() && *submitted == 1 && again.ok() && *again == 0 && written.size() == 1;
}

}  // namespace consumer
