// The admin API tests' fixture (see admin_fixture.hpp).
#include "admin_fixture.hpp"

#include <catch2/catch.hpp>

#include "../store/sqlite_test_files.hpp"

namespace syncloom::service::testing {

AdminFixture::AdminFixture(AdminSources sources) {
  auto clock_now = now;
  auto opened = store::open_sqlite_store(store::testing::fresh_store_path("admin"), {.clock = [clock_now] { return clock_now->load(); }});
  INFO((opened.ok() ? std::string() : opened.error().message));
  REQUIRE(opened.ok());
  store = std::move(*opened);
  sources.clock = [clock_now] { return clock_now->load(); };
  sources.offload = [this](std::function<void()> job) {
    ++offloaded;
    std::lock_guard lock(mutex_);
    jobs_.emplace_back(std::move(job));
  };
  Router router;
  add_admin_routes(router, *store, std::move(sources));
  ListenerConfig config;
  config.admin_token = connectors::Secret(kAdminToken);
  auto started = HttpListener::start(std::move(config), std::move(router));
  INFO(started.error);
  REQUIRE(started.listener);
  listener = std::move(started.listener);
}

AdminFixture::~AdminFixture() {
  listener->stop(std::chrono::seconds(2));
  std::lock_guard lock(mutex_);
  for (auto& job : jobs_) job.join();  // every job done before the store closes
}

std::int64_t AdminFixture::dead(const std::string& domain, const std::string& key, const std::string& payload,
                                const std::string& reason, const std::string& error, std::int64_t* work_id) {
  store::Event event{.system = "woocommerce", .topic = "order.updated", .record = "order", .source_id = key,
                     .dedupe_scope = domain, .dedupe_key = "d" + std::to_string(++events_), .payload = payload,
                     .correlation_id = "corr-" + key, .work = {{.domain = domain, .key = key}}};
  auto accepted = store->accept(event);
  REQUIRE(accepted.ok());
  auto items = store->claim({.owner = "w", .limit = 1});
  REQUIRE(items.ok());
  REQUIRE(items->size() == 1);
  store::OutboxAttempt attempt{.system = "erp", .outcome = "permanent", .message = error, .at = 0};
  REQUIRE(store->fail((*items)[0].id, (*items)[0].generation, {.error = error, .reason = reason, .attempts = {attempt}}).ok());
  if (work_id) *work_id = (*items)[0].id;
  auto entries = store->dead_letters({.include_closed = true, .limit = 100000});
  REQUIRE(entries.ok());
  return entries->back().id;
}

namespace {
std::string auth(bool token) { return token ? std::string("Authorization: Bearer ") + kAdminToken + "\r\n" : ""; }
}  // namespace

RawResponse AdminFixture::get(const std::string& path, bool token) {
  return request(listener->port(), "GET", path, "", auth(token));
}

RawResponse AdminFixture::post(const std::string& path, const std::string& body, bool token) {
  return request(listener->port(), "POST", path, body, auth(token) + "Content-Type: application/json\r\n");
}

wire::Value AdminFixture::body(const RawResponse& response) {
  auto parsed = wire::parse(response.body);
  INFO(response.body);
  REQUIRE(parsed.value);
  return *parsed.value;
}

}  // namespace syncloom::service::testing
