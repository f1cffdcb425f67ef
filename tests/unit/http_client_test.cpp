// The HTTP client against loopback servers: timeouts, truncated and oversized bodies, connection reuse,
// redaction of credentials in the request log, concurrent sends, proxies and the fault-injection seam.
#include <catch2/catch.hpp>

#include <cstdlib>
#include <mutex>
#include <thread>
#include <vector>

#include "http_test_servers.hpp"
#include "syncloom/http/client.hpp"

using namespace syncloom::http;
using syncloom::test::LoopbackServer;
using syncloom::test::RawServer;

namespace {

void echo_routes(httplib::Server& server) {
  server.Get("/hello", [](const httplib::Request&, httplib::Response& res) {
    res.set_header("X-WP-Total", "3");
    res.set_content("{\"ok\":true}", "application/json; charset=UTF-8");
  });
  server.Post("/echo", [](const httplib::Request& req, httplib::Response& res) {
    res.set_content(req.method + " " + req.body + " " + req.get_header_value("Content-Type"), "text/plain");
  });
  server.Put("/echo", [](const httplib::Request& req, httplib::Response& res) {
    res.set_content(req.method + " " + req.body, "text/plain");
  });
  server.Delete("/echo", [](const httplib::Request& req, httplib::Response& res) {
    res.set_content(req.method, "text/plain");
  });
  server.Get("/slow", [](const httplib::Request&, httplib::Response& res) {
    std::this_thread::sleep_for(std::chrono::milliseconds(1500));
    res.set_content("late", "text/plain");
  });
  server.Get("/big", [](const httplib::Request&, httplib::Response& res) {
    res.set_content(std::string(2 << 20, 'x'), "text/plain");
  });
  server.Get("/encoding", [](const httplib::Request& req, httplib::Response& res) {
    res.set_content(req.get_header_value("Accept-Encoding"), "text/plain");
  });
  server.Get("/status", [](const httplib::Request& req, httplib::Response& res) {
    res.status = std::stoi(req.get_param_value("code"));
    res.set_content("{}", "application/json");
  });
}

}  // namespace

TEST_CASE("a GET answers status, headers and body", "[http]") {
  LoopbackServer server(echo_routes);
  Client client;
  Response response = client.send({.url = server.url("/hello")});
  REQUIRE(response.transport == Transport::kOk);
  CHECK(response.status == 200);
  CHECK(response.body == "{\"ok\":true}");
  REQUIRE(response.header("x-wp-total"));
  CHECK(*response.header("x-wp-total") == "3");
  CHECK(response.content_type() == "application/json");
  CHECK(response.header("X-Absent") == nullptr);
}

TEST_CASE("POST, PUT and DELETE send their method and body", "[http]") {
  LoopbackServer server(echo_routes);
  Client client;
  auto post = client.send({.method = "POST", .url = server.url("/echo"),
                           .headers = {{"Content-Type", "application/json"}}, .body = "{\"a\":1}"});
  CHECK(post.body == "POST {\"a\":1} application/json");
  CHECK(client.send({.method = "PUT", .url = server.url("/echo"), .body = "x"}).body == "PUT x");
  CHECK(client.send({.method = "DELETE", .url = server.url("/echo")}).body == "DELETE");
}

TEST_CASE("an error status is an answer, not a transport failure", "[http]") {
  LoopbackServer server(echo_routes);
  Client client;
  Response response = client.send({.url = server.url("/status?code=503")});
  CHECK(response.transport == Transport::kOk);
  CHECK(response.status == 503);
}

TEST_CASE("the client asks for compressed answers and decompresses them", "[http]") {
  LoopbackServer server(echo_routes);
  Client client;
  CHECK(client.send({.url = server.url("/encoding")}).body.find("gzip") != std::string::npos);
  Response big = client.send({.url = server.url("/big")});  // httplib compresses text/plain when asked
  REQUIRE(big.header("Content-Encoding"));
  CHECK(big.body == std::string(2 << 20, 'x'));
}

TEST_CASE("a total timeout ends a slow answer as kTimeout", "[http]") {
  LoopbackServer server(echo_routes);
  Client client({.timeout = std::chrono::milliseconds(200)});
  Response response = client.send({.url = server.url("/slow")});
  CHECK(response.transport == Transport::kTimeout);
  CHECK(response.status == 0);
  CHECK(response.seconds < 1.4);
  // The request's own timeout wins over the client's.
  Client patient({.timeout = std::chrono::milliseconds(100)});
  CHECK(patient.send({.url = server.url("/slow"), .timeout = std::chrono::milliseconds(3000)}).transport ==
        Transport::kOk);
}

