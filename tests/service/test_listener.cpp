// The listener tests' fixture (see test_listener.hpp).
#include "test_listener.hpp"

#include <catch2/catch.hpp>

#include "syncloom/service/listener_metrics.hpp"

namespace syncloom::service::testing {

TestListener::TestListener(ListenerConfig config, std::chrono::milliseconds sync_deadline) {
  on_webhook = [](HttpRequest req, Responder r) { r.respond(HttpResponse::text(200, "ok " + req.param)); };
  on_sync = on_webhook;
  Router router;
  router.add("POST", "/webhooks/{system}", [this](HttpRequest req, Responder r) {
    {
      std::lock_guard lock(mutex);
      webhooks.push_back(req);
    }
    on_webhook(std::move(req), std::move(r));
  });
  router.add("POST", "/v1/sync/{domain}", [this](HttpRequest req, Responder r) { on_sync(std::move(req), std::move(r)); },
             {.deadline = sync_deadline});
  router.add("GET", "/health", [](HttpRequest, Responder r) { r.respond(HttpResponse::text(200, "ok\n")); });
  router.add("GET", "/ready", [](HttpRequest, Responder r) { r.respond(HttpResponse::text(200, "ready\n")); });
  router.add("GET", "/metrics", [this](HttpRequest, Responder r) {
    std::string text;
    append_prometheus(listener->stats(), text);
    r.respond(HttpResponse::text(200, std::move(text), "text/plain; version=0.0.4"));
  });
  router.add("GET", "/v1/admin/*", [](HttpRequest req, Responder r) {
    r.respond(HttpResponse::text(200, "{\"admin\":\"" + req.param + "\"}", "application/json"));
  }, {.admin = true});
  auto started = HttpListener::start(std::move(config), std::move(router), [this](const RequestLogEntry& e) {
    std::lock_guard lock(mutex);
    log_lines.push_back(to_json_line(e));
  });
  INFO(started.error);
  REQUIRE(started.listener);
  listener = std::move(started.listener);
}

TestListener::~TestListener() {
  if (listener) listener->stop(std::chrono::seconds(2));
}

std::vector<std::string> TestListener::logs() {
  std::lock_guard lock(mutex);
  return log_lines;
}

}  // namespace syncloom::service::testing
