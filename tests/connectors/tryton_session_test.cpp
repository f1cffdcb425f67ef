// Contract tests against the real Tryton: refused logins, and answers that are not JSON-RPC (through the
// http FaultInjector seam) classified retryable. Sessions deleted on the server: tryton_relogin_test.cpp.
#include <cstdlib>
#include <mutex>
#include <thread>

#include "tryton_fixture.hpp"

using namespace tryton_test;

namespace {

/// Rewrites the answer of the n-th request whose body contains `method`.
class AnswerRewriter : public http::FaultInjector {
 public:
  enum class Mode { kHtml, kTruncate, kTransportCut, k503 };
  AnswerRewriter(std::string method, Mode mode) : method_(std::move(method)), mode_(mode) {}
  std::optional<http::Response> before(const http::Request&) override { return std::nullopt; }
  void after(const http::Request& request, http::Response& response) override {
    std::lock_guard lock(mutex_);
    if (done_ || request.body.find("\"" + method_ + "\"") == std::string::npos) return;
    done_ = true;
    switch (mode_) {
      case Mode::kHtml:
        response.body = "<html><body><h1>502 Bad Gateway</h1></body></html>";
        for (auto& h : response.headers)
          if (h.name == "Content-Type" || h.name == "content-type") h.value = "text/html";
        break;
      case Mode::kTruncate: response.body = response.body.substr(0, response.body.size() / 2); break;
      case Mode::kTransportCut:
        response.transport = http::Transport::kTruncated;
        response.error = "connection closed after 12 of 80 bytes";
        break;
      case Mode::k503:
        response.status = 503;
        response.headers.push_back({"Retry-After", "1"});
        break;
    }
  }

 private:
  std::string method_;
  Mode mode_;
  std::mutex mutex_;
  bool done_ = false;
};

}  // namespace

TEST_CASE("a wrong password is an auth outcome, and nothing else is tried", "[tryton][contract]") {
  auto c = connect(nullptr, config("not-the-password"));
  Fetched got = c->get("customer", "1");
  CHECK(got.outcome.kind == OutcomeKind::kAuth);
  CHECK(got.outcome.message.find("not-the-password") == std::string::npos);
  CHECK(c->stats().requests == 1);
}

TEST_CASE("answers that are not JSON-RPC are retryable and say why", "[tryton][contract]") {
  std::string id = make_customer(*connect(), unique("C"));
  SECTION("an HTML page with status 200") {
    auto c = connect(std::make_shared<AnswerRewriter>("model.party.party.search_read", AnswerRewriter::Mode::kHtml));
    Fetched got = c->get("customer", id);
    CHECK(got.outcome.kind == OutcomeKind::kRetryable);
    CHECK(got.outcome.code == "html_body");
    CHECK(got.outcome.message.find("text/html") != std::string::npos);
    CHECK(c->get("customer", id).found);  // the next answer is fine again
  }
  SECTION("JSON cut off in the middle") {
    auto c = connect(std::make_shared<AnswerRewriter>("model.party.party.search_read", AnswerRewriter::Mode::kTruncate));
    Fetched got = c->get("customer", id);
    CHECK(got.outcome.kind == OutcomeKind::kRetryable);
    CHECK(got.outcome.code == "malformed_body");
  }
  SECTION("a connection closed before the body was complete") {
    auto c = connect(std::make_shared<AnswerRewriter>("model.party.party.search_read", AnswerRewriter::Mode::kTransportCut));
    Fetched got = c->get("customer", id);
    CHECK(got.outcome.kind == OutcomeKind::kRetryable);
    CHECK(got.outcome.code == "truncated");
  }
  SECTION("503 with Retry-After") {
    auto c = connect(std::make_shared<AnswerRewriter>("model.party.party.search_read", AnswerRewriter::Mode::k503));
    Fetched got = c->get("customer", id);
    CHECK(got.outcome.kind == OutcomeKind::kRetryable);
    CHECK(got.outcome.http_status == 503);
    CHECK(got.outcome.throttled);
    REQUIRE(got.outcome.retry_after);
    CHECK(got.outcome.retry_after->count() == 1000);
  }
}

TEST_CASE("the request log never shows the password or the session", "[tryton][contract]") {
  SystemConfig cfg = config();
  auto lines = std::make_shared<std::vector<std::string>>();
  auto mutex = std::make_shared<std::mutex>();
  Environment env;
  env.schema_dir = SYNCLOOM_SOURCE_DIR "/schemas";
  env.request_log = [lines, mutex](std::string_view line) {
    std::lock_guard lock(*mutex);
    lines->emplace_back(line);
  };
  std::string error;
  auto c = TrytonConnector::make(cfg, env, &error);
  REQUIRE(c);
  REQUIRE(c->get("customer", "1").outcome.ok());
  REQUIRE(lines->size() >= 3);  // login, preferences, the read
  for (const std::string& line : *lines) {
    INFO(line);
    CHECK(line.find("admin") == std::string::npos);
    CHECK(line.find("Session ") == std::string::npos);
  }
}

TEST_CASE("a server that does not answer is retryable", "[tryton][contract]") {
  SystemConfig cfg = config();
  cfg.url = "http://127.0.0.1:1/";  // nothing listens on port 1
  auto c = connect(nullptr, cfg);
  Fetched got = c->get("customer", "1");
  CHECK(got.outcome.kind == OutcomeKind::kRetryable);
  CHECK(got.outcome.code == "connect");
  auto steps = c->check();
  REQUIRE_FALSE(steps.empty());
  CHECK(steps[0].outcome.kind == OutcomeKind::kRetryable);
}

TEST_CASE("connectors check logs in and reads each record kind", "[tryton][contract]") {
  auto c = connect();
  auto steps = c->check();
  REQUIRE(steps.size() >= 3);
  for (const CheckStep& s : steps) {
    INFO(s.what << ": " << describe(s.outcome) << " " << s.detail);
    CHECK(s.outcome.ok());
  }
  CHECK(steps[1].detail.find("Syncloom Test Shop") != std::string::npos);
}