TEST_CASE("a refused connection is kConnect and a bad host name kResolve", "[http]") {
  int port = 0;
  {
    LoopbackServer closed([](httplib::Server&) {});
    port = closed.port();
  }
  Client client({.connect_timeout = std::chrono::milliseconds(500)});
  Response refused = client.send({.url = "http://127.0.0.1:" + std::to_string(port) + "/"});
  CHECK(refused.transport == Transport::kConnect);
  CHECK_FALSE(refused.error.empty());
  CHECK(client.send({.url = "http://no-such-host.invalid/"}).transport == Transport::kResolve);
}

TEST_CASE("a body shorter than its Content-Length is kTruncated", "[http]") {
  RawServer server([](const std::string&) {
    return std::string("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"id\":7");
  });
  Client client;
  Response response = client.send({.url = server.url()});
  CHECK(response.transport == Transport::kTruncated);
}

TEST_CASE("a connection closed before any answer is kConnect", "[http]") {
  RawServer server([](const std::string&) { return std::string(); });
  Client client;
  CHECK(client.send({.url = server.url()}).transport == Transport::kConnect);
}

TEST_CASE("a body over the limit stops reading: kTooLarge", "[http]") {
  LoopbackServer server(echo_routes);
  Client client({.max_body_bytes = 1 << 20});
  Response response = client.send({.url = server.url("/big")});
  CHECK(response.transport == Transport::kTooLarge);
  CHECK(response.body.size() <= (1u << 20));
  // Without Content-Length (chunked), the write callback stops it.
  RawServer chunked([](const std::string&) {
    std::string chunk(64 << 10, 'y');
    std::string out = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n";
    char size[16];
    std::snprintf(size, sizeof size, "%zx\r\n", chunk.size());
    for (int i = 0; i < 40; ++i) out += size + chunk + "\r\n";
    return out + "0\r\n\r\n";
  });
  Response streamed = client.send({.url = chunked.url()});
  CHECK(streamed.transport == Transport::kTooLarge);
  CHECK(streamed.body.size() <= (1u << 20));
}

TEST_CASE("many requests share one connection", "[http]") {
  LoopbackServer server(echo_routes);
  Client client;
  int new_connections = 0;
  for (int i = 0; i < 50; ++i) {
    Response response = client.send({.url = server.url("/hello")});
    REQUIRE(response.status == 200);
    new_connections += response.new_connection;
  }
  CHECK(new_connections == 1);
  CHECK(client.stats().requests == 50);
  CHECK(client.stats().connections == 1);
}

TEST_CASE("concurrent sends all succeed, each on a pooled connection", "[http]") {
  LoopbackServer server(echo_routes);
  Client client({.max_idle_connections = 4});
  std::atomic<int> ok{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t)
    threads.emplace_back([&] {
      for (int i = 0; i < 25; ++i) ok += client.send({.url = server.url("/hello")}).status == 200;
    });
  for (auto& thread : threads) thread.join();
  CHECK(ok == 100);
  CHECK(client.stats().requests == 100);
  CHECK(client.stats().connections <= 4);
}

TEST_CASE("the request log redacts credentials", "[http][redact]") {
  LoopbackServer server(echo_routes);
  std::mutex mutex;
  std::vector<std::string> lines;
  Client client({.log = [&](std::string_view line) {
    std::lock_guard lock(mutex);
    lines.emplace_back(line);
  }});
  client.send({.url = server.url("/hello?consumer_key=ck_abc&consumer_secret=cs_def&per_page=100"),
               .headers = {{"Authorization", "Basic c2VjcmV0"}, {"Cookie", "session=s3cr3t"}},
               .correlation_id = "order-727"});
  client.send({.method = "POST", .url = server.url("/echo"), .body = "{\"password\":\"hunter2\"}",
               .redact = {"hunter2"}});
  REQUIRE(lines.size() == 2);
  CHECK(lines[0].find("ck_abc") == std::string::npos);
  CHECK(lines[0].find("cs_def") == std::string::npos);
  CHECK(lines[0].find("c2VjcmV0") == std::string::npos);
  CHECK(lines[0].find("s3cr3t") == std::string::npos);
  CHECK(lines[0].find("consumer_secret=[redacted]") != std::string::npos);
  CHECK(lines[0].find("per_page=100") != std::string::npos);
  CHECK(lines[0].find("-> 200") != std::string::npos);
  CHECK(lines[0].find("cid=order-727") != std::string::npos);
  CHECK(lines[1].find("hunter2") == std::string::npos);
}

