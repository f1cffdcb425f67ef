// The service's reconcile passes: a mapping's `reconcile every 1h on FIELD` fires at start and then hourly
// by the clock, repairs what drifted and records the pass in the store and metrics; a system that is down
// gives the fire back and is retried in half a minute; of two schedulers sharing a store, one runs a fire;
// passes asked for run on the thread and answer with their record.
#include <memory>

#include "engine_fixture.hpp"
#include "syncloom/core/reconcile_schedule.hpp"

using namespace syncloom;
using namespace syncloom::test;

namespace {

constexpr const char* kScheduledMapping = R"(mapping recon_schedule version 1

system woo: woocommerce
system erp: tryton

domain inventory {
  owner erp
  key erp.inventoryItem.code <-> woo.product.sku
  sync event on erp "inventoryItem.changed"
  reconcile every 1h on stock_quantity
  flow erp.inventoryItem -> woo.product update {
    regular_price  = list_price
    stock_quantity = max(0, int(forecast_quantity) ?? 0)
  }
}
)";

std::shared_ptr<const Mapping> scheduled_mapping() {
  static std::shared_ptr<const Mapping> mapping = [] {
    CompileResult compiled = compile_source("recon_schedule.loom", kScheduledMapping);
    INFO(compiled.diagnostics);
    REQUIRE(compiled.mapping);
    return compiled.mapping;
  }();
  return mapping;
}

std::string item(int id, const std::string& code, const std::string& price, int forecast) {
  return R"({"id":)" + std::to_string(id) + R"(,"code":")" + code + R"(","list_price":")" + price +
         R"(","forecast_quantity":)" + std::to_string(forecast) + ".0}";
}

std::string product(int id, const std::string& sku, const std::string& price, int stock) {
  return R"({"id":)" + std::to_string(id) + R"(,"sku":")" + sku + R"(","regular_price":")" + price +
         R"(","stock_quantity":)" + std::to_string(stock) + "}";
}

struct Clock {
  std::shared_ptr<std::atomic<store::TimeMs>> now = std::make_shared<std::atomic<store::TimeMs>>(1'767'225'600'000);
  store::Clock fn() const {
    return [n = now] { return n->load(); };
  }
  void advance(store::TimeMs ms) { now->fetch_add(ms); }
};

nlohmann::json last_pass(store::Store& store) {
  auto saved = store.cursor("reconcile", "inventory");
  REQUIRE(saved.ok());
  REQUIRE(saved->has_value());
  return nlohmann::json::parse(**saved);
}

bool all_done(store::Store& store) {
  auto status = store.domain_status();
  REQUIRE(status.ok());
  for (const auto& d : *status)
    if (d.pending + d.running + d.waiting > 0) return false;
  return true;
}

}  // namespace

