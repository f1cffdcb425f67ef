// Store suite: workflow instances (sequences per key, checkpoints under the lease, filters) and buffered awaits.
#include "store_suite.hpp"

using namespace syncloom::store;
using namespace syncloom::store::testing;

namespace {

WorkflowInstance instance(const std::string& key, WorkflowStatus status, int step, const std::string& step_name) {
  WorkflowInstance w;
  w.workflow = "returns";
  w.key = key;
  w.status = status;
  w.step = step;
  w.step_name = step_name;
  w.records = R"({"start":{"id":)" + key + "}}";
  w.checkpoints = "[]";
  w.correlation_id = "corr-" + key;
  return w;
}

}  // namespace

TEST_CASE("workflow instances are numbered per key and saved under the running item's lease", "[store][workflow]") {
  ManualClock clock;
  auto store = make_test_store(clock.clock());
  accept_one_item(*store, order_event("727", "v1"));
  WorkItem item = claim_one(*store);

  auto first = must(store->save_workflow(item.id, item.generation, instance("727", WorkflowStatus::kRunning, 0, "refund")));
  REQUIRE(first.has_value());
  WorkflowInstance second_in = instance("727", WorkflowStatus::kAwaiting, 1, "receive");
  second_in.deadline = clock.now() + 60'000;
  auto second = must(store->save_workflow(item.id, item.generation, second_in));
  REQUIRE(second.has_value());
  CHECK(*second != *first);

  auto all = must(store->workflow_instances({.workflow = "returns", .key = "727"}));
  REQUIRE(all.size() == 2);
  CHECK(all[0].sequence == 1);
  CHECK(all[1].sequence == 2);
  CHECK(all[0].started_at == clock.now());
  CHECK(all[0].work_id == item.id);
  CHECK(all[1].records == R"({"start":{"id":727}})");

  // A checkpoint updates the instance in place.
  clock.advance(1000);
  WorkflowInstance done = all[0];
  done.status = WorkflowStatus::kDone;
  done.step = 2;
  done.step_name = "";
  done.checkpoints = R"([{"step":"refund","outcome":"written"}])";
  REQUIRE(must(store->save_workflow(item.id, item.generation, done)) == std::optional<std::int64_t>(*first));
  auto reread = must(store->workflow_instances({.id = *first}));
  REQUIRE(reread.size() == 1);
  CHECK(reread[0].status == WorkflowStatus::kDone);
  CHECK(reread[0].checkpoints == done.checkpoints);
  CHECK(reread[0].updated_at == clock.now());
  CHECK(reread[0].started_at == clock.now() - 1000);

  // Filters: awaiting at a step, due by a time, newest first, by the item that ran it.
  CHECK(must(store->workflow_instances({.status = WorkflowStatus::kAwaiting, .step = 1})).size() == 1);
  CHECK(must(store->workflow_instances({.status = WorkflowStatus::kAwaiting, .step = 0})).empty());
  CHECK(must(store->workflow_instances({.due_before = clock.now()})).empty());
  CHECK(must(store->workflow_instances({.due_before = clock.now() + 60'000})).size() == 1);
  CHECK(must(store->workflow_instances({.newest_first = true, .limit = 1}))[0].id == *second);
  CHECK(must(store->workflow_instances({.work_id = item.id})).size() == 2);
  CHECK(must(store->workflow_instances({.key = "728"})).empty());
}

TEST_CASE("a worker that lost its item cannot checkpoint or buffer", "[store][workflow]") {
  ManualClock clock;
  auto store = make_test_store(clock.clock());
  accept_one_item(*store, order_event("727", "v1"));
  WorkItem stale = claim_one(*store, "worker-1", 1000);
  clock.advance(2000);  // the lease expires; another worker takes the item over
  WorkItem taken = claim_one(*store, "worker-2");
  CHECK_FALSE(must(store->save_workflow(stale.id, stale.generation, instance("727", WorkflowStatus::kRunning, 0, "a"))));
  CHECK_FALSE(must(store->buffer_await(stale.id, stale.generation, {.workflow = "returns", .key = "727"})));
  CHECK(must(store->workflow_instances({})).empty());
  CHECK(must(store->save_workflow(taken.id, taken.generation, instance("727", WorkflowStatus::kRunning, 0, "a"))));
}

TEST_CASE("buffered awaits wait per key and step, and a checkpoint consumes one", "[store][workflow]") {
  ManualClock clock;
  auto store = make_test_store(clock.clock());
  accept_one_item(*store, order_event("727", "v1"));
  WorkItem item = claim_one(*store);
  BufferedAwait refund{.workflow = "returns", .key = "727", .step = 0, .await = 0, .event_id = item.event_id,
                       .payload = R"({"id":9,"parent_id":727})", .correlation_id = "corr-r9"};
  auto first = must(store->buffer_await(item.id, item.generation, refund));
  refund.payload = R"({"id":10,"parent_id":727})";
  auto second = must(store->buffer_await(item.id, item.generation, refund));
  REQUIRE(first);
  REQUIRE(second);
  CHECK(must(store->buffered_awaits("returns", "727", 1)).empty());
  CHECK(must(store->buffered_awaits("returns", "728", 0)).empty());
  auto waiting = must(store->buffered_awaits("returns", "727", 0));
  REQUIRE(waiting.size() == 2);
  CHECK(waiting[0].id == *first);
  CHECK(waiting[0].payload == R"({"id":9,"parent_id":727})");
  CHECK(waiting[0].correlation_id == "corr-r9");
  CHECK(waiting[0].received_at == clock.now());

  REQUIRE(must(store->save_workflow(item.id, item.generation, instance("727", WorkflowStatus::kRunning, 1, "b"), *first)));
  waiting = must(store->buffered_awaits("returns", "727", 0));
  REQUIRE(waiting.size() == 1);
  CHECK(waiting[0].id == *second);
}
