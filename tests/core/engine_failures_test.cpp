// SyncEngine failures: retryable outcomes back off inside the retry window then dead-letter with every
// attempt; throttling spends no attempt; permanent outcomes dead-letter at once; the circuit breaker.
#include "engine_fixture.hpp"

using syncloom::test::EngineWorld;
using namespace syncloom::test;
namespace core = syncloom::core;
namespace store = syncloom::store;
namespace connectors = syncloom::connectors;
using syncloom::RetryPolicy;
using syncloom::RetryWindow;
using syncloom::retry_window;
using Outcome = connectors::Outcome;

TEST_CASE("engine: retryable -> waiting inside the retry window, then dead after `attempts`, every attempt kept") {
  EngineWorld w;
  const RetryPolicy& policy = w.router->plan().domain("customers")->retry;
  REQUIRE(policy.attempts == 3);
  w.erp.fail_always("customer", Outcome::retryable("HTTP 502: connection refused upstream", "bad_gateway", 502));
  auto ids = w.deliver("woo", "customer.created", "1", customer_json(1, "a@x.com"), "c:1", "corr-retry-1");
  w.engine->start();

  // After the first failure: waiting, not before [now + min, now + min * 2] of retry 1.
  REQUIRE(eventually([&] { return w.item(ids.at(0)).state == store::WorkState::kWaiting; }));
  store::TimeMs observed = store::system_clock_ms();
  store::WorkItem waiting = w.item(ids[0]);
  CHECK(waiting.attempt == 1);
  RetryWindow window = retry_window(policy, 1);
  CHECK(waiting.not_before >= observed - 100 + window.min_ms - 50);
  CHECK(waiting.not_before <= observed + window.max_ms);
  CHECK(waiting.last_error.find("connection refused") != std::string::npos);

  REQUIRE(eventually([&] { return w.item(ids[0]).state == store::WorkState::kDead; }));
  store::WorkItem dead = w.item(ids[0]);
  CHECK(dead.attempt == 3);
  CHECK(w.erp.writes().size() == 3);
  auto attempts = w.store->attempts(ids[0]);
  REQUIRE(attempts.ok());
  REQUIRE(attempts->size() == 3);
  for (const auto& a : *attempts) {
    CHECK(a.system == "erp");
    CHECK(a.outcome == "retryable");
    CHECK(a.message.find("connection refused") != std::string::npos);
  }
  auto letters = w.dead_letters();
  REQUIRE(letters.size() == 1);
  CHECK(letters[0].work_id == ids[0]);
  CHECK(letters[0].reason == "retries exhausted");
  CHECK(letters[0].correlation_id == "corr-retry-1");
  CHECK(letters[0].error.find("after 3 attempts") != std::string::npos);
  CHECK(letters[0].payload == customer_json(1, "a@x.com"));
  auto shown = w.store->dead_letter(letters[0].id);
  REQUIRE(shown.ok());
  CHECK(shown->attempts.size() == 3);
}

TEST_CASE("engine: a system unreachable since the start (a restart into an outage) costs no attempt") {
  EngineWorld w;
  REQUIRE(w.router->plan().domain("customers")->retry.attempts == 3);
  w.erp.fail_always("customer", Outcome::retryable("connection refused", "connect"));
  auto ids = w.deliver("woo", "customer.created", "1", customer_json(1, "a@x.com"), "c:1");
  w.engine->start();
  // More tries than the policy's 3 attempts, and the item is still waiting, its attempts unspent.
  REQUIRE(eventually([&] { return w.erp.writes().size() >= 5; }, std::chrono::seconds(10)));
  CHECK(w.item(ids.at(0)).state != store::WorkState::kDead);
  CHECK(w.item(ids[0]).attempt <= 1);  // 1 while a try runs (claimed), 0 between tries
  CHECK(w.metrics.counter("syncloom_connector_unreachable_total", "", {{"system", "erp"}}).value() >= 5);
  // The system comes back: one attempt, synced; nothing in the dead-letter queue.
  w.erp.fail_always("customer", std::nullopt);
  REQUIRE(eventually([&] { return w.finished(ids[0]); }, std::chrono::seconds(6)));
  CHECK(w.item(ids[0]).state == store::WorkState::kDone);
  CHECK(w.item(ids[0]).attempt == 1);
  CHECK(w.dead_letters().empty());
}

