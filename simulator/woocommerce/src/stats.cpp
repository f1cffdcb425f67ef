// Stats: counters under a mutex; CPU time from getrusage.
#include "stats.hpp"

#include <sys/resource.h>

namespace woosim {

void Stats::count(const std::string& remote, int port, int status) {
  std::lock_guard lock(mu_);
  ++requests_;
  connections_.emplace(remote, port);
  ++by_status_[status];
}

Json Stats::describe() const {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  auto us = [](const timeval& t) { return static_cast<int64_t>(t.tv_sec) * 1000000 + t.tv_usec; };
  std::lock_guard lock(mu_);
  Json statuses = Json::object();
  for (const auto& [status, n] : by_status_) statuses[std::to_string(status)] = n;
  return Json{{"api_requests", requests_}, {"connections", connections_.size()}, {"by_status", statuses},
              {"cpu_user_us", us(usage.ru_utime)}, {"cpu_system_us", us(usage.ru_stime)}};
}

void Stats::reset() {
  std::lock_guard lock(mu_);
  requests_ = 0;
  connections_.clear();
  by_status_.clear();
}

}  // namespace woosim
