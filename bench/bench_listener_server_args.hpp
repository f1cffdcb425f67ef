// Command line shared by the two listener benchmark servers: port, threads, commit period, lifetime.
#pragma once

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>

namespace syncloom::bench {

struct ServerArgs {
  int port = 0;
  unsigned threads = 2;
  std::chrono::microseconds commit{3500};
  std::chrono::seconds lifetime{120};  // bounded: the server exits by itself
};

inline bool parse_server_args(int argc, char** argv, ServerArgs& a) {
  for (int i = 1; i + 1 < argc; i += 2) {
    std::string k = argv[i];
    long v = std::atol(argv[i + 1]);
    if (k == "--port") a.port = static_cast<int>(v);
    else if (k == "--threads") a.threads = static_cast<unsigned>(v);
    else if (k == "--commit-us") a.commit = std::chrono::microseconds(v);
    else if (k == "--seconds") a.lifetime = std::chrono::seconds(v < 600 ? v : 600);
    else {
      std::fprintf(stderr, "usage: %s [--port P] [--threads N] [--commit-us US] [--seconds S]\n", argv[0]);
      return false;
    }
  }
  return true;
}

}  // namespace syncloom::bench
