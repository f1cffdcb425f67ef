// The listener: binding, the accept loop with its connection limit, the threads, the graceful stop,
// and the Responder's hand-over to a session.
#include "syncloom/service/http_listener.hpp"

#include "listener_impl.hpp"

namespace syncloom::service {
namespace detail {

ListenerStats Counters::snapshot() const {
  auto g = [](const std::atomic<uint64_t>& a) { return a.load(std::memory_order_relaxed); };
  ListenerStats s;
  s.connections_accepted = g(connections_accepted);
  s.connections_refused = g(connections_refused);
  s.connections_open = g(connections_open);
  s.requests = g(requests);
  s.requests_in_flight = g(requests_in_flight);
  s.responses_2xx = g(responses_2xx);
  s.responses_4xx = g(responses_4xx);
  s.responses_5xx = g(responses_5xx);
  s.body_too_large = g(body_too_large);
  s.header_too_large = g(header_too_large);
  s.malformed = g(malformed);
  s.request_timeouts = g(request_timeouts);
  s.idle_closed = g(idle_closed);
  s.not_found = g(not_found);
  s.method_not_allowed = g(method_not_allowed);
  s.unauthorized = g(unauthorized);
  s.handler_timeouts = g(handler_timeouts);
  s.accept_errors = g(accept_errors);
  s.bytes_in = g(bytes_in);
  s.bytes_out = g(bytes_out);
  return s;
}

ListenerImpl::ListenerImpl(ListenerConfig config, Router router, std::function<void(const RequestLogEntry&)> log)
    : config_(std::move(config)), router_(std::move(router)), log_(std::move(log)),
      ioc_(static_cast<int>(config_.threads == 0 ? 1 : config_.threads)), accept_strand_(asio::make_strand(ioc_)),
      acceptor_(accept_strand_), accept_retry_(accept_strand_) {}

std::string ListenerImpl::open() {
  beast::error_code ec;
  auto where = config_.address + ":" + std::to_string(config_.port);
  tcp::endpoint endpoint;
  if (auto address = asio::ip::make_address(config_.address, ec); !ec) {
    endpoint = tcp::endpoint(address, config_.port);
  } else {  // a name ("localhost"): its first IPv4 address (IPv6 may be off in containers), else its first
    tcp::resolver resolver(ioc_);
    auto found = resolver.resolve(config_.address, std::to_string(config_.port), ec);
    if (ec || found.empty()) return "cannot listen on " + where + ": cannot resolve " + config_.address;
    endpoint = found.begin()->endpoint();
    for (const auto& entry : found)
      if (entry.endpoint().address().is_v4()) {
        endpoint = entry.endpoint();
        break;
      }
  }
  acceptor_.open(endpoint.protocol(), ec);
  if (!ec) acceptor_.set_option(asio::socket_base::reuse_address(true), ec);
  if (!ec) acceptor_.bind(endpoint, ec);
  if (!ec) acceptor_.listen(asio::socket_base::max_listen_connections, ec);
  if (ec) return "cannot listen on " + where + ": " + ec.message();
  port_ = acceptor_.local_endpoint(ec).port();  // read once: the acceptor is the accept strand's after this
  return "";
}

void ListenerImpl::run() {
  accept();
  unsigned n = config_.threads == 0 ? 1 : config_.threads;
  for (unsigned i = 0; i < n; ++i) threads_.emplace_back([this] { ioc_.run(); });
}

void ListenerImpl::accept() {
  acceptor_.async_accept(asio::make_strand(ioc_), [self = shared_from_this()](beast::error_code ec, tcp::socket socket) {
    if (self->stopping_.load() || ec == asio::error::operation_aborted) return;
    if (!ec) {  // (on the accept strand)
      if (self->counters_.connections_open.load() >= self->config_.max_connections) {
        self->refuse(socket);
      } else {
        beast::error_code ignored;
        socket.set_option(tcp::no_delay(true), ignored);
        uint64_t id;
        {
          std::lock_guard lock(self->mutex_);
          id = ++self->next_session_id_;
        }
        auto session = std::make_shared<Session>(self, std::move(socket), id);
        self->session_opened(id, session);
        session->start();
      }
    }
    if (!ec) return self->accept();
    // An accept error (out of descriptors, most likely) must neither end the loop nor spin on it: count
    // it, and try again a little later, when connections may have closed.
    bump(self->counters_.accept_errors);
    self->accept_retry_.expires_after(std::chrono::milliseconds(50));
    self->accept_retry_.async_wait([self](beast::error_code wait_ec) {
      if (!wait_ec && !self->stopping_.load()) self->accept();
    });
  });
}

// Over the limit: one write of a canned 503 (a new socket's send buffer takes it at once) and close,
// so the refusal costs no thread and no timer.
void ListenerImpl::refuse(tcp::socket& socket) {
  bump(counters_.connections_refused);
  static constexpr std::string_view kBusy =
      "HTTP/1.1 503 Service Unavailable\r\nContent-Type: application/json\r\nContent-Length: 32\r\n"
      "Retry-After: 1\r\nConnection: close\r\n\r\n{\"error\":\"too many connections\"}";
  beast::error_code ec;
  socket.non_blocking(true, ec);
  socket.write_some(asio::buffer(kBusy.data(), kBusy.size()), ec);
  socket.shutdown(tcp::socket::shutdown_both, ec);
  socket.close(ec);
}

void ListenerImpl::session_opened(uint64_t id, const std::shared_ptr<Session>& s) {
  bump(counters_.connections_accepted);
  bump(counters_.connections_open);
  std::lock_guard lock(mutex_);
  sessions_.emplace(id, s);
}

void ListenerImpl::session_closed(uint64_t id) {
  counters_.connections_open.fetch_sub(1, std::memory_order_relaxed);
  std::lock_guard lock(mutex_);
  sessions_.erase(id);
  if (sessions_.empty()) all_closed_.notify_all();
}

StopReport ListenerImpl::stop(std::chrono::milliseconds deadline) {
  std::call_once(stop_once_, [&] {
    // 1. Stop accepting; 2. close idle connections, mark busy ones to close after their answer;
    // 3. wait for the busy ones until the deadline; 4. close what is left and join the threads.
    stopping_.store(true);
    asio::post(accept_strand_, [self = shared_from_this()] {
      beast::error_code ec;
      self->acceptor_.close(ec);
      self->accept_retry_.cancel();
    });
    std::vector<std::shared_ptr<Session>> live;
    {
      std::lock_guard lock(mutex_);
      for (auto& [id, weak] : sessions_)
        if (auto s = weak.lock()) live.push_back(std::move(s));
    }
    for (auto& s : live) s->on_stop();
    live.clear();
    {
      std::unique_lock lock(mutex_);
      all_closed_.wait_for(lock, deadline, [&] { return sessions_.empty(); });
      stop_report_.abandoned = sessions_.size();
    }
    {
      std::lock_guard lock(post_mutex_);
      stopped_ = true;
    }
    stop_report_.drained = drained_.load();
    ioc_.stop();
    for (auto& t : threads_) t.join();
    threads_.clear();
    // 5. With no thread left, close what remains and run the cancelled operations' handlers out, so
    // that nothing queued keeps a session (and through it this listener) alive.
    beast::error_code ec;
    acceptor_.close(ec);
    {
      std::lock_guard lock(mutex_);
      for (auto& [id, weak] : sessions_)
        if (auto s = weak.lock()) live.push_back(std::move(s));
    }
    for (auto& s : live) s->force_close();
    live.clear();
    ioc_.restart();
    while (ioc_.poll() > 0) {
    }
  });
  return stop_report_;
}

}  // namespace detail

Responder::Responder(std::shared_ptr<detail::Session> session, uint64_t request_id)
    : session_(std::move(session)), request_id_(request_id) {}

Responder& Responder::operator=(Responder&& other) noexcept {
  if (this != &other) {
    if (session_) session_->complete(request_id_, HttpResponse::error(500, "the request was dropped unanswered"));
    session_ = std::move(other.session_);
    request_id_ = other.request_id_;
  }
  return *this;
}

Responder::~Responder() {
  if (session_) session_->complete(request_id_, HttpResponse::error(500, "the request was dropped unanswered"));
}

bool Responder::respond(HttpResponse response) {
  if (!session_) return false;
  bool won = session_->complete(request_id_, std::move(response));
  session_.reset();
  return won;
}

HttpListener::HttpListener(std::shared_ptr<detail::ListenerImpl> impl) : impl_(std::move(impl)) {}

HttpListener::~HttpListener() { impl_->stop(std::chrono::milliseconds(0)); }

StartResult HttpListener::start(ListenerConfig config, Router router, std::function<void(const RequestLogEntry&)> log) {
  auto impl = std::make_shared<detail::ListenerImpl>(std::move(config), std::move(router), std::move(log));
  if (auto error = impl->open(); !error.empty()) return {nullptr, error};
  impl->run();
  return {std::unique_ptr<HttpListener>(new HttpListener(std::move(impl))), ""};
}

uint16_t HttpListener::port() const { return impl_->port_; }

ListenerStats HttpListener::stats() const { return impl_->counters_.snapshot(); }

StopReport HttpListener::stop(std::chrono::milliseconds deadline) { return impl_->stop(deadline); }

}  // namespace syncloom::service
