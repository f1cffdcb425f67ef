// Test-only: makes a store for the `syncloom dlq` / `status` shell test (dlq_cli.sh) through the Store API:
// two orders and a customer dead-lettered with their attempts, one order pending, one synced. With
// --serve, then serves the admin API over it on 127.0.0.1:PORT with the token in $ADMIN_TOKEN and fake
// connector figures, until its standard input closes (a stand-in for `syncloom run`).
//
//   make_dlq_store PATH [--serve PORT]
#include <cstdlib>
#include <iostream>
#include <string>

#include "syncloom/service/admin_api.hpp"

#include "syncloom/store/store.hpp"

using namespace syncloom::store;

namespace {

template <class T>
T must(Result<T> result, const char* what) {
  if (!result.ok()) {
    std::cerr << what << ": " << result.error().message << "\n";
    std::exit(1);
  }
  return std::move(result).value();
}

Event event(const std::string& domain, const std::string& key, const std::string& payload) {
  return {.system = "woocommerce", .topic = domain == "orders" ? "order.updated" : "customer.created",
          .record = domain == "orders" ? "order" : "customer", .source_id = key, .dedupe_scope = domain,
          .dedupe_key = domain + ":" + key, .payload = payload, .correlation_id = "corr-" + key,
          .work = {{.domain = domain, .key = key}}};
}

// Accepts the event, claims it and fails it for good (after one retryable attempt for `retried`).
void dead(Store& store, const Event& e, const std::string& reason, const std::string& error, bool retried) {
  must(store.accept(e), "accept");
  auto item = must(store.claim({.owner = "make", .limit = 1}), "claim").at(0);
  if (retried) {
    OutboxAttempt busy{.system = "erp", .outcome = "retryable", .message = "HTTP 503: busy"};
    must(store.fail(item.id, item.generation, {.error = "HTTP 503: busy", .reason = "retryable", .retry_at = 0, .attempts = {busy}}),
         "fail");
    item = must(store.claim({.owner = "make", .limit = 1}), "claim again").at(0);
  }
  OutboxAttempt attempt{.system = "erp", .outcome = "permanent", .message = error};
  must(store.fail(item.id, item.generation, {.error = error, .reason = reason, .attempts = {attempt}}), "fail");
}

int serve(Store& store, int port) {
  using namespace syncloom::service;
  Router router;
  add_admin_routes(router, store, {.connectors = [] {
    return std::vector<ConnectorStatus>{{.name = "erp", .kind = "tryton", .in_flight = 3, .max_in_flight = 4,
                                         .budget_concurrency = 4, .requests = 812, .throttled = 2, .retryable = 1,
                                         .permanent = 5, .circuit = "closed"}};
  }, .extra = [] {
    syncloom::wire::Value v = syncloom::wire::Value::object();
    v.set("workers", syncloom::wire::Value::integer(4));
    return v;
  }});
  ListenerConfig config;
  config.port = static_cast<uint16_t>(port);
  const char* token = std::getenv("ADMIN_TOKEN");
  config.admin_token = syncloom::connectors::Secret(token ? token : "");
  auto started = HttpListener::start(std::move(config), std::move(router));
  if (!started.listener) {
    std::cerr << started.error << "\n";
    return 1;
  }
  std::cout << "listening on " << started.listener->port() << std::endl;
  std::string line;
  while (std::getline(std::cin, line)) {
  }
  started.listener->stop(std::chrono::seconds(1));
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2 && !(argc == 4 && std::string(argv[2]) == "--serve")) {
    std::cerr << "usage: make_dlq_store PATH [--serve PORT]\n";
    return 2;
  }
  auto store = must(open_sqlite_store(argv[1]), "open");
  dead(*store, event("orders", "1001", R"({"id":1001,"total":"29.35","billing":{"email":"ann@example"},"line_items":[{"sku":"S-1","price":19.90}]})"),
       "permanent", "permanent: HTTP 400 (rest_invalid_param): billing.email is not an e-mail address", true);
  dead(*store, event("customers", "guest:bob@example.com", R"({"email":"bob@example.com"})"), "permanent",
       "permanent: party: a tax identifier is required", false);
  dead(*store, event("orders", "1002", R"({"id":1002,"total":"5.00","line_items":[]})"), "ref timeout",
       "ref(customers, guest:eve@example.com) not synced within 5m", false);
  must(store->accept(event("orders", "1003", R"({"id":1003})")), "accept");
  auto done = must(store->claim({.owner = "make", .limit = 1}), "claim").at(0);
  must(store->complete(done.id, done.generation,
                       {.xref = Xref{.target_system = "erp", .target_id = "SO-7"}, .mapping = "woocommerce-tryton", .target_id = "SO-7"}),
       "complete");
  must(store->accept(event("orders", "1004", R"({"id":1004})")), "accept");
  must(store->accept(event("orders", "1004", R"({"id":1004})")), "accept duplicate");
  if (argc == 4) return serve(*store, std::stoi(argv[3]));
  return 0;
}
