// Store suite: the inbox (dedupe by scope and key, counted duplicates), batches, bad events, extra work.
#include <condition_variable>
#include <future>
#include <mutex>

#include "store_suite.hpp"

using namespace syncloom::store;
using namespace syncloom::store::testing;

TEST_CASE("an accepted event is stored once with its work item; a duplicate is counted, not stored", "[store][intake]") {
  ManualClock clock;
  auto store = make_test_store(clock.clock());
  Accepted first = must(store->accept(order_event("1001", "order:1001:2026-01-01T10:00:00")));
  CHECK_FALSE(first.duplicate);
  REQUIRE(first.work_ids.size() == 1);

  Accepted again = must(store->accept(order_event("1001", "order:1001:2026-01-01T10:00:00")));
  CHECK(again.duplicate);
  CHECK(again.event_id == first.event_id);
  CHECK(again.work_ids.empty());

  auto intake = must(store->intake_status());
  REQUIRE(intake.size() == 1);
  CHECK(intake[0].dedupe_scope == "orders");
  CHECK(intake[0].received == 1);
  CHECK(intake[0].duplicates == 1);
  auto status = must(store->domain_status());
  REQUIRE(status.size() == 1);
  CHECK(status[0].pending == 1);  // the duplicate made no second work item
}

TEST_CASE("dedupe is per scope: the same key in another domain is a new event", "[store][intake]") {
  ManualClock clock;
  auto store = make_test_store(clock.clock());
  Event order = order_event("7", "same-key");
  Event customer = order_event("7", "same-key");
  customer.dedupe_scope = "customers";
  customer.work[0].domain = "customers";
  CHECK_FALSE(must(store->accept(order)).duplicate);
  CHECK_FALSE(must(store->accept(customer)).duplicate);
  CHECK(must(store->accept(customer)).duplicate);
}

TEST_CASE("a new modification of the same record is a new event", "[store][intake]") {
  ManualClock clock;
  auto store = make_test_store(clock.clock());
  accept_one_item(*store, order_event("1", "order:1:t1"));
  accept_one_item(*store, order_event("1", "order:1:t2"));
  auto status = must(store->domain_status());
  REQUIRE(status.size() == 1);
  CHECK(status[0].pending == 2);
}

TEST_CASE("an event without a dedupe key or with an empty work key is refused, naming the event", "[store][intake]") {
  ManualClock clock;
  auto store = make_test_store(clock.clock());
  Event no_key = order_event("5", "");
  auto refused = store->accept(no_key);
  REQUIRE_FALSE(refused.ok());
  CHECK(refused.error().code == ErrorCode::kInvalidArgument);
  CHECK_THAT(refused.error().message, Catch::Contains("dedupe key is empty") && Catch::Contains("order 5"));

  Event no_work_key = order_event("6", "k6");
  no_work_key.work[0].key.clear();
  CHECK(store->accept(no_work_key).error().code == ErrorCode::kInvalidArgument);
  CHECK(must(store->intake_status()).empty());  // nothing of a refused event is stored
}

TEST_CASE("a batch answers each event in order; a bad event fails alone", "[store][intake]") {
  ManualClock clock;
  auto store = make_test_store(clock.clock());
  std::vector<Event> events = {order_event("1", "a"), order_event("2", ""), order_event("3", "c"), order_event("1", "a")};
  auto answers = store->accept_batch(events);
  REQUIRE(answers.size() == 4);
  REQUIRE(answers[0].ok());
  CHECK_FALSE(answers[0]->duplicate);
  CHECK(answers[1].error().code == ErrorCode::kInvalidArgument);
  REQUIRE(answers[2].ok());
  CHECK_FALSE(answers[2]->duplicate);
  REQUIRE(answers[3].ok());
  CHECK(answers[3]->duplicate);  // a duplicate of an earlier event of the same batch
  CHECK(answers[3]->event_id == answers[0]->event_id);
}

TEST_CASE("an event may create work for several domains, and enqueue adds more later", "[store][intake]") {
  ManualClock clock;
  auto store = make_test_store(clock.clock());
  Event event = order_event("9", "k9");
  event.work.push_back({.domain = "customers", .key = "guest:ann@example.com"});
  Accepted accepted = must(store->accept(event));
  REQUIRE(accepted.work_ids.size() == 2);
  std::int64_t extra = must(store->enqueue(accepted.event_id, {.domain = "stock", .key = "SKU-1"}));
  WorkItem item = must(store->work_item(extra));
  CHECK(item.domain == "stock");
  CHECK(item.event_id == accepted.event_id);
  CHECK(item.payload == event.payload);  // the event's payload
  CHECK(item.correlation_id == "corr-k9");
  CHECK(store->enqueue(424242, {.domain = "stock", .key = "x"}).error().code == ErrorCode::kNotFound);
}

TEST_CASE("accept_async answers each event once it is durable, from one thread submitting many", "[store][intake]") {
  ManualClock clock;
  auto store = make_test_store(clock.clock());
  constexpr int kEvents = 300;
  std::mutex mutex;
  std::condition_variable all_done;
  std::vector<std::optional<Result<Accepted>>> answers(kEvents);
  int answered = 0;
  // One submitting thread, no waiting per event: every third event repeats an earlier one's dedupe key.
  for (int i = 0; i < kEvents; ++i) {
    int source = i % 3 == 2 ? i - 1 : i;
    store->accept_async(order_event(std::to_string(2000 + source), "order:" + std::to_string(2000 + source) + ":t"),
                        [&, i](Result<Accepted> answer) {
                          std::lock_guard lock(mutex);
                          answers[static_cast<size_t>(i)] = std::move(answer);
                          if (++answered == kEvents) all_done.notify_one();
                        });
  }
  {
    std::unique_lock lock(mutex);
    REQUIRE(all_done.wait_for(lock, std::chrono::seconds(60), [&] { return answered == kEvents; }));
  }
  int duplicates = 0;
  for (int i = 0; i < kEvents; ++i) {
    REQUIRE(answers[static_cast<size_t>(i)]);
    REQUIRE(answers[static_cast<size_t>(i)]->ok());
    const Accepted& a = answers[static_cast<size_t>(i)]->value();
    CHECK(a.duplicate == (i % 3 == 2));
    if (a.duplicate) {
      ++duplicates;
      CHECK(a.event_id == answers[static_cast<size_t>(i - 1)]->value().event_id);
    } else {
      CHECK(a.work_ids.size() == 1);
    }
  }
  CHECK(duplicates == kEvents / 3);
  // Durable and visible once answered: the status counts them all.
  auto status = must(store->domain_status());
  REQUIRE(status.size() == 1);
  CHECK(status[0].pending == kEvents - kEvents / 3);
  // A refused event is answered with its error, not dropped.
  Event bad = order_event("9", "");
  std::promise<Result<Accepted>> refused;
  store->accept_async(bad, [&](Result<Accepted> answer) { refused.set_value(std::move(answer)); });
  auto future = refused.get_future();
  REQUIRE(future.wait_for(std::chrono::seconds(30)) == std::future_status::ready);
  CHECK_FALSE(future.get().ok());
}