TEST_CASE("engine: an unreachable system that was up just before costs the first failure one attempt, then none") {
  core::EngineOptions options = EngineWorld::fast_options();
  options.workers = 1;
  EngineWorld w(options);
  w.engine->start();
  REQUIRE(w.sync("woo", "customer.created", "1", customer_json(1, "a@x.com"), "c:1").state == store::WorkState::kDone);
  // The outage starts: the first failure may be this record's own fault (a payload that brings the server
  // down keeps failing right after others succeed, and still runs out of attempts).
  w.erp.fail_always("customer", Outcome::retryable("connection reset by peer", "connect"));
  auto ids = w.deliver("woo", "customer.created", "2", customer_json(2, "b@x.com"), "c:2");
  REQUIRE(eventually([&] { return w.item(ids.at(0)).state == store::WorkState::kWaiting; }));
  CHECK(w.item(ids[0]).attempt == 1);
  const size_t writes = w.erp.writes().size();
  REQUIRE(eventually([&] { return w.erp.writes().size() >= writes + 4; }, std::chrono::seconds(12)));
  CHECK(w.item(ids[0]).state != store::WorkState::kDead);
  CHECK(w.item(ids[0]).attempt <= 2);  // the one charged, plus the try running now
  w.erp.fail_always("customer", std::nullopt);
  REQUIRE(eventually([&] { return w.finished(ids[0]); }, std::chrono::seconds(6)));
  CHECK(w.item(ids[0]).state == store::WorkState::kDone);
  CHECK(w.item(ids[0]).attempt == 2);
}

TEST_CASE("engine: a retryable failure followed by success completes with both attempts in the outbox") {
  EngineWorld w;
  w.erp.script("customer", {Outcome::retryable("HTTP 502", "bad_gateway", 502)});
  auto ids = w.deliver("woo", "customer.created", "1", customer_json(1, "a@x.com"), "c:1");
  w.engine->start();
  REQUIRE(eventually([&] { return w.finished(ids.at(0)); }));
  CHECK(w.item(ids[0]).state == store::WorkState::kDone);
  CHECK(w.item(ids[0]).attempt == 2);
  auto attempts = w.store->attempts(ids[0]);
  REQUIRE(attempts.ok());
  REQUIRE(attempts->size() == 2);
  CHECK((*attempts)[0].outcome == "retryable");
  CHECK((*attempts)[1].outcome == "ok");
  CHECK(w.erp.records("customer").size() == 1);
}

TEST_CASE("engine: throttled -> released until Retry-After without spending an attempt") {
  EngineWorld w;
  // More throttled answers than the domain has attempts: none of them may count.
  w.erp.script("customer", {throttled(std::chrono::milliseconds(150)), throttled(std::chrono::milliseconds(150)),
                            throttled(std::chrono::milliseconds(150)), throttled(std::chrono::milliseconds(150))});
  auto ids = w.deliver("woo", "customer.created", "1", customer_json(1, "a@x.com"), "c:1");
  auto started = std::chrono::steady_clock::now();
  w.engine->start();
  REQUIRE(eventually([&] { return w.finished(ids.at(0)); }));
  auto took = std::chrono::steady_clock::now() - started;
  CHECK(took >= std::chrono::milliseconds(4 * 150 - 50));  // each Retry-After was honoured
  store::WorkItem done = w.item(ids[0]);
  CHECK(done.state == store::WorkState::kDone);
  CHECK(done.attempt == 1);
  CHECK(w.erp.writes().size() == 5);
  CHECK(w.dead_letters().empty());
  CHECK(w.metrics.counter("syncloom_connector_throttled_total", "", {{"system", "erp"}}).value() == 4);
  // A throttling answer says the system is up: no circuit opened.
  for (const auto& h : w.engine->health())
    if (h.system == "erp") CHECK(h.circuit_opened == 0);
}

