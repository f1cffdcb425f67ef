// The listener's routes: raw webhook bodies and headers, 404/405, the admin token, asynchronous answers
// from another thread, the sync route's deadline, keep-alive reuse, the request log.
#include <catch2/catch.hpp>

#include <algorithm>
#include <thread>

#include "raw_http_client.hpp"
#include "test_listener.hpp"

using namespace syncloom::service;
using namespace syncloom::service::testing;
using namespace std::chrono_literals;

TEST_CASE("a webhook's raw body and every header reach the handler unmodified", "[service][listener]") {
  TestListener t;
  std::string body = "{\"id\": 1,  \"name\":\"\xc3\x98ster\"}\n\x01";  // odd spacing, UTF-8, a control byte
  auto r = request(t.port(), "POST", "/webhooks/woo?x=1", body,
                   "X-WC-Webhook-Signature: abc+/=\r\nx-custom: one\r\nX-Custom: two\r\n");
  CHECK(r.status == 200);
  CHECK(r.body == "ok woo");
  std::lock_guard lock(t.mutex);
  REQUIRE(t.webhooks.size() == 1);
  const auto& got = t.webhooks[0];
  CHECK(got.body == body);
  CHECK(got.param == "woo");
  CHECK(got.path == "/webhooks/woo");
  CHECK(got.query == "x=1");
  CHECK(got.header("x-wc-webhook-signature").value_or("") == "abc+/=");
  int custom = 0;
  for (const auto& h : got.headers)
    if (h.name == "x-custom" || h.name == "X-Custom") ++custom;
  CHECK(custom == 2);  // both, names as sent
}

TEST_CASE("unknown routes answer 404, wrong methods 405 with Allow", "[service][listener]") {
  TestListener t;
  CHECK(request(t.port(), "GET", "/nowhere").status == 404);
  CHECK(request(t.port(), "POST", "/webhooks/").status == 404);  // an empty {system} is no route
  auto r = request(t.port(), "POST", "/health");
  CHECK(r.status == 405);
  CHECK(r.header("Allow") == "GET");
  CHECK(request(t.port(), "GET", "/webhooks/woo").status == 405);
  CHECK(request(t.port(), "GET", "/health").status == 200);
  CHECK(request(t.port(), "GET", "/ready").status == 200);
  auto m = request(t.port(), "GET", "/metrics");  // the 7th request: counted before it is routed
  CHECK(m.status == 200);
  CHECK(m.header("Content-Type") == "text/plain; version=0.0.4");
  CHECK(m.body.find("# TYPE syncloom_http_requests_total counter\nsyncloom_http_requests_total 7\n") != std::string::npos);
  CHECK(m.body.find("syncloom_http_rejected_requests_total{reason=\"not_found\"} 2\n") != std::string::npos);
  CHECK(m.body.find("syncloom_http_rejected_requests_total{reason=\"method_not_allowed\"} 2\n") != std::string::npos);
  auto s = t.listener->stats();
  CHECK(s.not_found == 2);
  CHECK(s.method_not_allowed == 2);
}

TEST_CASE("the admin API requires the configured bearer token", "[service][listener][admin]") {
  ListenerConfig config;
  config.admin_token = syncloom::connectors::Secret("s3cret-token");
  TestListener t(config);
  CHECK(request(t.port(), "GET", "/v1/admin/status").status == 401);
  auto wrong = request(t.port(), "GET", "/v1/admin/status", "", "Authorization: Bearer s3cret-tokeN\r\n");
  CHECK(wrong.status == 401);
  CHECK(wrong.header("WWW-Authenticate") == "Bearer");
  CHECK(request(t.port(), "GET", "/v1/admin/status", "", "Authorization: Bearer s3cret-toke\r\n").status == 401);
  CHECK(request(t.port(), "GET", "/v1/admin/status", "", "Authorization: Basic s3cret-token\r\n").status == 401);
  auto ok = request(t.port(), "GET", "/v1/admin/dlq/7", "", "Authorization: Bearer s3cret-token\r\n");
  CHECK(ok.status == 200);
  CHECK(ok.body == "{\"admin\":\"dlq/7\"}");
  CHECK(request(t.port(), "GET", "/v1/admin/status", "", "authorization: bearer s3cret-token\r\n").status == 200);
  CHECK(t.listener->stats().unauthorized == 4);
  for (const auto& line : t.logs()) CHECK(line.find("s3cret") == std::string::npos);  // never logged
}

