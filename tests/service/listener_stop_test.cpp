// The listener's graceful stop: accepting ends, idle connections close, an in-flight request is
// answered within the deadline, one never answered is abandoned at it.
#include <catch2/catch.hpp>

#include <future>
#include <thread>

#include "raw_http_client.hpp"
#include "test_listener.hpp"

using namespace syncloom::service;
using namespace syncloom::service::testing;
using namespace std::chrono_literals;

namespace {

// Parks every webhook's Responder for the test to answer.
struct Parking {
  std::mutex m;
  std::vector<Responder> parked;
  void attach(TestListener& t) {
    t.on_webhook = [this](HttpRequest, Responder r) {
      std::lock_guard lock(m);
      parked.push_back(std::move(r));
    };
  }
};

void wait_in_flight(TestListener& t, uint64_t n) {
  REQUIRE(wait_counter(*t.listener, n, [](const ListenerStats& s) { return s.requests_in_flight; }) == n);
}

}  // namespace

TEST_CASE("a graceful stop drains an in-flight request and closes idle connections", "[service][listener][stop]") {
  TestListener t;
  Parking parking;
  parking.attach(t);
  uint16_t port = t.port();
  RawConnection idle(port);
  REQUIRE(idle.send("GET /health HTTP/1.1\r\nHost: x\r\n\r\n"));
  REQUIRE(idle.read_response().status == 200);
  RawConnection busy(port);
  REQUIRE(busy.send("POST /webhooks/woo HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\n{}"));
  wait_in_flight(t, 1);

  auto stopping = std::async(std::launch::async, [&] { return t.listener->stop(3s); });
  CHECK(idle.closed_within(1s));
  RawConnection late(port);  // no longer accepted: refused, or closed without an answer
  CHECK((!late.ok() || late.read_response(500ms).status == 0));
  std::this_thread::sleep_for(100ms);  // the durable commit takes a while; the stop waits for it
  {
    std::lock_guard lock(parking.m);
    REQUIRE(parking.parked.size() == 1);
    CHECK(parking.parked[0].respond(HttpResponse::text(200, "durable")));
  }
  auto r = busy.read_response();
  CHECK(r.status == 200);
  CHECK(r.body == "durable");
  CHECK(r.header("Connection") == "close");
  auto report = stopping.get();
  CHECK(report.drained == 1);
  CHECK(report.abandoned == 0);
}

TEST_CASE("a stop abandons what is still unanswered at its deadline", "[service][listener][stop]") {
  TestListener t;
  Parking parking;
  parking.attach(t);
  RawConnection busy(t.port());
  REQUIRE(busy.send("POST /webhooks/woo HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\n{}"));
  wait_in_flight(t, 1);
  auto before = std::chrono::steady_clock::now();
  auto report = t.listener->stop(200ms);
  CHECK(std::chrono::steady_clock::now() - before < 1s);
  CHECK(report.abandoned == 1);
  CHECK(report.drained == 0);
  std::lock_guard lock(parking.m);
  REQUIRE(parking.parked.size() == 1);
  parking.parked[0].respond(HttpResponse::text(200, "after the stop"));  // harmless, goes nowhere
  CHECK(t.listener->stop(1s).abandoned == 1);  // idempotent
}
