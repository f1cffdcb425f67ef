// The WooCommerce connector against the store simulator's injected faults ([live]: run by
// tests/connectors/woo_against_woosim.sh, skipped when SYNCLOOM_WOO_URL names no store): 429 with
// Retry-After, 5xx pages, HTML with status 200, cut-off JSON, slow answers and timeouts are each classified
// right, and a sweep that retries what is retryable gets every order exactly once.
#include <catch2/catch.hpp>

#include <cstdlib>
#include <map>
#include <set>

#include "syncloom/connectors/connector.hpp"
#include "syncloom/http/client.hpp"

using namespace syncloom::connectors;

namespace {

std::string env(const char* name) {
  const char* v = std::getenv(name);
  return v ? v : "";
}

std::unique_ptr<Connector> store(std::chrono::milliseconds timeout = std::chrono::milliseconds(10000)) {
  SystemConfig config;
  config.name = "woo";
  config.kind = "woocommerce";
  config.url = env("SYNCLOOM_WOO_URL");
  config.timeout = timeout;
  config.budget = {.concurrency = 4, .requests = 1000, .window = std::chrono::milliseconds(1000)};
  config.settings["consumer_key"] = {env("SYNCLOOM_WOO_KEY"), true, 0};
  config.settings["consumer_secret"] = {env("SYNCLOOM_WOO_SECRET"), true, 0};
  Made made = make_connector(config);
  INFO(made.error);
  REQUIRE(made.connector);
  return std::move(made.connector);
}

// The simulator's control API (docs/woosim.md, "Faults").
void faults(const std::string& body) {
  syncloom::http::Client client;
  auto r = client.send({.method = body.empty() ? "DELETE" : "POST",
                        .url = env("SYNCLOOM_WOO_URL") + "/__sim/faults",
                        .headers = {{"Content-Type", "application/json"}},
                        .body = body});
  REQUIRE(r.status == 200);
}

// Every order id of a sweep of `page_size` pages, retrying a page while its outcome is retryable.
std::vector<std::string> sweep(Connector& c, unsigned page_size, std::map<std::string, int>* failures) {
  std::vector<std::string> ids;
  ListQuery query{.record = "order", .page_size = page_size};
  for (int guard = 0; guard < 2000; ++guard) {
    Page page = c.list(query);
    if (!page.outcome.ok()) {
      INFO(describe(page.outcome));
      REQUIRE(page.outcome.kind == OutcomeKind::kRetryable);
      if (failures) ++(*failures)[page.outcome.http_status == 429 ? "429" : page.outcome.code];
      continue;  // the same page again
    }
    for (const Fetched& f : page.records) ids.push_back(f.id);
    if (page.next_page.empty()) return ids;
    query.page = page.next_page;
  }
  FAIL("the sweep did not end");
  return ids;
}

}  // namespace

TEST_CASE("live store faults: each answer is classified, and a retried sweep loses and repeats nothing", "[woo][live]") {
  if (env("SYNCLOOM_WOO_URL").empty()) return;
  faults("");
  auto c = store();
  std::vector<std::string> clean = sweep(*c, 5, nullptr);
  REQUIRE(clean.size() >= 10);

  SECTION("one fault at a time") {
    faults(R"({"rate_limit_next":1,"retry_after":1})");
    Page p = c->list({.record = "order", .page_size = 5});
    CHECK(p.outcome.kind == OutcomeKind::kRetryable);
    CHECK(p.outcome.http_status == 429);
    CHECK(p.outcome.throttled);
    REQUIRE(p.outcome.retry_after);
    CHECK(p.outcome.retry_after->count() == 1000);

    faults(R"({"server_error_next":1,"server_error_status":502})");
    p = c->list({.record = "order", .page_size = 5});
    CHECK(p.outcome.kind == OutcomeKind::kRetryable);
    CHECK(p.outcome.http_status == 502);

    faults(R"({"html_next":1})");
    p = c->list({.record = "order", .page_size = 5});
    CHECK(p.outcome.kind == OutcomeKind::kRetryable);
    CHECK(p.outcome.http_status == 200);
    CHECK_THAT(p.outcome.message, Catch::Contains("HTML") || Catch::Contains("html"));

    faults(R"({"truncate_next":1})");
    Fetched f = c->get("order", clean.front());
    CHECK(f.outcome.kind == OutcomeKind::kRetryable);
    CHECK_FALSE(f.found);

    faults(R"({"slow_share":1,"slow_ms":1500})");
    auto impatient = store(std::chrono::milliseconds(300));
    f = impatient->get("order", clean.front());
    CHECK(f.outcome.kind == OutcomeKind::kRetryable);
    CHECK(f.outcome.http_status == 0);  // no answer arrived
    faults("");
    CHECK(c->get("order", clean.front()).outcome.ok());
  }

  SECTION("a sweep through a mix of faults") {
    faults(R"({"seed":5,"rate_limit_share":0.05,"retry_after":1,"server_error_share":0.15,"html_share":0.1,)"
           R"("truncate_share":0.1,"slow_share":0.2,"slow_ms":30})");
    std::map<std::string, int> failures;
    std::vector<std::string> faulted = sweep(*c, 5, &failures);
    faults("");
    int total = 0;
    for (const auto& [what, n] : failures) total += n;
    INFO("retried " << total << " pages");
    CHECK(total > 0);
    CHECK(std::multiset<std::string>(faulted.begin(), faulted.end()) == std::multiset<std::string>(clean.begin(), clean.end()));
    CHECK(std::set<std::string>(faulted.begin(), faulted.end()).size() == faulted.size());
    CHECK(c->stats().throttled >= static_cast<uint64_t>(failures["429"]));
  }
}

TEST_CASE("live store: a wrong secret is an auth outcome", "[woo][live]") {
  if (env("SYNCLOOM_WOO_URL").empty()) return;
  SystemConfig config;
  config.name = "woo";
  config.kind = "woocommerce";
  config.url = env("SYNCLOOM_WOO_URL");
  config.settings["consumer_key"] = {env("SYNCLOOM_WOO_KEY"), true, 0};
  config.settings["consumer_secret"] = {"cs_not_the_secret", true, 0};
  Made made = make_connector(config);
  REQUIRE(made.connector);
  Fetched f = made.connector->get("order", "1");
  CHECK(f.outcome.kind == OutcomeKind::kAuth);
  CHECK(f.outcome.http_status == 401);
  CHECK(f.outcome.message.find("cs_not_the_secret") == std::string::npos);
}
