// Store suite: concurrent acceptance (group commit) gives every caller its own answer, durable on return.
#include <map>
#include <mutex>
#include <thread>

#include "store_suite.hpp"

using namespace syncloom::store;
using namespace syncloom::store::testing;

TEST_CASE("concurrent callers each get their own answer: inserted, refused, or a duplicate naming the first copy", "[store][group]") {
  auto store = make_test_store(system_clock_ms);
  constexpr int kThreads = 32;
  constexpr int kPerThread = 20;
  // Thread t accepts keys t*kPerThread .. +kPerThread, then every key of thread (t+1) % kThreads again,
  // so duplicates race with their first copies.
  std::mutex mutex;
  std::map<std::string, std::vector<Accepted>> answers;
  std::vector<std::string> errors;
  auto caller = [&](int t) {
    auto accept = [&](int n) {
      std::string key = "k" + std::to_string(n);
      auto answer = store->accept(order_event(std::to_string(n), key));
      std::lock_guard lock(mutex);
      if (!answer.ok()) {
        errors.push_back(answer.error().message);
      } else {
        answers[key].push_back(*answer);
      }
    };
    for (int i = 0; i < kPerThread; ++i) {
      accept(t * kPerThread + i);
      if (i == kPerThread / 2) {  // a bad event shares a batch with good ones and fails alone
        auto refused = store->accept(order_event("bad", ""));
        std::lock_guard lock(mutex);
        if (refused.ok() || refused.error().code != ErrorCode::kInvalidArgument) errors.push_back("a keyless event was not refused");
      }
    }
    for (int i = 0; i < kPerThread; ++i) accept(((t + 1) % kThreads) * kPerThread + i);
  };
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) threads.emplace_back(caller, t);
  for (auto& thread : threads) thread.join();

  REQUIRE(errors.empty());
  REQUIRE(answers.size() == kThreads * kPerThread);
  std::map<std::int64_t, std::string> key_of_event;
  for (const auto& [key, copies] : answers) {
    INFO("key " << key);
    REQUIRE(copies.size() == 2);
    int inserted = 0;
    for (const Accepted& copy : copies) inserted += copy.duplicate ? 0 : 1;
    CHECK(inserted == 1);  // exactly one copy was stored, whichever won
    CHECK(copies[0].event_id == copies[1].event_id);
    CHECK(key_of_event.emplace(copies[0].event_id, key).second);  // no two keys share an event
    const Accepted& stored = copies[0].duplicate ? copies[1] : copies[0];
    REQUIRE(stored.work_ids.size() == 1);
    CHECK(must(store->work_item(stored.work_ids[0])).key == key.substr(1));  // the caller's own item
  }
  auto intake = must(store->intake_status());
  REQUIRE(intake.size() == 1);
  CHECK(intake[0].received == kThreads * kPerThread);
  CHECK(intake[0].duplicates == kThreads * kPerThread);
}

TEST_CASE("work transitions from many threads share commits without mixing their answers", "[store][group]") {
  auto store = make_test_store(system_clock_ms);
  constexpr int kItems = 200;
  for (int i = 0; i < kItems; ++i) accept_one_item(*store, order_event(std::to_string(i), "k" + std::to_string(i)));
  auto items = must(store->claim({.owner = "w", .limit = kItems}));
  REQUIRE(items.size() == kItems);
  std::vector<std::thread> threads;
  std::atomic<int> applied{0};
  std::atomic<int> lost{0};
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&, t] {
      for (std::size_t i = static_cast<std::size_t>(t); i < items.size(); i += 8) {
        const WorkItem& item = items[i];
        Completion completion;
        completion.xref = Xref{.target_system = "tryton", .target_id = "SO-" + item.key};
        // Every other item is also completed with a stale generation, which must lose.
        if (i % 2 == 0 && store->complete(item.id, item.generation - 1, completion).value() == Transition::kLost) ++lost;
        if (store->complete(item.id, item.generation, completion).value() == Transition::kApplied) ++applied;
      }
    });
  }
  for (auto& thread : threads) thread.join();
  CHECK(applied == kItems);
  CHECK(lost == kItems / 2);
  for (const WorkItem& item : items) CHECK(must(store->xref("orders", item.key))->target_id == "SO-" + item.key);
}
