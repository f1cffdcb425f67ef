// The listener benchmark's Boost.Beast side: syncloom::service_http itself, `POST /webhooks/{system}`
// answered 200 from the group-commit ticker's thread once the simulated commit is durable (or at once).
#include <memory>
#include <thread>

#include "bench_listener_server_args.hpp"
#include "group_commit_ticker.hpp"
#include "syncloom/service/http_listener.hpp"

using namespace syncloom;

int main(int argc, char** argv) {
  bench::ServerArgs args;
  if (!bench::parse_server_args(argc, argv, args)) return 2;
  bench::GroupCommitTicker ticker(args.commit.count() ? args.commit : std::chrono::microseconds(3500));
  service::Router router;
  router.add("POST", "/webhooks/{system}", [&](service::HttpRequest, service::Responder r) {
    // --commit-us 0: answered at once, the listener's own ceiling (scripts/bench-service's baseline).
    if (args.commit.count() == 0) {
      r.respond(service::HttpResponse::text(200, "", ""));
      return;
    }
    auto shared = std::make_shared<service::Responder>(std::move(r));
    ticker.enqueue([shared] { shared->respond(service::HttpResponse::text(200, "", "")); });
  });
  service::ListenerConfig config;
  config.port = static_cast<uint16_t>(args.port);
  config.threads = args.threads;
  config.max_connections = 4096;
  config.header_timeout = std::chrono::seconds(2);
  auto started = service::HttpListener::start(config, std::move(router));
  if (!started.listener) {
    std::fprintf(stderr, "%s\n", started.error.c_str());
    return 1;
  }
  std::printf("listening %u\n", started.listener->port());
  std::fflush(stdout);
  std::this_thread::sleep_for(args.lifetime);
  auto s = started.listener->stats();
  started.listener->stop(std::chrono::seconds(1));
  std::fprintf(stderr, "requests %llu, 2xx %llu, timeouts %llu, idle closed %llu\n",
               static_cast<unsigned long long>(s.requests), static_cast<unsigned long long>(s.responses_2xx),
               static_cast<unsigned long long>(s.request_timeouts), static_cast<unsigned long long>(s.idle_closed));
  return 0;
}