TEST_CASE("without a configured token the admin API is disabled", "[service][listener][admin]") {
  TestListener t;
  CHECK(request(t.port(), "GET", "/v1/admin/status", "", "Authorization: Bearer \r\n").status == 403);
  CHECK(request(t.port(), "GET", "/v1/admin/status", "", "Authorization: Bearer anything\r\n").status == 403);
}

TEST_CASE("a handler answers later from another thread without holding a listener thread", "[service][listener]") {
  ListenerConfig config;
  config.threads = 1;  // one I/O thread: a blocked one would stall /health below
  TestListener t(config);
  std::mutex m;
  std::vector<Responder> parked;
  t.on_webhook = [&](HttpRequest, Responder r) {
    std::lock_guard lock(m);
    parked.push_back(std::move(r));
  };
  std::vector<std::unique_ptr<RawConnection>> clients;
  for (int i = 0; i < 8; ++i) {
    clients.push_back(std::make_unique<RawConnection>(t.port()));
    REQUIRE(clients.back()->send("POST /webhooks/woo HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\n{}"));
  }
  REQUIRE(wait_counter(*t.listener, 8, [](const ListenerStats& s) { return s.requests_in_flight; }) == 8);
  auto before = std::chrono::steady_clock::now();
  CHECK(request(t.port(), "GET", "/health").status == 200);
  CHECK(std::chrono::steady_clock::now() - before < 1s);  // a blocked thread would never answer
  std::thread committer([&] {
    std::lock_guard lock(m);
    for (auto& r : parked) CHECK(r.respond(HttpResponse::text(200, "durable")));
    for (auto& r : parked) CHECK_FALSE(r.respond(HttpResponse::text(200, "twice")));  // once only
  });
  committer.join();
  for (auto& c : clients) {
    auto r = c->read_response();
    CHECK(r.status == 200);
    CHECK(r.body == "durable");
  }
  CHECK(t.listener->stats().requests_in_flight == 0);
}

TEST_CASE("a dropped Responder answers 500, a throwing handler too", "[service][listener]") {
  TestListener t;
  t.on_webhook = [](HttpRequest, Responder) {};
  CHECK(request(t.port(), "POST", "/webhooks/woo", "{}").status == 500);
  t.on_webhook = [](HttpRequest, Responder) { throw std::runtime_error("boom"); };
  CHECK(request(t.port(), "POST", "/webhooks/woo", "{}").status == 500);
  CHECK(request(t.port(), "GET", "/health").status == 200);  // still serving
}

TEST_CASE("the sync route answers 504 at its deadline and ignores the late answer", "[service][listener]") {
  TestListener t({}, 150ms);
  std::mutex m;
  std::optional<Responder> late;
  t.on_sync = [&](HttpRequest, Responder r) {
    std::lock_guard lock(m);
    late.emplace(std::move(r));
  };
  RawConnection c(t.port());
  REQUIRE(c.send("POST /v1/sync/orders HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\n{}"));
  auto before = std::chrono::steady_clock::now();
  auto r = c.read_response();
  auto took = std::chrono::steady_clock::now() - before;
  CHECK(r.status == 504);
  CHECK(took >= 100ms);
  CHECK(took < 1500ms);
  {
    std::lock_guard lock(m);
    REQUIRE(late);
    CHECK_FALSE(late->respond(HttpResponse::text(200, "too late")));
  }
  CHECK(t.listener->stats().handler_timeouts == 1);
  // The connection is still usable: the late answer did not leak onto it.
  t.on_sync = [](HttpRequest req, Responder r2) { r2.respond(HttpResponse::text(201, "doc " + req.param)); };
  REQUIRE(c.send("POST /v1/sync/orders HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n"));
  auto second = c.read_response();
  CHECK(second.status == 201);
  CHECK(second.body == "doc orders");
}