TEST_CASE("reconcile schedule: fires at start, repairs the drift, records the pass, then waits its hour",
          "[core][reconcile]") {
  EngineWorld w(EngineWorld::fast_options(), scheduled_mapping());
  w.engine->start();
  w.erp.put("inventoryItem", "1", item(1, "A1", "10.00", 7));
  w.woo.put("product", "101", product(101, "A1", "10.00", 3));   // stock drifted
  w.erp.put("inventoryItem", "2", item(2, "B2", "20.00", 4));
  w.woo.put("product", "102", product(102, "B2", "99.00", 4));   // the price differs: not reconciled here
  Clock clock;
  core::ReconcileScheduler passes(*w.router, *w.store, w.systems, w.log, w.metrics,
                                  {.repair = true, .clock = clock.fn(), .wake = [&] { w.engine->wake(); }});
  CHECK(passes.run_due() == 1);
  nlohmann::json first = last_pass(*w.store);
  CHECK(first["trigger"] == "schedule");
  CHECK(first["result"] == "drift");
  CHECK(first["repair"] == true);
  CHECK(first["started_at"] == "2026-01-01T00:00:00Z");
  CHECK(first["report"]["drifted"] == 1);
  CHECK(first["report"]["by_field"] == nlohmann::json{{"stock_quantity", 1}});
  CHECK(first["report"]["repairs_queued"] == 1);
  CHECK(w.metrics.counter("syncloom_reconcile_runs_total", "", {{"domain", "inventory"}, {"result", "drift"}}).value() == 1);
  CHECK(w.metrics.gauge("syncloom_reconcile_drift_records", "", {{"domain", "inventory"}, {"kind", "changed"}}).value() == 1);
  CHECK(w.metrics.counter("syncloom_reconcile_repairs_total", "", {{"domain", "inventory"}}).value() == 1);
  REQUIRE(eventually([&] { return all_done(*w.store); }));

  // Not due again before the hour is up, by the scheduler's clock.
  clock.advance(3'599'000);
  CHECK(passes.run_due() == 0);
  clock.advance(1'000);
  CHECK(passes.run_due() == 1);
  nlohmann::json second = last_pass(*w.store);
  CHECK(second["result"] == "clean");
  CHECK(second["report"]["drift_total"] == 0);
  CHECK(w.metrics.gauge("syncloom_reconcile_drift_records", "", {{"domain", "inventory"}, {"kind", "changed"}}).value() == 0);

  nlohmann::json status = nlohmann::json::parse(passes.status_json("inventory"));
  CHECK(status["running"] == false);
  REQUIRE(status["schedules"].size() == 1);
  CHECK(status["schedules"][0]["schedule"] == "1h");
  CHECK(status["schedules"][0]["fields"] == nlohmann::json{"stock_quantity"});
  CHECK(status["schedules"][0]["next_fire"] == "2026-01-01T02:00:00Z");
  CHECK(status["last"]["result"] == "clean");
}

TEST_CASE("reconcile schedule: a system that is down gives the fire back, retried after half a minute",
          "[core][reconcile]") {
  EngineWorld w(EngineWorld::fast_options(), scheduled_mapping());
  w.erp.put("inventoryItem", "1", item(1, "A1", "10.00", 7));
  w.woo.put("product", "101", product(101, "A1", "10.00", 7));
  Clock clock;
  core::ReconcileScheduler passes(*w.router, *w.store, w.systems, w.log, w.metrics, {.clock = clock.fn()});
  w.erp.failing_lists = 1;
  CHECK(passes.run_due() == 1);
  nlohmann::json failed = last_pass(*w.store);
  CHECK(failed["result"] == "failed");
  CHECK(failed["error"].get<std::string>().find("connection refused") != std::string::npos);
  CHECK(w.metrics.counter("syncloom_reconcile_runs_total", "", {{"domain", "inventory"}, {"result", "failed"}}).value() == 1);
  clock.advance(29'000);
  CHECK(passes.run_due() == 0);  // this worker waits before trying again
  clock.advance(1'000);
  CHECK(passes.run_due() == 1);  // and the fire was given back, so it is due
  CHECK(last_pass(*w.store)["result"] == "clean");
}

TEST_CASE("reconcile schedule: of two schedulers sharing a store, one runs each fire", "[core][reconcile]") {
  EngineWorld w(EngineWorld::fast_options(), scheduled_mapping());
  w.erp.put("inventoryItem", "1", item(1, "A1", "10.00", 7));
  Clock clock;
  core::ReconcileScheduler a(*w.router, *w.store, w.systems, w.log, w.metrics, {.clock = clock.fn()});
  core::ReconcileScheduler b(*w.router, *w.store, w.systems, w.log, w.metrics, {.clock = clock.fn()});
  CHECK(a.run_due() + b.run_due() == 1);
  clock.advance(3'600'000);
  CHECK(b.run_due() + a.run_due() == 1);
}

TEST_CASE("reconcile schedule: a pass asked for runs on the thread and answers with its record; report only",
          "[core][reconcile]") {
  EngineWorld w(EngineWorld::fast_options(), scheduled_mapping());
  w.erp.put("inventoryItem", "1", item(1, "A1", "10.00", 7));
  w.woo.put("product", "101", product(101, "A1", "12.00", 7));
  core::ReconcileScheduler passes(*w.router, *w.store, w.systems, w.log, w.metrics, {.scheduled = false});
  CHECK(passes.request("nope", false) == core::ReconcileRequest::kUnknownDomain);
  std::mutex m;
  std::vector<std::string> answers;
  auto done = [&](const std::string& json) {
    std::lock_guard lock(m);
    answers.push_back(json);
  };
  CHECK(passes.request("inventory", false, done) == core::ReconcileRequest::kQueued);
  CHECK(passes.request("inventory", false, done) == core::ReconcileRequest::kAlreadyQueued);  // joins it
  CHECK(nlohmann::json::parse(passes.status_json("inventory"))["queued"] == true);
  passes.start();
  REQUIRE(eventually([&] {
    std::lock_guard lock(m);
    return answers.size() == 2;
  }));
  passes.stop();
  CHECK(answers[0] == answers[1]);
  nlohmann::json pass = nlohmann::json::parse(answers[0]);
  CHECK(pass["trigger"] == "admin");
  CHECK(pass["repair"] == false);
  // Asked for without `on`: the domain's clauses decide the fields, so the price is not compared.
  CHECK(pass["result"] == "clean");
  CHECK(pass["report"]["compared"] == 1);
  // With the schedules off, nothing fired by itself.
  CHECK_FALSE(w.store->cursor("schedule", "inventory#reconcile#0").value().has_value());
}

TEST_CASE("reconcile schedule: requests still queued at stop are answered as not run", "[core][reconcile]") {
  EngineWorld w(EngineWorld::fast_options(), scheduled_mapping());
  core::ReconcileScheduler passes(*w.router, *w.store, w.systems, w.log, w.metrics, {.scheduled = false});
  std::string answer;
  passes.request("inventory", true, [&](const std::string& json) { answer = json; });
  passes.stop();  // never started: the request never ran
  CHECK(nlohmann::json::parse(answer)["result"] == "not_run");
}