TEST_CASE("redact_url hides credential parameters and URL passwords", "[http][redact]") {
  CHECK(redact_url("http://h/p?a=1&consumer_secret=cs_x") == "http://h/p?a=1&consumer_secret=[redacted]");
  CHECK(redact_url("http://h/p?oauth_consumer_key=ck&oauth_nonce=n&oauth_signature=s%3D") ==
        "http://h/p?oauth_consumer_key=[redacted]&oauth_nonce=n&oauth_signature=[redacted]");
  CHECK(redact_url("https://user:pw@h:8080/x?token=t#frag") == "https://user:[redacted]@h:8080/x?token=[redacted]#frag");
  CHECK(redact_url("http://h/p") == "http://h/p");
  CHECK(redact_url("http://h/p?flag") == "http://h/p?flag");
}

TEST_CASE("url_encode keeps unreserved characters only", "[http]") {
  CHECK(url_encode("abcXYZ019-._~") == "abcXYZ019-._~");
  CHECK(url_encode("a b&c=d/é") == "a%20b%26c%3Dd%2F%C3%A9");
  CHECK(url_encode("") == "");
}

TEST_CASE("loopback is never sent to a proxy from the environment", "[http]") {
  LoopbackServer server(echo_routes);
  // A proxy that does not exist: any request sent through it would fail to connect.
  ::setenv("http_proxy", "http://127.0.0.1:9", 1);
  ::unsetenv("no_proxy");
  ::unsetenv("NO_PROXY");
  Client client;
  Response response = client.send({.url = server.url("/hello")});
  ::unsetenv("http_proxy");
  CHECK(response.status == 200);
}

namespace {

struct HtmlInsteadOfJson : FaultInjector {
  std::atomic<int> seen{0};
  std::optional<Response> before(const Request& request) override {
    ++seen;
    if (request.url.find("/refuse") == std::string::npos) return std::nullopt;
    Response fake;
    fake.transport = Transport::kConnect;
    fake.error = "injected reset";
    return fake;
  }
  void after(const Request&, Response& response) override {
    response.headers = {{"Content-Type", "text/html"}};
    response.body = "<html>Bad gateway</html>";
  }
};

}  // namespace

TEST_CASE("the fault injector answers in place of the server or changes its answer", "[http]") {
  LoopbackServer server(echo_routes);
  auto faults = std::make_shared<HtmlInsteadOfJson>();
  std::vector<std::string> lines;
  Client client({.log = [&](std::string_view line) { lines.emplace_back(line); }, .faults = faults});
  Response changed = client.send({.url = server.url("/hello")});
  CHECK(changed.status == 200);
  CHECK(changed.content_type() == "text/html");
  Response refused = client.send({.url = server.url("/refuse")});
  CHECK(refused.transport == Transport::kConnect);
  CHECK(refused.error == "injected reset");
  CHECK(faults->seen == 2);
  REQUIRE(lines.size() == 2);
  CHECK(lines[1].find("injected") != std::string::npos);
}

namespace {

// A self-signed certificate for 127.0.0.1, made with the openssl command line in a fresh directory.
struct SelfSignedCertificate {
  std::string dir;
  std::string cert, key;
  SelfSignedCertificate() {
    char pattern[] = "/tmp/syncloom-tls-XXXXXX";
    dir = ::mkdtemp(pattern);
    cert = dir + "/cert.pem";
    key = dir + "/key.pem";
    std::string command = "openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj /CN=127.0.0.1 "
                          "-addext subjectAltName=IP:127.0.0.1 -keyout " + key + " -out " + cert + " 2>/dev/null";
    ok = std::system(command.c_str()) == 0;
  }
  ~SelfSignedCertificate() { std::system(("rm -rf " + dir).c_str()); }
  bool ok = false;
};

}  // namespace

TEST_CASE("TLS certificates are verified by default", "[http][tls]") {
  SelfSignedCertificate certificate;
  REQUIRE(certificate.ok);
  httplib::SSLServer server(certificate.cert.c_str(), certificate.key.c_str());
  REQUIRE(server.is_valid());
  server.Get("/hello", [](const httplib::Request&, httplib::Response& res) { res.set_content("secure", "text/plain"); });
  int port = server.bind_to_any_port("127.0.0.1");
  std::thread thread([&] { server.listen_after_bind(); });
  while (!server.is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  std::string url = "https://127.0.0.1:" + std::to_string(port) + "/hello";

  Response refused = Client().send({.url = url});
  CHECK(refused.transport == Transport::kTls);  // self-signed: not trusted
  Response trusted = Client({.ca_file = certificate.cert}).send({.url = url});
  CHECK(trusted.transport == Transport::kOk);
  CHECK(trusted.body == "secure");
  Response unverified = Client({.verify_tls = false}).send({.url = url});
  CHECK(unverified.body == "secure");
  server.stop();
  thread.join();
}
