// The listener tests' raw HTTP client (see raw_http_client.hpp).
#include "raw_http_client.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <strings.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>

namespace syncloom::service::testing {

using Clock = std::chrono::steady_clock;

std::string RawResponse::header(std::string_view name) const {
  size_t pos = 0;
  while ((pos = head.find("\r\n", pos)) != std::string::npos) {
    pos += 2;
    if (head.size() - pos > name.size() && strncasecmp(head.data() + pos, name.data(), name.size()) == 0 &&
        head[pos + name.size()] == ':') {
      size_t start = head.find_first_not_of(' ', pos + name.size() + 1);
      size_t end = head.find("\r\n", start);
      return head.substr(start, end == std::string::npos ? std::string::npos : end - start);
    }
  }
  return "";
}

RawConnection::RawConnection(uint16_t port) {
  fd_ = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(port);
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (fd_ >= 0 && connect(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    close(fd_);
    fd_ = -1;
  }
}

RawConnection::~RawConnection() {
  if (fd_ >= 0) close(fd_);
}

bool RawConnection::send(std::string_view bytes) {
  while (!bytes.empty()) {
    ssize_t n = ::send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL);
    if (n <= 0) return false;
    bytes.remove_prefix(static_cast<size_t>(n));
  }
  return true;
}

RawResponse RawConnection::read_response(std::chrono::milliseconds timeout) {
  RawResponse r;
  auto deadline = Clock::now() + timeout;
  for (;;) {
    if (auto end = pending_.find("\r\n\r\n"); end != std::string::npos) {
      r.head = pending_.substr(0, end);
      size_t length = std::strtoul(r.header("Content-Length").c_str(), nullptr, 10);
      if (pending_.size() >= end + 4 + length) {
        r.status = std::atoi(r.head.c_str() + 9);
        r.body = pending_.substr(end + 4, length);
        pending_.erase(0, end + 4 + length);
        return r;
      }
    }
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
    pollfd p{fd_, POLLIN, 0};
    if (left <= 0 || poll(&p, 1, static_cast<int>(left)) <= 0) return r;
    char buf[16384];
    ssize_t n = recv(fd_, buf, sizeof buf, 0);
    if (n <= 0) {
      r.closed = true;
      return r;
    }
    pending_.append(buf, static_cast<size_t>(n));
  }
}

bool RawConnection::closed_within(std::chrono::milliseconds timeout) {
  auto deadline = Clock::now() + timeout;
  for (;;) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
    pollfd p{fd_, POLLIN, 0};
    if (left <= 0 || poll(&p, 1, static_cast<int>(left)) <= 0) return false;
    char buf[16384];
    if (recv(fd_, buf, sizeof buf, 0) <= 0) return true;
  }
}

RawResponse request(uint16_t port, std::string_view method, std::string_view path, std::string_view body,
                    std::string_view extra_headers) {
  RawConnection c(port);
  std::string req = std::string(method) + " " + std::string(path) + " HTTP/1.1\r\nHost: 127.0.0.1\r\n";
  req += extra_headers;
  if (!body.empty() || method == "POST") req += "Content-Length: " + std::to_string(body.size()) + "\r\n";
  req += "\r\n";
  req += body;
  if (!c.ok() || !c.send(req)) return {};
  return c.read_response();
}

}  // namespace syncloom::service::testing
