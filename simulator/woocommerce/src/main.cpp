// syncloom-woosim: starts the simulator, prints "woosim listening on URL" once it accepts connections, and
// stops cleanly on SIGTERM or SIGINT.
#include "options.hpp"
#include "sim.hpp"

#include <atomic>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <iostream>
#include <thread>

#include <unistd.h>

int main(int argc, char** argv) {
  woosim::Options options;
  std::string error;
  bool help = false;
  if (!woosim::parse_options(argc, argv, options, error, help)) {
    std::cerr << "syncloom-woosim: " << error << "\n" << woosim::usage_text();
    return 2;
  }
  if (help) {
    std::cout << woosim::usage_text();
    return 0;
  }
  // Block the stop signals in every thread; one thread waits for them and stops the server.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGTERM);
  sigaddset(&stop_signals, SIGINT);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);
  std::signal(SIGPIPE, SIG_IGN);

  woosim::Simulator sim(options);
  if (!sim.bind(error)) {
    std::cerr << "syncloom-woosim: " << error << "\n";
    return 1;
  }
  // A stop that lands before the server's accept loop has started is lost inside cpp-httplib, so the waiter
  // repeats it until serve() has returned.
  std::atomic<bool> served{false};
  std::thread waiter([&] {
    int sig = 0;
    sigwait(&stop_signals, &sig);
    while (!served.load()) {
      sim.stop();
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
  });
  std::cout << "woosim listening on " << sim.scheme() << "://" << options.host << ":" << sim.port() << std::endl;
  bool ok = sim.serve();
  served.store(true);
  // serve() also ends if the listener fails: wake the waiter (the signal stays blocked, so it is only ever
  // taken by sigwait) so that it can be joined.
  if (!ok) std::cerr << "syncloom-woosim: the server stopped unexpectedly\n";
  kill(getpid(), SIGTERM);
  waiter.join();
  return ok ? 0 : 1;
}
