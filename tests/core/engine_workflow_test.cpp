// Durable workflows on the engine: an order's refund starts an instance, the refund record (polled) resumes it
// and becomes an ERP return sale reading both records, the return shipment's completion finishes it; awaited
// events that come first wait in the buffer; checks, timeouts and refused writes fail the instance into the
// dead-letter queue; a retried step writes once (docs/runtime.md, "Workflows").
#include "engine_fixture.hpp"
#include "syncloom/wire/value.hpp"

namespace syncloom::test {
namespace {

constexpr const char* kWorkflowMapping = R"(mapping workflow_test version 1

system woo: woocommerce
system erp: tryton

workflow returns {
  start on woo "order.updated" when changed(refunds) and len(refunds) > 0
  key id
  retry 3 backoff 100ms..200ms then dead_letter
  step refund {
    check status in ["processing", "completed", "refunded"] else "only paid orders are returned"
    await woo "refund.created" by parent_id when id in start.refunds.id timeout 1s
    flow woo.refund -> erp.salesOrder {
      reference   = "WOO-R-" + string(start.id) + "-" + string(id)
      description = "Refund of order #" + start.number + ": " + reason
      party       = 7
    }
  }
  step receive {
    await erp "returnOrder.done" by regex_capture(sale_reference ?? "", "^WOO-R-(?<order>[0-9]+)-[0-9]+$").order
        timeout 1s
  }
}
)";

std::shared_ptr<const Mapping> workflow_mapping() {
  static std::shared_ptr<const Mapping> mapping = [] {
    CompileResult compiled = compile_source("workflow_test.loom", kWorkflowMapping);
    INFO(compiled.diagnostics);
    REQUIRE(compiled.mapping);
    return compiled.mapping;
  }();
  return mapping;
}

std::string order(int id, const std::string& status, const std::vector<int>& refunds, const std::string& modified) {
  std::string list;
  for (int r : refunds)
    list += std::string(list.empty() ? "" : ",") + R"({"id":)" + std::to_string(r) + R"(,"reason":"","total":"-5.00"})";
  return R"({"id":)" + std::to_string(id) + R"(,"number":")" + std::to_string(id) + R"(","status":")" + status +
         R"(","date_modified_gmt":")" + modified + R"(","refunds":[)" + list + "]}";
}

std::string refund(int id, int order_id, const std::string& reason = "damaged") {
  return R"({"id":)" + std::to_string(id) + R"(,"parent_id":)" + std::to_string(order_id) + R"(,"amount":"5.00","reason":")" +
         reason + R"(","date_created_gmt":"2026-12-01T10:00:00","line_items":[]})";
}

std::string return_shipment(int id, const std::string& sale_reference) {
  return R"({"id":)" + std::to_string(id) + R"(,"state":"done","sale_reference":")" + sale_reference + R"("})";
}

struct WorkflowWorld : EngineWorld {
  WorkflowWorld() : EngineWorld(fast_options(), workflow_mapping()) { engine->start(); }
  ~WorkflowWorld() { engine->stop(std::chrono::seconds(2)); }

  std::vector<store::WorkflowInstance> instances(const std::string& key = "727") {
    auto found = store->workflow_instances({.workflow = "returns", .key = key});
    REQUIRE(found.ok());
    return *found;
  }
  std::vector<std::string> outcomes(const store::WorkflowInstance& w) {
    auto parsed = wire::parse(w.checkpoints);
    REQUIRE(parsed.value);
    std::vector<std::string> out;
    for (const wire::Value& c : parsed.value->items()) out.push_back(c.at("step").text() + ":" + c.at("outcome").text());
    return out;
  }
};

TEST_CASE("a refund runs the returns workflow to its end, each step checkpointed", "[engine][workflow]") {
  WorkflowWorld w;
  CHECK(w.sync("woo", "order.updated", "727", order(727, "completed", {}, "2026-12-01T09:00:00"), "o1").outcome ==
        "filtered");  // no refund yet
  CHECK(w.instances().empty());

  store::WorkItem started = w.sync("woo", "order.updated", "727", order(727, "completed", {9}, "2026-12-01T10:00:00"), "o2");
  CHECK(started.outcome == "awaiting");
  auto now = w.instances();
  REQUIRE(now.size() == 1);
  CHECK(now[0].status == store::WorkflowStatus::kAwaiting);
  CHECK(now[0].step_name == "refund");
  CHECK(now[0].sequence == 1);
  CHECK(now[0].deadline > 0);

  // The refund (polled) resumes it: the return sale reads the refund and the order that started it.
  CHECK(w.sync("woo", "refund.created", "9", refund(9, 727), "r9").outcome == "awaiting");
  auto sales = w.erp.records("salesOrder");
  REQUIRE(sales.size() == 1);
  auto sale = nlohmann::json::parse(sales[0].json);
  CHECK(sale["reference"] == "WOO-R-727-9");
  CHECK(sale["description"] == "Refund of order #727: damaged");
  now = w.instances();
  CHECK(now[0].step_name == "receive");

  // The return shipment of another order is not this instance's.
  CHECK(w.sync("erp", "returnOrder.done", "50", return_shipment(50, "WOO-R-728-3"), "s50").outcome == "buffered");
  CHECK(w.instances()[0].status == store::WorkflowStatus::kAwaiting);
  CHECK(w.sync("erp", "returnOrder.done", "51", return_shipment(51, "WOO-R-727-9"), "s51").outcome == "done");
  now = w.instances();
  CHECK(now[0].status == store::WorkflowStatus::kDone);
  CHECK(w.outcomes(now[0]) == std::vector<std::string>{"refund:started", "refund:awaiting", "refund:received",
                                                       "refund:written", "refund:done", "receive:awaiting",
                                                       "receive:received", "receive:done"});
  CHECK(w.erp.writes().size() == 1);

  // The same order again, with the same refunds: changed(refunds) is false, no second instance.
  CHECK(w.sync("woo", "order.updated", "727", order(727, "refunded", {9}, "2026-12-01T11:00:00"), "o3").outcome == "filtered");
  CHECK(w.instances().size() == 1);
  // A second refund starts a second instance of the key.
  CHECK(w.sync("woo", "order.updated", "727", order(727, "refunded", {10, 9}, "2026-12-01T12:00:00"), "o4").outcome ==
        "awaiting");
  CHECK(w.instances().size() == 2);
  CHECK(w.instances()[1].sequence == 2);
}

