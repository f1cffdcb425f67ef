// The listener benchmark's cpp-httplib side (Debian's 0.11): a minimal server whose `POST /webhooks/woo`
// handler blocks its pool thread until the group-commit ticker's next commit is durable (cpp-httplib
// answers only when the handler returns: it has no way to answer later from another thread).
#include <httplib.h>

#include <thread>

#include "bench_listener_server_args.hpp"
#include "group_commit_ticker.hpp"

int main(int argc, char** argv) {
  syncloom::bench::ServerArgs args;
  if (!syncloom::bench::parse_server_args(argc, argv, args)) return 2;
  syncloom::bench::GroupCommitTicker ticker(args.commit);
  httplib::Server server;
  unsigned threads = args.threads;
  server.new_task_queue = [threads] { return new httplib::ThreadPool(threads); };
  server.set_payload_max_length(1u << 20);
  server.set_read_timeout(2, 0);
  server.set_keep_alive_max_count(1000000);  // keep-alive as the other side does
  server.set_keep_alive_timeout(60);
  server.Post("/webhooks/woo", [&](const httplib::Request&, httplib::Response& res) {
    ticker.wait_durable();
    res.status = 200;
  });
  int port = args.port == 0 ? server.bind_to_any_port("127.0.0.1")
                            : (server.bind_to_port("127.0.0.1", args.port) ? args.port : -1);
  if (port <= 0) {
    std::fprintf(stderr, "cannot listen on 127.0.0.1:%d\n", args.port);
    return 1;
  }
  std::printf("listening %d\n", port);
  std::fflush(stdout);
  std::thread stopper([&] {
    std::this_thread::sleep_for(args.lifetime);
    server.stop();
  });
  server.listen_after_bind();
  stopper.join();
  return 0;
}
