// Throttle waits and the circuit breaker's states (retry waits: sync_plan_test.cpp, retry_delay_ms).
#include <catch2/catch.hpp>

#include "syncloom/core/throttle.hpp"
#include "syncloom/core/circuit_breaker.hpp"

using namespace syncloom::core;
using namespace std::chrono_literals;

TEST_CASE("throttle delays honour Retry-After, capped", "[core]") {
  CHECK(throttle_delay(3000ms, 1000ms) == 3000ms);
  CHECK(throttle_delay(std::nullopt, 1000ms) == 1000ms);
  CHECK(throttle_delay(std::chrono::hours(30), 1000ms) == std::chrono::minutes(60));
  CHECK(throttle_delay(-5ms, 1000ms) == 0ms);
}

TEST_CASE("circuit breaker: opens after N failures, probes once, closes or backs off", "[core]") {
  CircuitBreaker b({.failures_to_open = 3, .cool_down = 10s, .max_cool_down = 30s});
  auto t = CircuitBreaker::Clock::time_point{} + 1000s;
  CHECK(b.allow(t));
  b.failure(t);
  b.failure(t);
  b.success(t);  // a success in between resets the count
  b.failure(t);
  b.failure(t);
  CHECK(b.state(t) == CircuitState::kClosed);
  b.failure(t);
  CHECK(b.state(t) == CircuitState::kOpen);
  CHECK(b.times_opened() == 1);
  CHECK_FALSE(b.allow(t + 9s));
  CHECK(b.state(t + 10s) == CircuitState::kHalfOpen);
  CHECK(b.allow(t + 10s));        // the probe
  CHECK_FALSE(b.allow(t + 10s));  // only one
  b.failure(t + 11s);             // probe failed: open for twice as long
  CHECK(b.state(t + 11s) == CircuitState::kOpen);
  CHECK(b.retry_at() == t + 11s + 20s);
  CHECK(b.allow(t + 31s));
  b.failure(t + 31s);
  CHECK(b.retry_at() == t + 31s + 30s);  // capped at max_cool_down
  CHECK(b.allow(t + 61s));
  b.success(t + 61s);
  CHECK(b.state(t + 61s) == CircuitState::kClosed);
  CHECK(b.allow(t + 61s));
  CHECK(std::string(circuit_state_name(CircuitState::kHalfOpen)) == "half_open");
}

TEST_CASE("circuit breaker: a failure says whether the system had answered since the previous one", "[core]") {
  CircuitBreaker b({.failures_to_open = 3, .cool_down = 10s, .max_cool_down = 30s});
  auto t = CircuitBreaker::Clock::time_point{} + 1000s;
  CHECK_FALSE(b.failure(t));  // nothing answered since the breaker was made: a restart into an outage
  b.success(t);
  CHECK(b.failure(t));        // up just before: the first failure of a streak
  CHECK_FALSE(b.failure(t));  // the streak goes on
  b.success(t);
  CHECK(b.failure(t));
}
