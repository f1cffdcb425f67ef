// The engine tests' world: a small two-system mapping, a real SQLite store in a fresh directory, two fake
// connectors, and the engine with short, bounded timeouts (each test well under 5 s of real time).
#pragma once
#include <atomic>
#include <catch2/catch.hpp>
#include <filesystem>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <unistd.h>
#include <vector>

#include "fake_connector.hpp"
#include "syncloom/core/event_sources.hpp"
#include "syncloom/core/sync_engine.hpp"
#include "syncloom/store/store.hpp"
#include "syncloom/syncloom.hpp"

namespace syncloom::test {

/// customers (upsert, keyed on a computed e-mail), orders (ref() to customers, filtered by status,
/// idempotent on id and modification time), products (erp -> woo, create only, filtered, batch swept) and
/// stock (erp -> woo, update only), the last two on the same Tryton topic.
inline constexpr const char* kEngineMapping = R"(mapping engine_test version 3

system woo: woocommerce
system erp: tryton

domain customers {
  owner woo
  key lower(woo.customer.email) <-> erp.customer.code
  sync event on woo "customer.created", "customer.updated"
  retry 3 backoff 100ms..200ms then dead_letter
  flow woo.customer -> erp.customer {
    name = trim(first_name + " " + last_name)
    code = lower(email)
  }
}

domain orders {
  owner woo
  key woo.order.number <-> erp.salesOrder.reference
  sync realtime on woo "order.created", "order.updated"
      when status in ["processing", "completed"]
  idempotency woo.order.id, woo.order.date_modified_gmt
  retry 3 backoff 100ms..200ms then dead_letter
  flow woo.order -> erp.salesOrder {
    reference   = number
    description = status
    party       = ref(customers, lower(billing.email ?? ""))
  }
}

domain products {
  owner erp
  key erp.inventoryItem.code <-> woo.product.sku
  sync event on erp "inventoryItem.changed"
      batch every 1h
  flow erp.inventoryItem -> woo.product create when salable {
    name = name
    sku  = code
  }
}

domain stock {
  owner erp
  key erp.inventoryItem.code <-> woo.product.sku
  sync event on erp "inventoryItem.changed"
  retry 2 backoff 100ms..200ms then dead_letter
  flow erp.inventoryItem -> woo.product update {
    manage_stock   = true
    stock_quantity = max(0, int(forecast_quantity) ?? 0)
  }
}
)";

inline std::string customer_json(int id, const std::string& email, const std::string& first = "Ann",
                                 const std::string& last = "Lee") {
  return R"({"id":)" + std::to_string(id) + R"(,"email":")" + email + R"(","first_name":")" + first +
         R"(","last_name":")" + last + R"("})";
}

inline std::string order_json(int id, const std::string& email, const std::string& status = "processing",
                              const std::string& modified = "2026-12-01T10:00:00") {
  return R"({"id":)" + std::to_string(id) + R"(,"number":")" + std::to_string(id) + R"(","status":")" + status +
         R"(","date_modified_gmt":")" + modified + R"(","billing":{"email":")" + email + R"("}})";
}

inline std::string item_json(int id, const std::string& code, bool salable = true, int forecast = 5) {
  return R"({"id":)" + std::to_string(id) + R"(,"code":")" + code + R"(","name":"Item )" + code +
         R"(","salable":)" + (salable ? "true" : "false") + R"(,"type":"goods","forecast_quantity":)" +
         std::to_string(forecast) + ".0}";
}

inline std::shared_ptr<const Mapping> engine_mapping() {
  static std::shared_ptr<const Mapping> mapping = [] {
    CompileResult compiled = compile_source("engine_test.loom", kEngineMapping);
    INFO(compiled.diagnostics);
    REQUIRE(compiled.mapping);
    return compiled.mapping;
  }();
  return mapping;
}

