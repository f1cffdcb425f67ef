// What the load generators (bench_loadgen, bench_intake) share: loopback connections, reading complete
// HTTP responses, percentiles, and the server's CPU and memory from /proc.
#pragma once

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iterator>
#include <sstream>
#include <string>
#include <vector>

namespace syncloom::bench {

/// A non-blocking TCP connection to 127.0.0.1:port with Nagle off; -1 when it cannot connect.
inline int connect_loopback(int port) {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return -1;
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    close(fd);
    return -1;
  }
  int one = 1;
  setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK);
  return fd;
}

/// The server's utime+stime in clock ticks, and its resident memory (now and peak) in KiB.
struct ProcSample {
  long long ticks = 0;
  long rss_kb = 0, hwm_kb = 0;
};

inline ProcSample sample_process(int pid) {
  ProcSample s;
  if (pid == 0) return s;
  std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
  std::string all((std::istreambuf_iterator<char>(stat)), {});
  auto rp = all.rfind(')');
  if (rp != std::string::npos) {
    std::istringstream rest(all.substr(rp + 2));
    std::string field;
    for (int i = 3; i <= 15 && rest >> field; ++i)
      if (i == 14 || i == 15) s.ticks += std::atoll(field.c_str());
  }
  std::ifstream status("/proc/" + std::to_string(pid) + "/status");
  for (std::string line; std::getline(status, line);) {
    if (line.rfind("VmRSS:", 0) == 0) s.rss_kb = std::atol(line.c_str() + 6);
    if (line.rfind("VmHWM:", 0) == 0) s.hwm_kb = std::atol(line.c_str() + 6);
  }
  return s;
}

/// A complete response at the start of `in`: its status (and body, when asked), erased from `in`; 0 when
/// the response is not complete yet.
inline int take_response(std::string& in, std::string* body = nullptr) {
  auto end = in.find("\r\n\r\n");
  if (end == std::string::npos) return 0;
  size_t length = 0;
  std::string head = in.substr(0, end);
  std::transform(head.begin(), head.end(), head.begin(), [](unsigned char c) { return std::tolower(c); });
  if (auto p = head.find("content-length:"); p != std::string::npos) length = std::strtoul(head.c_str() + p + 15, nullptr, 10);
  if (in.size() < end + 4 + length) return 0;
  int status = std::atoi(in.c_str() + 9);
  if (body) body->assign(in, end + 4, length);
  in.erase(0, end + 4 + length);
  return status;
}

/// The p-quantile (0..1) of sorted microsecond latencies, in milliseconds.
inline double percentile_ms(const std::vector<uint32_t>& sorted_us, double p) {
  if (sorted_us.empty()) return 0.0;
  return sorted_us[std::min(sorted_us.size() - 1, static_cast<size_t>(p * static_cast<double>(sorted_us.size())))] / 1000.0;
}

}  // namespace syncloom::bench
