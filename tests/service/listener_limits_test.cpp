// The listener's limits: each hit gives a clear status (or a close) and a counter, and abusive clients
// (slowloris, idle floods, too many connections) never stop others from being served promptly.
#include <catch2/catch.hpp>

#include <fcntl.h>
#include <sys/resource.h>
#include <unistd.h>

#include <thread>

#include "raw_http_client.hpp"
#include "test_listener.hpp"

using namespace syncloom::service;
using namespace syncloom::service::testing;
using namespace std::chrono_literals;

namespace {

ListenerConfig small_limits() {
  ListenerConfig c;
  c.max_body_bytes = 1000;
  c.max_header_bytes = 2000;
  c.header_timeout = 300ms;
  c.body_timeout = 300ms;
  c.idle_timeout = 400ms;
  return c;
}

// Whether a well-behaved client is served promptly right now.
bool served_promptly(uint16_t port) {
  auto before = std::chrono::steady_clock::now();
  auto r = request(port, "POST", "/webhooks/woo", "{}");
  return r.status == 200 && std::chrono::steady_clock::now() - before < 1s;
}

}  // namespace

TEST_CASE("a body over the limit answers 413, declared or chunked", "[service][listener][limits]") {
  TestListener t(small_limits());
  auto declared = request(t.port(), "POST", "/webhooks/woo", std::string(1001, 'x'));
  CHECK(declared.status == 413);
  CHECK(declared.body.find("body over the limit of 1000 bytes") != std::string::npos);
  CHECK(request(t.port(), "POST", "/webhooks/woo", std::string(1000, 'x')).status == 200);  // at the limit: fine
  RawConnection c(t.port());
  std::string chunk(600, 'y');
  REQUIRE(c.send("POST /webhooks/woo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n258\r\n" + chunk +
                 "\r\n258\r\n" + chunk + "\r\n0\r\n\r\n"));
  CHECK(c.read_response().status == 413);
  CHECK(c.closed_within(1s));
  CHECK(wait_counter(*t.listener, 2, [](const ListenerStats& s) { return s.body_too_large; }) == 2);
  std::lock_guard lock(t.mutex);
  CHECK(t.webhooks.size() == 1);  // the oversize ones never reached the handler
}

TEST_CASE("headers over the limit answer 431", "[service][listener][limits]") {
  TestListener t(small_limits());
  auto r = request(t.port(), "POST", "/webhooks/woo", "{}", "X-Big: " + std::string(3000, 'h') + "\r\n");
  CHECK(r.status == 431);
  CHECK(t.listener->stats().header_too_large == 1);
  CHECK(served_promptly(t.port()));
}

TEST_CASE("malformed HTTP answers 400 and closes", "[service][listener][limits]") {
  TestListener t(small_limits());
  for (std::string bad : {"GARBAGE\r\n\r\n", "POST /webhooks/woo HTTP/9.9\r\n\r\n",
                          "POST /webhooks/woo HTTP/1.1\r\nContent-Length: 12x\r\n\r\n",
                          "POST /webhooks/woo HTTP/1.1\r\nBad Header Name: v\r\n\r\n",
                          "POST /webhooks/woo HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\nZZ\r\n"}) {
    INFO(bad);
    RawConnection c(t.port());
    REQUIRE(c.send(bad));
    auto r = c.read_response();
    CHECK(r.status == 400);
    CHECK(r.body.find("malformed HTTP request") != std::string::npos);
    CHECK(c.closed_within(1s));
  }
  CHECK(wait_counter(*t.listener, 5, [](const ListenerStats& s) { return s.malformed; }) == 5);
  CHECK(served_promptly(t.port()));
}

TEST_CASE("a slowloris client is cut off at the header timeout", "[service][listener][limits]") {
  TestListener t(small_limits());
  RawConnection slow(t.port());
  REQUIRE(slow.send("POST /webhooks/woo HTTP/1.1\r\n"));
  auto before = std::chrono::steady_clock::now();
  bool closed = false;
  for (int i = 0; i < 60 && !closed; ++i) {  // a byte every 50 ms: never idle, never done
    slow.send("X");
    closed = slow.closed_within(50ms);
  }
  CHECK(closed);
  auto took = std::chrono::steady_clock::now() - before;
  CHECK(took >= 250ms);
  CHECK(took < 2s);  // 300 ms, with room for a loaded machine
  CHECK(wait_counter(*t.listener, 1, [](const ListenerStats& s) { return s.request_timeouts; }) == 1);
}

TEST_CASE("a body that stops arriving is cut off at the body timeout", "[service][listener][limits]") {
  TestListener t(small_limits());
  RawConnection c(t.port());
  REQUIRE(c.send("POST /webhooks/woo HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n{\"half\":"));
  CHECK(c.closed_within(1500ms));
  CHECK(wait_counter(*t.listener, 1, [](const ListenerStats& s) { return s.request_timeouts; }) == 1);
}