/// Waits until `done` holds, up to `timeout`; answers whether it did.
inline bool eventually(const std::function<bool()>& done, std::chrono::milliseconds timeout = std::chrono::seconds(4)) {
  auto until = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < until) {
    if (done()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return done();
}

struct EngineWorld {
  explicit EngineWorld(core::EngineOptions options = fast_options(),
                       std::shared_ptr<const Mapping> mapping = engine_mapping()) {
    static std::atomic<int> serial{0};
    dir = std::filesystem::path(STORE_TEST_DIR) /
          ("core-" + std::to_string(getpid()) + "-" + std::to_string(serial.fetch_add(1)));
    std::filesystem::remove_all(dir);
    std::filesystem::create_directories(dir);
    auto opened = store::open_sqlite_store((dir / "store.db").string());
    REQUIRE(opened.ok());
    store = std::move(*opened);
    router = std::make_unique<core::EventRouter>(std::move(mapping));
    systems = {{"woo", &woo}, {"erp", &erp}};
    engine = std::make_unique<core::SyncEngine>(*router, *store, systems, log, metrics, std::move(options));
  }
  ~EngineWorld() {
    engine.reset();
    store.reset();
    std::filesystem::remove_all(dir);
  }

  static core::EngineOptions fast_options() {
    core::EngineOptions o;
    o.workers = 4;
    o.lease = std::chrono::milliseconds(3000);
    o.ref_wait = std::chrono::milliseconds(1600);
    o.idle_poll = std::chrono::milliseconds(20);
    o.circuit = {.failures_to_open = 3, .cool_down = std::chrono::milliseconds(400),
                 .max_cool_down = std::chrono::milliseconds(800)};
    o.seed = 42;
    return o;
  }

  /// Routes one event of `system` and stores it; answers the work items created.
  std::vector<std::int64_t> deliver(const std::string& system, const std::string& topic, const std::string& id,
                                    const std::string& json, const std::string& dedupe,
                                    const std::string& correlation = "corr-test") {
    connectors::Event event{.topic = topic, .record = topic.substr(0, topic.find('.')), .id = id,
                            .dedupe_key = dedupe, .json = json};
    last_routed = router->route(system, event, correlation);
    std::vector<std::int64_t> work;
    for (const store::Event& e : last_routed.events) {
      auto accepted = store->accept(e);
      REQUIRE(accepted.ok());
      work.insert(work.end(), accepted->work_ids.begin(), accepted->work_ids.end());
    }
    engine->wake();
    return work;
  }

  store::WorkItem item(std::int64_t id) {
    auto w = store->work_item(id);
    REQUIRE(w.ok());
    return *w;
  }
  bool finished(std::int64_t id) {
    auto s = item(id).state;
    return s == store::WorkState::kDone || s == store::WorkState::kDead;
  }
  /// Delivers one event, waits until its single work item is done or dead, and answers the item.
  store::WorkItem sync(const std::string& system, const std::string& topic, const std::string& id,
                       const std::string& json, const std::string& dedupe) {
    auto work = deliver(system, topic, id, json, dedupe);
    REQUIRE(work.size() == 1);
    REQUIRE(eventually([&] { return finished(work[0]); }));
    return item(work[0]);
  }
  std::vector<store::DeadLetter> dead_letters() {
    auto d = store->dead_letters({});
    REQUIRE(d.ok());
    return *d;
  }
  std::vector<std::string> log_lines() {
    std::lock_guard lock(log_mutex);
    return lines;
  }

  std::filesystem::path dir;
  std::unique_ptr<store::Store> store;
  std::unique_ptr<core::EventRouter> router;
  FakeConnector woo{"woo", "woocommerce"}, erp{"erp", "tryton"};
  core::Systems systems;
  std::mutex log_mutex;
  std::vector<std::string> lines;
  core::Logger log{[this](std::string_view line) {
    std::lock_guard lock(log_mutex);
    lines.emplace_back(line);
  }, core::Level::kDebug};
  core::Metrics metrics;
  std::unique_ptr<core::SyncEngine> engine;
  core::Routed last_routed;
};

}  // namespace syncloom::test
