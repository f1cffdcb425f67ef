// The listener's insides: the shared state (io_context, acceptor, counters, live sessions) and one
// connection's session. Boost types stay here, out of the public headers.
#pragma once

#include <atomic>
#include <condition_variable>
#include <mutex>
#include <optional>
#include <thread>
#include <unordered_map>

#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include "syncloom/service/http_listener.hpp"

namespace syncloom::service::detail {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = boost::beast::http;
using tcp = asio::ip::tcp;
using Clock = std::chrono::steady_clock;

/// The counters behind ListenerStats; relaxed atomics, read as a snapshot.
struct Counters {
  std::atomic<uint64_t> connections_accepted{0}, connections_refused{0}, connections_open{0}, requests{0},
      requests_in_flight{0}, responses_2xx{0}, responses_4xx{0}, responses_5xx{0}, body_too_large{0},
      header_too_large{0}, malformed{0}, request_timeouts{0}, idle_closed{0}, not_found{0}, method_not_allowed{0},
      unauthorized{0}, handler_timeouts{0}, accept_errors{0}, bytes_in{0}, bytes_out{0};
  ListenerStats snapshot() const;
};

inline void bump(std::atomic<uint64_t>& c, uint64_t by = 1) { c.fetch_add(by, std::memory_order_relaxed); }

class ListenerImpl : public std::enable_shared_from_this<ListenerImpl> {
 public:
  ListenerImpl(ListenerConfig config, Router router, std::function<void(const RequestLogEntry&)> log);
  std::string open();  // binds and listens; "" or the error
  void run();
  StopReport stop(std::chrono::milliseconds deadline);

  void session_opened(uint64_t id, const std::shared_ptr<Session>& s);
  void session_closed(uint64_t id);

  const ListenerConfig config_;
  const Router router_;
  const std::function<void(const RequestLogEntry&)> log_;
  Counters counters_;
  asio::io_context ioc_;
  asio::strand<asio::io_context::executor_type> accept_strand_;  // the acceptor is not thread-safe
  tcp::acceptor acceptor_;
  asio::steady_timer accept_retry_;
  std::atomic<bool> stopping_{false};
  std::mutex post_mutex_;  // guards stopped_: no hand-over to a session may be queued after it is set
  bool stopped_ = false;
  std::atomic<uint64_t> drained_{0};
  uint16_t port_ = 0;  // the bound port (config_.port, or the one the system chose for 0)

 private:
  void accept();
  void refuse(tcp::socket& socket);

  std::vector<std::thread> threads_;
  std::mutex mutex_;  // guards sessions_ (and the stop's wait)
  std::condition_variable all_closed_;
  std::unordered_map<uint64_t, std::weak_ptr<Session>> sessions_;
  uint64_t next_session_id_ = 0;
  std::once_flag stop_once_;
  StopReport stop_report_{};
};

/// One connection: read a request (idle, header and body phases, each with its timeout), route it,
/// wait for the handler's answer (with a deadline), write it, and again while keep-alive holds.
class Session : public std::enable_shared_from_this<Session> {
 public:
  Session(std::shared_ptr<ListenerImpl> listener, tcp::socket socket, uint64_t id);
  ~Session();
  void start();
  /// From Responder (any thread): wins the request if still pending, then writes on the strand.
  bool complete(uint64_t request_id, HttpResponse response);
  /// From the listener's stop (any thread): close if between requests, else close after the answer.
  void on_stop();
  /// The stop's last step, with the threads joined: close, so that pending operations end.
  void force_close() { close(); }

 private:
  enum class Phase { kIdle, kReading, kHandling, kWriting, kClosing, kClosed };
  void wait_for_request();
  void read_header();
  void on_header(beast::error_code ec);
  void read_body();
  void on_body(beast::error_code ec);
  void on_read_error(beast::error_code ec);
  void dispatch();
  void on_deadline(uint64_t request_id, unsigned status);
  void write(HttpResponse response, bool close);
  void linger_close();
  void discard();
  void close();

  std::shared_ptr<ListenerImpl> listener_;
  beast::tcp_stream stream_;
  beast::flat_buffer buffer_;
  std::optional<http::request_parser<http::string_body>> parser_;
  asio::steady_timer deadline_timer_;
  const uint64_t id_;
  Phase phase_ = Phase::kIdle;
  std::atomic<uint64_t> pending_request_{0};  // the request a Responder may still answer; 0 = none
  uint64_t next_request_ = 0;
  bool keep_alive_ = true;
  bool close_after_ = false;  // the stop asked us to close after this answer
  bool first_request_ = true;  // a fresh connection waits header_timeout for its first byte, not idle_timeout
  Clock::time_point started_{};
  std::string method_, path_;
  uint64_t body_in_ = 0;
  uint64_t lingered_ = 0;
  std::shared_ptr<http::response<http::string_body>> response_;
};

}  // namespace syncloom::service::detail