TEST_CASE("engine: permanent -> dead at once with the system's message and field") {
  EngineWorld w;
  w.erp.script("customer", {Outcome::permanent("A value is required for field \"Name\"", "UserError", "name", 200)});
  auto ids = w.deliver("woo", "customer.created", "1", customer_json(1, "a@x.com"), "c:1", "corr-perm");
  w.engine->start();
  REQUIRE(eventually([&] { return w.finished(ids.at(0)); }));
  store::WorkItem dead = w.item(ids[0]);
  CHECK(dead.state == store::WorkState::kDead);
  CHECK(dead.attempt == 1);
  auto letters = w.dead_letters();
  REQUIRE(letters.size() == 1);
  CHECK(letters[0].reason == "permanent");
  CHECK(letters[0].error.find("A value is required for field \"Name\"") != std::string::npos);
  CHECK(letters[0].correlation_id == "corr-perm");
  auto attempts = w.store->attempts(ids[0]);
  REQUIRE(attempts.ok());
  REQUIRE(attempts->size() == 1);
  CHECK((*attempts)[0].outcome == "permanent");
  CHECK(w.erp.writes().size() == 1);
  // The worker counts the rejection after the store has the dead letter: wait for it rather than race it.
  CHECK(eventually([&] {
    return w.metrics.counter("syncloom_records_rejected_total", "", {{"domain", "customers"}}).value() == 1;
  }));
}

TEST_CASE("engine: a mapping rejection dead-letters with its reason naming the field, without calling the target") {
  EngineWorld w;
  // A customer without an e-mail: lower(null) cannot be computed.
  auto ids = w.deliver("woo", "customer.created", "1", R"({"id":1,"first_name":"A","last_name":"B","email":null})", "c:1");
  w.engine->start();
  REQUIRE(!ids.empty());
  REQUIRE(eventually([&] { return w.finished(ids.at(0)); }));
  CHECK(w.item(ids[0]).state == store::WorkState::kDead);
  auto letters = w.dead_letters();
  REQUIRE(letters.size() == 1);
  CHECK(letters[0].reason == "rejected");
  CHECK(letters[0].error.find("email") != std::string::npos);
  CHECK(w.erp.writes().empty());
}

TEST_CASE("engine: the circuit opens after consecutive retryable failures; items writing there wait for the probe") {
  EngineWorld w;
  w.erp.fail_always("customer", Outcome::retryable("HTTP 503", "unavailable", 503));
  std::vector<std::int64_t> failing;
  for (int k = 0; k < 3; ++k)
    failing.push_back(w.deliver("woo", "customer.created", std::to_string(k),
                                customer_json(k, "c" + std::to_string(k) + "@x.com"), "c:" + std::to_string(k)).at(0));
  w.engine->start();
  auto circuit = [&] {
    for (const auto& h : w.engine->health())
      if (h.system == "erp") return h;
    FAIL("no erp connector");
    return core::ConnectorHealth{};
  };
  REQUIRE(eventually([&] { return circuit().circuit == core::CircuitState::kOpen; }));
  CHECK(circuit().circuit_opened == 1);
  size_t writes_when_open = w.erp.writes().size();
  CHECK(writes_when_open == 3);

  // While open: a new item of a domain writing to erp is not claimed; one writing to woo still runs.
  auto blocked = w.deliver("woo", "customer.created", "9", customer_json(9, "c9@x.com"), "c:9");
  auto free = w.deliver("erp", "inventoryItem.changed", "1", item_json(1, "SKU1"), "item:1");
  REQUIRE(eventually([&] { return w.finished(free.at(0)); }, std::chrono::milliseconds(300)));
  CHECK(w.item(blocked.at(0)).state == store::WorkState::kPending);
  CHECK(w.item(blocked[0]).attempt == 0);
  CHECK(w.erp.writes().size() == writes_when_open);

  // The outage ends: the probe (after the cool-down) closes the circuit and the queue drains.
  w.erp.fail_always("customer", std::nullopt);
  REQUIRE(eventually([&] {
    for (auto id : failing)
      if (!w.finished(id)) return false;
    return w.finished(blocked[0]);
  }));
  CHECK(circuit().circuit == core::CircuitState::kClosed);
  for (auto id : failing) CHECK(w.item(id).state == store::WorkState::kDone);
  CHECK(w.item(blocked[0]).state == store::WorkState::kDone);
  CHECK(w.item(blocked[0]).attempt == 1);
  CHECK(w.dead_letters().empty());
}