TEST_CASE("keep-alive connections serve many requests, pipelined ones in order", "[service][listener]") {
  TestListener t;
  RawConnection c(t.port());
  for (int i = 0; i < 20; ++i) {
    REQUIRE(c.send("POST /webhooks/s" + std::to_string(i) + " HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n"));
    auto r = c.read_response();
    CHECK(r.status == 200);
    CHECK(r.body == "ok s" + std::to_string(i));
  }
  REQUIRE(c.send("GET /health HTTP/1.1\r\nHost: x\r\n\r\nPOST /webhooks/a HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n"));
  CHECK(c.read_response().body == "ok\n");
  CHECK(c.read_response().body == "ok a");
  CHECK(t.listener->stats().connections_accepted == 1);
  // HTTP/1.0 without keep-alive, or Connection: close, ends the connection after the answer.
  REQUIRE(c.send("GET /health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"));
  CHECK(c.read_response().status == 200);
  CHECK(c.closed_within(1s));
}

TEST_CASE("every answered request is one JSON log line without header values", "[service][listener][log]") {
  TestListener t;
  CHECK(request(t.port(), "POST", "/webhooks/woo?token=qq", "{\"a\":1}", "X-Secret: hunter2\r\n").status == 200);
  CHECK(request(t.port(), "GET", "/nowhere").status == 404);
  std::vector<std::string> lines;
  // A line is written after its answer is sent, on whichever I/O thread served it: wait for both (bounded)
  // and do not rely on their order, which two connections on two threads do not promise.
  for (int i = 0; i < 1000 && (lines = t.logs()).size() < 2; ++i) std::this_thread::sleep_for(5ms);
  REQUIRE(lines.size() == 2);
  std::sort(lines.begin(), lines.end(), [](const std::string& a, const std::string& b) {
    return a.find("\"POST\"") != std::string::npos && b.find("\"POST\"") == std::string::npos;
  });
  CHECK(lines[0].rfind("{\"method\":\"POST\",\"path\":\"/webhooks/woo\",\"status\":200,\"bytes_in\":7,\"bytes_out\":6,\"ms\":", 0) == 0);
  CHECK(lines[1].rfind("{\"method\":\"GET\",\"path\":\"/nowhere\",\"status\":404,", 0) == 0);
  for (const auto& l : lines) {
    CHECK(l.find("hunter2") == std::string::npos);
    CHECK(l.find("qq") == std::string::npos);
    CHECK(l.back() == '}');
  }
}

TEST_CASE("a port in use is a start-up error naming the address", "[service][listener]") {
  TestListener t;
  ListenerConfig config;
  config.port = t.port();
  auto second = HttpListener::start(config, Router{});
  CHECK_FALSE(second.listener);
  CHECK(second.error.find("cannot listen on 127.0.0.1:" + std::to_string(t.port())) == 0);
  config.address = "no-such-host.invalid";
  CHECK(HttpListener::start(config, Router{}).error ==
        "cannot listen on no-such-host.invalid:" + std::to_string(t.port()) + ": cannot resolve no-such-host.invalid");
  config.address = "localhost";  // a name is resolved
  config.port = 0;
  auto named = HttpListener::start(config, Router{});
  REQUIRE(named.listener);
  CHECK(named.listener->port() != 0);
}

TEST_CASE("Expect: 100-continue is answered before the body is read", "[service][listener]") {
  TestListener t;
  RawConnection c(t.port());
  REQUIRE(c.send("POST /webhooks/woo HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: 2\r\n\r\n"));
  CHECK(c.read_response(1000ms).status == 100);
  REQUIRE(c.send("{}"));
  auto r = c.read_response();
  CHECK(r.status == 200);
  std::lock_guard lock(t.mutex);
  REQUIRE(t.webhooks.size() == 1);
  CHECK(t.webhooks[0].body == "{}");
}
