// syncloom-woosim: starts the simulator, prints "woosim listening on URL" once it accepts connections, and
// stops cleanly on SIGTERM or SIGINT.
#include "options.hpp"
#include "sim.hpp"

#include <csignal>
#include <cstdio>
#include <iostream>
#include <thread>

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
  std::thread waiter([&] {
    int sig = 0;
    sigwait(&stop_signals, &sig);
    sim.stop();
  });
  std::cout << "woosim listening on http://" << options.host << ":" << sim.port() << std::endl;
  bool ok = sim.serve();
  // serve() also ends if the listener fails; wake the waiter so that it can be joined.
  if (!ok) std::cerr << "syncloom-woosim: the server stopped unexpectedly\n";
  pthread_kill(waiter.native_handle(), SIGTERM);
  waiter.join();
  sim.stop();
  return ok ? 0 : 1;
}
