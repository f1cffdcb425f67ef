// Retry timing (full jitter within the policy's floor and ceiling) and the circuit breaker's states.
#include <catch2/catch.hpp>

#include <random>

#include "syncloom/core/backoff.hpp"
#include "syncloom/core/circuit_breaker.hpp"

using namespace syncloom::core;
using namespace std::chrono_literals;

TEST_CASE("retry delays: exponential ceiling, full jitter, the policy's floor, then dead letter", "[core]") {
  RetryPolicy p{.attempts = 5, .min = 1000ms, .max = 5000ms};
  CHECK_FALSE(retry_delay(p, 1, 0.5));  // the first attempt is not a retry
  CHECK(retry_delay(p, 2, 0.0) == 1000ms);
  CHECK(retry_delay(p, 2, 0.999) == 1000ms);  // ceiling min * 2^0
  CHECK(retry_delay(p, 3, 0.0) == 1000ms);
  CHECK(retry_delay(p, 3, 0.9999) == 2000ms);  // ceiling min * 2^1
  CHECK(retry_delay(p, 4, 0.9999) == 4000ms);
  CHECK(retry_delay(p, 5, 0.9999) == 5000ms);  // capped at max
  CHECK_FALSE(retry_delay(p, 6, 0.5));          // used up: dead-letter queue
  // Spread: 1,000 draws for the 5th attempt cover the window [1 s, 5 s] and stay inside it.
  std::mt19937_64 rng(7);
  std::uniform_real_distribution<double> u(0, 1);
  int64_t lo = 1 << 30, hi = 0;
  for (int i = 0; i < 1000; ++i) {
    int64_t d = retry_delay(p, 5, u(rng))->count();
    lo = std::min(lo, d);
    hi = std::max(hi, d);
  }
  CHECK(lo >= 1000);
  CHECK(lo < 1100);
  CHECK(hi <= 5000);
  CHECK(hi > 4900);
  // Huge attempt counts and ceilings do not overflow.
  RetryPolicy big{.attempts = 1000, .min = 1ms, .max = std::chrono::milliseconds(INT64_MAX / 2)};
  CHECK(retry_delay(big, 999, 0.5)->count() > 0);
}

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
