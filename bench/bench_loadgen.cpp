// Load generator for the listener benchmarks: N keep-alive connections over loopback, each sending one
// POST after the other for a bounded time; optional idle and slowloris connections alongside; reports
// requests/s, latency percentiles and (with --pid) the server's CPU and memory from /proc.
#include <sys/epoll.h>
#include <unistd.h>

#include <algorithm>
#include <csignal>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "loadgen_common.hpp"

namespace {

using Clock = std::chrono::steady_clock;
namespace bench = syncloom::bench;

struct Options {
  int port = 0;
  int connections = 16;
  double seconds = 5;
  int body_bytes = 1000;
  int idle = 0;       // connections that send nothing
  int slowloris = 0;  // connections that trickle a header byte every 500 ms
  int pid = 0;        // the server, for CPU and memory
  std::string label = "";
};

using bench::connect_loopback;
using bench::take_response;

struct Conn {
  int fd = -1;
  std::string in;
  Clock::time_point sent{};
  long answered = 0;
};

}  // namespace

int main(int argc, char** argv) {
  std::signal(SIGPIPE, SIG_IGN);  // a server closing an abusive connection is expected, not fatal
  Options o;
  for (int i = 1; i + 1 < argc; i += 2) {
    std::string k = argv[i], v = argv[i + 1];
    if (k == "--port") o.port = std::atoi(v.c_str());
    else if (k == "--connections") o.connections = std::atoi(v.c_str());
    else if (k == "--seconds") o.seconds = std::min(60.0, std::atof(v.c_str()));  // bounded
    else if (k == "--body-bytes") o.body_bytes = std::atoi(v.c_str());
    else if (k == "--idle") o.idle = std::atoi(v.c_str());
    else if (k == "--slowloris") o.slowloris = std::atoi(v.c_str());
    else if (k == "--pid") o.pid = std::atoi(v.c_str());
    else if (k == "--label") o.label = v;
    else { std::fprintf(stderr, "bench_loadgen: unknown option %s\n", k.c_str()); return 2; }
  }
  if (o.port == 0) { std::fprintf(stderr, "usage: bench_loadgen --port P [--connections N] [--seconds S] ...\n"); return 2; }

  std::string body = "{\"id\":12345,\"status\":\"processing\",\"note\":\"";
  body += std::string(static_cast<size_t>(std::max(0, o.body_bytes - 50)), 'x') + "\"}";
  std::string request = "POST /webhooks/woo HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                        "X-WC-Webhook-Topic: order.updated\r\nX-WC-Webhook-Signature: c2lnbmF0dXJl\r\n"
                        "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body;

  // Abusers first, so that the measured clients meet them.
  std::vector<int> idle, slow;
  for (int i = 0; i < o.idle; ++i) if (int fd = connect_loopback(o.port); fd >= 0) idle.push_back(fd);
  for (int i = 0; i < o.slowloris; ++i)
    if (int fd = connect_loopback(o.port); fd >= 0) {
      (void)!write(fd, "POST /webhooks/woo HTTP/1.1\r\n", 29);
      slow.push_back(fd);
    }

  int ep = epoll_create1(0);
  std::vector<Conn> conns(static_cast<size_t>(o.connections));
  std::vector<uint32_t> latencies_us;
  latencies_us.reserve(1 << 20);
  long errors = 0, reconnects = 0;
  auto send_next = [&](size_t i) {
    conns[i].sent = Clock::now();
    if (write(conns[i].fd, request.data(), request.size()) != static_cast<ssize_t>(request.size())) ++errors;
  };
  auto open = [&](size_t i) {
    conns[i].fd = connect_loopback(o.port);
    conns[i].in.clear();
    if (conns[i].fd < 0) return false;
    epoll_event ev{};
    ev.events = EPOLLIN;
    ev.data.u64 = i;
    epoll_ctl(ep, EPOLL_CTL_ADD, conns[i].fd, &ev);
    send_next(i);
    return true;
  };
  bench::ProcSample before = bench::sample_process(o.pid);
  auto start = Clock::now();
  auto stop_at = start + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(o.seconds));
  for (size_t i = 0; i < conns.size(); ++i) if (!open(i)) ++errors;
  auto next_trickle = start;
  std::vector<epoll_event> events(256);
  char buf[65536];
  while (Clock::now() < stop_at) {
    int n = epoll_wait(ep, events.data(), static_cast<int>(events.size()), 50);
    for (int e = 0; e < n; ++e) {
      size_t i = events[e].data.u64;
      ssize_t got = read(conns[i].fd, buf, sizeof buf);
      if (got <= 0) {  // the server closed a measured connection: count it, reconnect
        close(conns[i].fd);
        ++errors;
        ++reconnects;
        if (!open(i)) ++errors;
        continue;
      }
      conns[i].in.append(buf, static_cast<size_t>(got));
      while (int status = take_response(conns[i].in)) {
        auto us = std::chrono::duration_cast<std::chrono::microseconds>(Clock::now() - conns[i].sent).count();
        latencies_us.push_back(static_cast<uint32_t>(us));
        ++conns[i].answered;
        if (status != 200) ++errors;
        if (Clock::now() < stop_at) send_next(i);
      }
    }
    if (!slow.empty() && Clock::now() >= next_trickle) {
      for (int fd : slow) (void)!write(fd, "X", 1);
      next_trickle += std::chrono::milliseconds(500);
    }
  }
  double elapsed = std::chrono::duration<double>(Clock::now() - start).count();
  bench::ProcSample after = bench::sample_process(o.pid);
  // Abusers the server closed by the end (a read of 0 or an error on a non-blocking socket).
  auto closed_of = [&](const std::vector<int>& fds) {
    int closed = 0;
    for (int fd : fds) {
      ssize_t r = read(fd, buf, sizeof buf);
      if (r == 0 || (r < 0 && errno != EAGAIN)) ++closed;
      close(fd);
    }
    return closed;
  };
  int idle_closed = closed_of(idle), slow_closed = closed_of(slow);
  // Connections that got no answer at all: their waits are in no percentile, so they are counted here.
  long never_answered = 0;
  for (auto& c : conns) {
    if (c.answered == 0) ++never_answered;
    close(c.fd);
  }
  close(ep);

  std::sort(latencies_us.begin(), latencies_us.end());
  auto pct = [&](double p) { return bench::percentile_ms(latencies_us, p); };
  double cpu = o.pid ? 100.0 * static_cast<double>(after.ticks - before.ticks) / static_cast<double>(sysconf(_SC_CLK_TCK)) / elapsed : 0;
  std::printf("| %s | %d | %.0f | %.2f | %.2f | %.2f | %.0f%% | %.1f MB | %ld | %ld | idle %d/%zu, slow %d/%zu |\n",
              o.label.c_str(), o.connections, static_cast<double>(latencies_us.size()) / elapsed, pct(0.5), pct(0.99),
              latencies_us.empty() ? 0.0 : latencies_us.back() / 1000.0, cpu, static_cast<double>(after.hwm_kb) / 1024.0, errors,
              never_answered, idle_closed, idle.size(), slow_closed, slow.size());
  return 0;
}