TEST_CASE("an awaited record that comes before its instance waits in the buffer", "[engine][workflow]") {
  WorkflowWorld w;
  CHECK(w.sync("woo", "refund.created", "9", refund(9, 727), "r9").outcome == "buffered");
  CHECK(w.erp.writes().empty());
  CHECK(w.sync("woo", "order.updated", "727", order(727, "processing", {9}, "2026-12-01T10:00:00"), "o1").outcome ==
        "awaiting");
  auto now = w.instances();
  REQUIRE(now.size() == 1);
  CHECK(now[0].step_name == "receive");  // the buffered refund was taken at once
  CHECK(w.erp.records("salesOrder").size() == 1);
  auto left = w.store->buffered_awaits("returns", "727", 0);
  REQUIRE(left.ok());
  CHECK(left->empty());
}

TEST_CASE("a failing check and a timed-out await go to the dead-letter queue with their reasons", "[engine][workflow]") {
  WorkflowWorld w;
  CHECK(w.sync("woo", "order.updated", "801", order(801, "pending", {1}, "2026-12-01T10:00:00"), "o1").state ==
        store::WorkState::kDead);
  auto failed = w.instances("801");
  REQUIRE(failed.size() == 1);
  CHECK(failed[0].status == store::WorkflowStatus::kFailed);
  auto dead = w.dead_letters();
  REQUIRE(dead.size() == 1);
  CHECK(dead[0].reason == "workflow check");
  CHECK_THAT(dead[0].error, Catch::Contains("only paid orders are returned") && Catch::Contains("step refund"));

  // Nothing comes for the refund within its 1 s: the scheduler's timer fails the wait.
  w.sync("woo", "order.updated", "802", order(802, "processing", {2}, "2026-12-01T10:00:00"), "o2");
  std::this_thread::sleep_for(std::chrono::milliseconds(1100));
  CHECK(core::fire_workflow_timeouts(*w.router, *w.store, w.metrics, w.log, store::system_clock_ms()) == 1);
  CHECK(core::fire_workflow_timeouts(*w.router, *w.store, w.metrics, w.log, store::system_clock_ms()) == 0);  // once
  w.engine->wake();
  REQUIRE(eventually([&] { return w.dead_letters().size() == 2; }));
  auto timed_out = w.dead_letters()[1];
  CHECK(timed_out.reason == "workflow timeout");
  CHECK_THAT(timed_out.error, Catch::Contains("woo \"refund.created\"") && Catch::Contains("step refund"));
  CHECK_THAT(timed_out.payload, Catch::Contains("\"records\"") && Catch::Contains("\"id\":802"));
  CHECK(w.instances("802")[0].status == store::WorkflowStatus::kFailed);
  // The refund that comes too late finds no instance waiting: it waits in the buffer for the next one.
  CHECK(w.sync("woo", "refund.created", "2", refund(2, 802), "r2").outcome == "buffered");
}

TEST_CASE("a step whose write fails is retried and writes once; a refused write fails the instance", "[engine][workflow]") {
  WorkflowWorld w;
  w.erp.script("salesOrder", {cx::Outcome::retryable("timeout")});
  w.sync("woo", "order.updated", "727", order(727, "processing", {9}, "2026-12-01T10:00:00"), "o1");
  auto work = w.deliver("woo", "refund.created", "9", refund(9, 727), "r9");
  REQUIRE(eventually([&] { return w.finished(work[0]); }));
  CHECK(w.item(work[0]).outcome == "awaiting");
  CHECK(w.item(work[0]).attempt == 2);
  CHECK(w.erp.records("salesOrder").size() == 1);
  CHECK(w.instances()[0].step_name == "receive");

  w.erp.fail_always("salesOrder", cx::Outcome::permanent("party 7 is inactive", "validation", "party"));
  w.sync("woo", "order.updated", "728", order(728, "processing", {11}, "2026-12-01T10:00:00"), "o2");
  CHECK(w.sync("woo", "refund.created", "11", refund(11, 728), "r11").state == store::WorkState::kDead);
  CHECK(w.instances("728")[0].status == store::WorkflowStatus::kFailed);
  auto dead = w.dead_letters();
  REQUIRE(dead.size() == 1);
  CHECK(dead[0].reason == "permanent");
  CHECK_THAT(dead[0].error, Catch::Contains("party 7 is inactive"));
}

}  // namespace
}  // namespace syncloom::test
