// A raw loopback HTTP/1.1 client for the listener tests: exact bytes out (malformed, trickled, oversize),
// responses read with a timeout, and whether the server closed the connection.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>

namespace syncloom::service::testing {

struct RawResponse {
  int status = 0;       ///< 0: no complete response (closed or timed out)
  std::string head{};   ///< status line and headers
  std::string body{};
  bool closed = false;  ///< the server closed the connection before a complete response

  /// A header's value from `head` (case-insensitive name), "" when absent.
  std::string header(std::string_view name) const;
};

class RawConnection {
 public:
  explicit RawConnection(uint16_t port);  ///< blocking connect to 127.0.0.1
  ~RawConnection();
  RawConnection(const RawConnection&) = delete;
  RawConnection& operator=(const RawConnection&) = delete;

  bool ok() const { return fd_ >= 0; }
  bool send(std::string_view bytes);
  RawResponse read_response(std::chrono::milliseconds timeout = std::chrono::milliseconds(3000));
  /// Whether the server closes (EOF or reset) within `timeout`, discarding anything it sends first.
  bool closed_within(std::chrono::milliseconds timeout);

 private:
  int fd_ = -1;
  std::string pending_{};
};

/// One request on a fresh connection: `METHOD path`, extra header lines ("Name: value\r\n"...), a body.
RawResponse request(uint16_t port, std::string_view method, std::string_view path, std::string_view body = "",
                    std::string_view extra_headers = "");

}  // namespace syncloom::service::testing