TEST_CASE("an idle keep-alive connection is closed at the idle timeout", "[service][listener][limits]") {
  TestListener t(small_limits());
  RawConnection c(t.port());
  REQUIRE(c.send("GET /health HTTP/1.1\r\nHost: x\r\n\r\n"));
  CHECK(c.read_response().status == 200);
  auto before = std::chrono::steady_clock::now();
  CHECK(c.closed_within(2s));
  CHECK(std::chrono::steady_clock::now() - before >= 300ms);
  CHECK(wait_counter(*t.listener, 1, [](const ListenerStats& s) { return s.idle_closed; }) == 1);
}

TEST_CASE("connections over the limit get 503 and are counted", "[service][listener][limits]") {
  ListenerConfig config = small_limits();
  config.max_connections = 4;
  config.idle_timeout = 5s;
  TestListener t(config);
  std::vector<std::unique_ptr<RawConnection>> held;
  for (int i = 0; i < 4; ++i) {
    held.push_back(std::make_unique<RawConnection>(t.port()));
    REQUIRE(held.back()->send("GET /health HTTP/1.1\r\nHost: x\r\n\r\n"));
    CHECK(held.back()->read_response().status == 200);
  }
  RawConnection extra(t.port());
  auto r = extra.read_response();
  CHECK(r.status == 503);
  CHECK(r.header("Retry-After") == "1");
  CHECK(t.listener->stats().connections_refused == 1);
  held.pop_back();  // one leaves: a new one is served again
  bool served = false;
  for (int i = 0; i < 50 && !served; ++i) {
    served = request(t.port(), "GET", "/health").status == 200;
    if (!served) std::this_thread::sleep_for(10ms);
  }
  CHECK(served);
}

TEST_CASE("slowloris clients and an idle flood do not stop others being served", "[service][listener][limits]") {
  ListenerConfig config = small_limits();
  config.threads = 1;
  config.header_timeout = 5s;  // the abusers stay connected for the whole test
  config.idle_timeout = 10s;
  TestListener t(config);
  std::vector<std::unique_ptr<RawConnection>> idle, slow;
  for (int i = 0; i < 300; ++i) idle.push_back(std::make_unique<RawConnection>(t.port()));
  for (int i = 0; i < 30; ++i) {
    slow.push_back(std::make_unique<RawConnection>(t.port()));
    REQUIRE(slow.back()->send("POST /webhooks/woo HTTP/1.1\r\nX-Slow: "));
  }
  REQUIRE(wait_counter(*t.listener, 330, [](const ListenerStats& s) { return s.connections_open; }) >= 330);
  RawConnection good(t.port());
  auto before = std::chrono::steady_clock::now();
  for (int i = 0; i < 100; ++i) {
    for (auto& s : slow) s->send("z");
    REQUIRE(good.send("POST /webhooks/woo HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\n{}"));
    REQUIRE(good.read_response().status == 200);
  }
  CHECK(std::chrono::steady_clock::now() - before < 1500ms);  // 100 requests among 330 abusers
  CHECK(served_promptly(t.port()));
}

TEST_CASE("a connection that never sends a byte is closed at the header timeout", "[service][listener][limits]") {
  ListenerConfig config = small_limits();  // header 300 ms
  config.idle_timeout = 5s;
  TestListener t(config);
  RawConnection silent(t.port());
  auto before = std::chrono::steady_clock::now();
  CHECK(silent.closed_within(4s));
  auto took = std::chrono::steady_clock::now() - before;
  CHECK(took >= 250ms);
  CHECK(took < 3s);  // the header timeout, not the idle one
  CHECK(wait_counter(*t.listener, 1, [](const ListenerStats& s) { return s.idle_closed; }) == 1);
}

TEST_CASE("out of file descriptors, accepting pauses and resumes without losing the listener", "[service][listener][limits]") {
  TestListener t(small_limits());
  rlimit saved{};
  REQUIRE(getrlimit(RLIMIT_NOFILE, &saved) == 0);
  std::vector<int> spare;
  for (int i = 0; i < 4; ++i) spare.push_back(open("/dev/null", O_RDONLY));
  // Every descriptor below the limit is in use now; freeing one lets the client's socket take it, and
  // then the listener's accept has none.
  int highest = 0;
  for (int fd = 0; fd < 4096; ++fd)
    if (fcntl(fd, F_GETFD) != -1) highest = fd;
  rlimit tight = saved;
  tight.rlim_cur = static_cast<rlim_t>(highest + 1);
  REQUIRE(setrlimit(RLIMIT_NOFILE, &tight) == 0);
  for (int fd = 0; fd <= highest; ++fd)  // fill any hole below the limit
    if (fcntl(fd, F_GETFD) == -1) spare.push_back(open("/dev/null", O_RDONLY));
  close(spare.back());
  spare.pop_back();
  {
    RawConnection client(t.port());
    REQUIRE(client.ok());
    CHECK(wait_counter(*t.listener, 1, [](const ListenerStats& s) { return s.accept_errors; }) >= 1);
    close(spare.back());  // a descriptor for the listener: the waiting connection is accepted and served
    spare.pop_back();
    REQUIRE(client.send("GET /health HTTP/1.1\r\nHost: x\r\n\r\n"));
    CHECK(client.read_response().status == 200);
  }
  for (int fd : spare) close(fd);
  REQUIRE(setrlimit(RLIMIT_NOFILE, &saved) == 0);
  CHECK(request(t.port(), "GET", "/health").status == 200);
}
