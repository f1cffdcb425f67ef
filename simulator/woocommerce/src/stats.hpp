// Request counters for benchmarks (`GET /__sim/stats`): API requests, distinct client connections (remote
// address and port pairs: requests per connection shows reuse), answers by status, and the process's CPU time.
#pragma once

#include "json.hpp"

#include <cstdint>
#include <map>
#include <mutex>
#include <set>
#include <string>

namespace woosim {

class Stats {
 public:
  void count(const std::string& remote, int port, int status);
  Json describe() const;
  void reset();

 private:
  mutable std::mutex mu_;
  int64_t requests_ = 0;
  std::set<std::pair<std::string, int>> connections_;
  std::map<int, int64_t> by_status_;
};

}  // namespace woosim
