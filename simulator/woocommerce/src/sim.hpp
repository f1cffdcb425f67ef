// The running simulator: store, clock, zone, faults, delivery queue and the HTTP server that serves
// /wp-json (the WooCommerce API) and /__sim/ (the control API).
#pragma once

#include "clock.hpp"
#include "delivery.hpp"
#include "faults.hpp"
#include "options.hpp"
#include "reply.hpp"
#include "stats.hpp"
#include "store.hpp"

#include <memory>
#include <string>

namespace httplib {
class Server;
struct Request;
struct Response;
}  // namespace httplib

namespace woosim {

class Simulator {
 public:
  explicit Simulator(Options options);
  ~Simulator();
  /// Binds the socket (port 0: a free one) and prepares the store; false with `error` when it cannot.
  bool bind(std::string& error);
  int port() const { return port_; }
  const std::string& site() const { return store_.site; }
  /// "http" or "https" (with --tls-cert).
  const char* scheme() const { return options_.tls_cert.empty() ? "http" : "https"; }
  /// Serves until stop(); returns false if the server failed.
  bool serve();
  /// Safe from another thread: ends serve() and the delivery thread.
  void stop();

 private:
  void handle(const httplib::Request& req, httplib::Response& res);
  void handle_api(const httplib::Request& req, httplib::Response& res, const std::string& route);
  /// The control API (control.cpp).
  Reply control(const std::string& method, const std::string& path, const Json& body, const Query& query);

  Options options_;
  Clock clock_;
  SiteZone zone_;
  Faults faults_;
  Stats stats_;
  Store store_;
  std::unique_ptr<DeliveryQueue> deliveries_;
  std::unique_ptr<httplib::Server> server_;
  int port_ = 0;
};

}  // namespace woosim
