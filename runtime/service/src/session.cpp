// One connection of the listener: read, route, wait for the asynchronous answer, write, keep alive.
#include <strings.h>

#include <boost/asio/ip/tcp.hpp>

#include "listener_impl.hpp"
#include "route_match.hpp"

namespace syncloom::service::detail {

Session::Session(std::shared_ptr<ListenerImpl> listener, tcp::socket socket, uint64_t id)
    : listener_(std::move(listener)), stream_(std::move(socket)), deadline_timer_(stream_.get_executor()), id_(id) {}

Session::~Session() { listener_->session_closed(id_); }

void Session::start() {
  asio::dispatch(stream_.get_executor(), [self = shared_from_this()] { self->wait_for_request(); });
}

// Idle phase: between requests a connection may wait idle_timeout for its next first byte; the
// header_timeout starts only then, so a slowloris cannot hold a connection longer than it.
void Session::wait_for_request() {
  if (listener_->stopping_.load() || close_after_) return close();
  phase_ = Phase::kIdle;
  if (buffer_.size() > 0) return read_header();  // pipelined bytes already here
  // A connection that never sends a request is no keep-alive client: it gets the header timeout, so an
  // idle flood cannot hold the connection slots for the whole keep-alive time.
  const auto& config = listener_->config_;
  stream_.expires_after(first_request_ ? std::min(config.idle_timeout, config.header_timeout) : config.idle_timeout);
  first_request_ = false;
  stream_.async_read_some(buffer_.prepare(4096), [self = shared_from_this()](beast::error_code ec, size_t n) {
    if (ec) {
      if (ec == beast::error::timeout) bump(self->listener_->counters_.idle_closed);
      return self->close();
    }
    self->buffer_.commit(n);
    self->read_header();
  });
}

void Session::read_header() {
  phase_ = Phase::kReading;
  started_ = Clock::now();
  body_in_ = 0;
  parser_.emplace();
  parser_->header_limit(listener_->config_.max_header_bytes);
  parser_->body_limit(listener_->config_.max_body_bytes);
  stream_.expires_after(listener_->config_.header_timeout);
  http::async_read_header(stream_, buffer_, *parser_,
                          [self = shared_from_this()](beast::error_code ec, size_t) { self->on_header(ec); });
}

void Session::on_header(beast::error_code ec) {
  if (ec) return on_read_error(ec);
  method_ = std::string(parser_->get().method_string());
  auto target = parser_->get().target();
  path_ = std::string(target.substr(0, target.find('?')));
  // Refuse a declared oversize body before reading a byte of it.
  if (auto length = parser_->content_length(); length && *length > listener_->config_.max_body_bytes) {
    bump(listener_->counters_.body_too_large);
    return write(HttpResponse::error(413, "body over the limit of " +
                                               std::to_string(listener_->config_.max_body_bytes) + " bytes"), true);
  }
  stream_.expires_after(listener_->config_.body_timeout);
  // A client that asked to be told before it sends its body (curl does for large ones) is told now;
  // otherwise it would wait a second or two for nothing.
  if (beast::iequals(parser_->get()[http::field::expect], "100-continue")) {
    static constexpr std::string_view kContinue = "HTTP/1.1 100 Continue\r\n\r\n";
    return asio::async_write(stream_, asio::buffer(kContinue.data(), kContinue.size()),
                             [self = shared_from_this()](beast::error_code ec2, size_t) {
                               if (ec2) return self->close();
                               self->read_body();
                             });
  }
  read_body();
}

void Session::read_body() {
  http::async_read(stream_, buffer_, *parser_,
                   [self = shared_from_this()](beast::error_code ec, size_t) { self->on_body(ec); });
}

void Session::on_body(beast::error_code ec) {
  if (ec) return on_read_error(ec);
  stream_.expires_never();
  dispatch();
}

void Session::on_read_error(beast::error_code ec) {
  auto& c = listener_->counters_;
  if (ec == beast::error::timeout) {
    bump(c.request_timeouts);  // the stream closed the socket: no 408 can be sent
    return close();
  }
  if (ec == http::error::end_of_stream || ec == asio::error::eof || ec == asio::error::connection_reset ||
      ec == asio::error::operation_aborted || ec == http::error::partial_message)
    return close();
  if (method_.empty()) {  // the request line itself was bad: log it as "-"
    method_ = "-";
    path_ = "-";
  }
  if (ec == http::error::header_limit) {
    bump(c.header_too_large);
    return write(HttpResponse::error(431, "request header over the limit of " +
                                              std::to_string(listener_->config_.max_header_bytes) + " bytes"), true);
  }
  if (ec == http::error::body_limit) {
    bump(c.body_too_large);
    return write(HttpResponse::error(413, "body over the limit of " +
                                              std::to_string(listener_->config_.max_body_bytes) + " bytes"), true);
  }
  bump(c.malformed);
  write(HttpResponse::error(400, "malformed HTTP request: " + ec.message()), true);
}

void Session::dispatch() {
  auto& c = listener_->counters_;
  bump(c.requests);
  auto message = parser_->release();
  parser_.reset();
  keep_alive_ = message.keep_alive();
  HttpRequest request;
  request.method = method_;
  request.path = path_;
  auto target = message.target();
  if (auto q = target.find('?'); q != target.npos) request.query = std::string(target.substr(q + 1));
  for (const auto& field : message)
    request.headers.push_back({std::string(field.name_string()), std::string(field.value())});
  request.body = std::move(message.body());
  body_in_ = request.body.size();
  bump(c.bytes_in, body_in_);

  RouteMatch match = match_route(listener_->router_.routes(), request.method, request.path);
  if (!match.route) {
    if (match.allowed.empty()) {
      bump(c.not_found);
      return write(HttpResponse::error(404, "no route for " + request.path), false);
    }
    bump(c.method_not_allowed);
    auto r = HttpResponse::error(405, request.method + " is not allowed on " + request.path);
    std::string allow;
    for (const auto& m : match.allowed) allow += (allow.empty() ? "" : ", ") + m;
    r.headers.push_back({"Allow", allow});
    return write(std::move(r), false);
  }
  if (match.route->options.admin) {
    const connectors::Secret& token = listener_->config_.admin_token;
    if (token.empty()) {
      bump(c.unauthorized);
      return write(HttpResponse::error(403, "the admin API is disabled (no token configured)"), false);
    }
    auto auth = request.header("Authorization");
    // The scheme is case-insensitive (RFC 9110 11.1); the token is compared in constant time.
    bool ok = auth && auth->size() > 7 && strncasecmp(auth->data(), "Bearer ", 7) == 0 &&
              token.equals(auth->substr(7));
    if (!ok) {
      bump(c.unauthorized);
      auto r = HttpResponse::error(401, "a valid bearer token is required");
      r.headers.push_back({"WWW-Authenticate", "Bearer"});
      return write(std::move(r), false);
    }
  }
  request.param = std::move(match.param);

  // Handed to the handler: the answer may come from any thread, later; the deadline answers otherwise.
  phase_ = Phase::kHandling;
  uint64_t request_id = ++next_request_;
  pending_request_.store(request_id);
  bump(c.requests_in_flight);
  const auto& options = match.route->options;
  deadline_timer_.expires_after(options.deadline.value_or(listener_->config_.handler_timeout));
  unsigned late_status = options.deadline ? 504 : 503;
  deadline_timer_.async_wait([self = shared_from_this(), request_id, late_status](beast::error_code ec) {
    if (!ec) self->on_deadline(request_id, late_status);
  });
  try {
    match.route->handler(std::move(request), Responder(shared_from_this(), request_id));
  } catch (...) {
    // The Responder was destroyed while unwinding and answered 500 already.
  }
}

bool Session::complete(uint64_t request_id, HttpResponse response) {
  uint64_t expected = request_id;
  if (!pending_request_.compare_exchange_strong(expected, 0)) return false;
  listener_->counters_.requests_in_flight.fetch_sub(1, std::memory_order_relaxed);
  // After the stop's deadline nothing runs the executor: the answer goes nowhere (the stop abandoned it).
  std::lock_guard lock(listener_->post_mutex_);
  if (listener_->stopped_) return false;
  if (listener_->stopping_.load()) bump(listener_->drained_);
  asio::post(stream_.get_executor(), [self = shared_from_this(), r = std::move(response)]() mutable {
    self->deadline_timer_.cancel();
    self->write(std::move(r), false);
  });
  return true;
}

void Session::on_deadline(uint64_t request_id, unsigned status) {
  uint64_t expected = request_id;
  if (!pending_request_.compare_exchange_strong(expected, 0)) return;
  listener_->counters_.requests_in_flight.fetch_sub(1, std::memory_order_relaxed);
  bump(listener_->counters_.handler_timeouts);
  write(HttpResponse::error(status, status == 504 ? "deadline exceeded" : "the handler did not answer in time"),
        false);
}

void Session::write(HttpResponse r, bool close) {
  if (phase_ == Phase::kClosed) return;
  phase_ = Phase::kWriting;
  bool keep = keep_alive_ && !close && !close_after_ && !listener_->stopping_.load();
  response_ = std::make_shared<http::response<http::string_body>>(static_cast<http::status>(r.status), 11);
  if (!r.content_type.empty()) response_->set(http::field::content_type, r.content_type);
  for (auto& h : r.headers) response_->insert(h.name, h.value);
  response_->body() = std::move(r.body);
  response_->keep_alive(keep);
  response_->prepare_payload();
  unsigned status = r.status;
  stream_.expires_after(listener_->config_.body_timeout);  // a client that does not read its answer
  http::async_write(stream_, *response_, [self = shared_from_this(), keep, status](beast::error_code ec, size_t) {
    auto& c = self->listener_->counters_;
    bump(status < 300 ? c.responses_2xx : status < 500 ? c.responses_4xx : c.responses_5xx);
    uint64_t out = self->response_->body().size();
    bump(c.bytes_out, out);
    if (self->listener_->log_) {
      double ms = std::chrono::duration<double, std::milli>(Clock::now() - self->started_).count();
      self->listener_->log_({self->method_, self->path_, status, self->body_in_, out, ms});
    }
    self->response_.reset();
    self->method_.clear();
    if (ec) return self->close();
    if (!keep) return self->linger_close();
    self->wait_for_request();
  });
}

void Session::on_stop() {
  asio::post(stream_.get_executor(), [self = shared_from_this()] {
    self->close_after_ = true;
    if (self->phase_ == Phase::kIdle || self->phase_ == Phase::kReading || self->phase_ == Phase::kClosing)
      self->close();
  });
}

// After an answer that ends the connection (413, 400, ...), the client may still be sending: closing
// with unread bytes would reset the connection and could destroy the answer before the client reads it.
// So: half-close, discard what still comes for a bounded time and size, then close.
void Session::linger_close() {
  phase_ = Phase::kClosing;
  beast::error_code ec;
  stream_.socket().shutdown(tcp::socket::shutdown_send, ec);
  lingered_ = 0;
  stream_.expires_after(std::chrono::milliseconds(500));
  discard();
}

void Session::discard() {
  buffer_.clear();
  stream_.async_read_some(buffer_.prepare(16384), [self = shared_from_this()](beast::error_code ec, size_t n) {
    self->lingered_ += n;
    if (ec || self->lingered_ > (4u << 20)) return self->close();
    self->discard();
  });
}

void Session::close() {
  if (phase_ == Phase::kClosed) return;
  phase_ = Phase::kClosed;
  deadline_timer_.cancel();
  beast::error_code ec;
  stream_.socket().shutdown(tcp::socket::shutdown_both, ec);
  stream_.close();
}

}  // namespace syncloom::service::detail
