// The store test suite's shared pieces: the factory each backend provides, a hand-moved clock, event builders.
//
// The suite (suite_*_test.cpp) is written against syncloom::store::Store alone. A backend's test executable
// links it with one file defining make_test_store() (sqlite_factory.cpp; postgres_factory.cpp in issue 11).
#pragma once
#include <catch2/catch.hpp>

#include <atomic>
#include <memory>
#include <string>

#include "syncloom/store/store.hpp"

namespace syncloom::store::testing {

/// A clock the test moves by hand: leases expire and retries come due without sleeping.
class ManualClock {
 public:
  Clock clock() const {
    auto now = now_;
    return [now] { return now->load(); };
  }
  TimeMs now() const { return now_->load(); }
  void advance(TimeMs ms) { now_->fetch_add(ms); }

 private:
  std::shared_ptr<std::atomic<TimeMs>> now_ = std::make_shared<std::atomic<TimeMs>>(1'767'225'600'000);  // 2026-01-01
};

/// A fresh, empty store of the backend under test, reading time from `clock`.
std::unique_ptr<Store> make_test_store(const Clock& clock);

/// The answer's value, or the test fails with the store's message.
template <class T>
T must(Result<T> result) {
  if (!result.ok()) FAIL("store error (" << error_code_name(result.error().code) << "): " << result.error().message);
  return std::move(result).value();
}

inline void must_ok(const Status& status) {
  if (!status.ok()) FAIL("store error (" << error_code_name(status.error().code) << "): " << status.error().message);
}

/// A WooCommerce order webhook for order `id`, deduplicated by (orders, dedupe), creating one work item
/// of domain "orders" keyed by the order id.
inline Event order_event(const std::string& id, const std::string& dedupe, bool full_state = true) {
  Event event;
  event.system = "woocommerce";
  event.topic = "order.updated";
  event.record = "order";
  event.source_id = id;
  event.dedupe_scope = "orders";
  event.dedupe_key = dedupe;
  event.payload = R"({"id":)" + id + R"(,"total":"12.30","v":")" + dedupe + R"("})";
  event.correlation_id = "corr-" + dedupe;
  event.work.push_back({.domain = "orders", .key = id, .full_state = full_state});
  return event;
}

/// Accepts `event` and answers its single new work item's id.
inline std::int64_t accept_one_item(Store& store, const Event& event) {
  Accepted accepted = must(store.accept(event));
  REQUIRE_FALSE(accepted.duplicate);
  REQUIRE(accepted.work_ids.size() == 1);
  return accepted.work_ids[0];
}

/// Claims exactly one item (for `owner`) and answers it.
inline WorkItem claim_one(Store& store, const std::string& owner = "worker-1", TimeMs lease_ms = 30'000) {
  auto items = must(store.claim({.owner = owner, .lease_ms = lease_ms, .limit = 1}));
  REQUIRE(items.size() == 1);
  return items[0];
}

}  // namespace syncloom::store::testing
