// A request the server received and then dropped without answering is never sent again by the client on
// its own: a Tryton `create` the server committed must not be created twice (the caller decides, by a
// search before its retry). libcurl resends a request whose reused connection dies before any answer.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <catch2/catch.hpp>
#include <string>
#include <thread>
#include <vector>

#include "http_test_servers.hpp"
#include "syncloom/http/client.hpp"
#include "tryton/client.hpp"

namespace {

// Keep-alive HTTP/1.1 over raw sockets: answers every request 200, except the `drop`-th (1-based), after
// which it closes the connection having read the whole request.
class DroppingServer {
 public:
  explicit DroppingServer(int drop) : drop_(drop) {
    listener_ = syncloom::test::listen_on_loopback(port_);
    thread_ = std::thread([this] { serve(); });
  }
  ~DroppingServer() {
    stop_ = true;
    thread_.join();
    ::close(listener_);
  }
  std::string url() const { return "http://127.0.0.1:" + std::to_string(port_) + "/rpc"; }
  int requests() const { return requests_.load(); }

 private:
  bool readable(int fd) {
    pollfd p{fd, POLLIN, 0};
    while (!stop_)
      if (::poll(&p, 1, 20) > 0) return true;
    return false;
  }
  void serve() {
    std::vector<std::thread> connections;
    while (readable(listener_)) {
      int fd = ::accept(listener_, nullptr, nullptr);
      connections.emplace_back([this, fd] { converse(fd); });
    }
    for (auto& t : connections) t.join();
  }
  void converse(int fd) {
    {
      std::string buffer;
      for (;;) {
        size_t head = buffer.find("\r\n\r\n");
        if (head != std::string::npos) {
          size_t length = 0;
          if (size_t at = buffer.find("Content-Length: "); at != std::string::npos && at < head)
            length = std::stoul(buffer.substr(at + 16));
          if (buffer.size() >= head + 4 + length) {
            buffer.erase(0, head + 4 + length);
            if (++requests_ == drop_) break;  // received in full, never answered
            const std::string answer = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nContent-Type: text/plain\r\n\r\nok";
            if (::send(fd, answer.data(), answer.size(), MSG_NOSIGNAL) < 0) break;
            continue;
          }
        }
        if (!readable(fd)) break;
        char chunk[4096];
        ssize_t n = ::recv(fd, chunk, sizeof chunk, 0);
        if (n <= 0) break;
        buffer.append(chunk, static_cast<size_t>(n));
      }
      ::close(fd);
    }
  }
  int drop_;
  int listener_ = -1;
  int port_ = 0;
  std::atomic<bool> stop_{false};
  std::atomic<int> requests_{0};
  std::thread thread_;
};

}  // namespace

TEST_CASE("a POST dropped after the server read it is not resent on a fresh connection", "[http]") {
  DroppingServer server(2);
  syncloom::http::Client client({.timeout = std::chrono::milliseconds(3000)});
  auto first = client.send({.method = "POST", .url = server.url(), .body = R"({"method":"model.sale.sale.search"})"});
  REQUIRE(first.transport == syncloom::http::Transport::kOk);
  // The second goes over the kept connection, which the server drops once it has the request.
  auto second = client.send({.method = "POST", .url = server.url(), .body = R"({"method":"model.sale.sale.create"})"});
  CHECK(second.transport != syncloom::http::Transport::kOk);  // the caller hears of it and decides
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  CHECK(server.requests() == 2);
}

TEST_CASE("reads keep their connection: GETs and requests marked idempotent reuse it", "[http]") {
  DroppingServer server(1000);
  syncloom::http::Client client;
  int fresh = 0;
  for (int i = 0; i < 5; ++i) fresh += client.send({.method = "GET", .url = server.url()}).new_connection;
  for (int i = 0; i < 5; ++i)
    fresh += client.send({.method = "POST", .url = server.url(), .body = "{}", .idempotent = true}).new_connection;
  CHECK(fresh == 1);
  CHECK(client.send({.method = "POST", .url = server.url(), .body = "{}"}).new_connection);
  CHECK(syncloom::http::is_idempotent({.method = "PUT"}));
  CHECK_FALSE(syncloom::http::is_idempotent({.method = "PATCH"}));
}

TEST_CASE("Tryton: only reading RPCs may be resent", "[http][tryton]") {
  using syncloom::connectors::tryton::rpc_reads_only;
  for (const char* read : {"common.db.login", "model.sale.sale.search", "model.sale.sale.search_read", "model.party.party.read",
                           "model.ir.model.search_count", "model.sale.sale.fields_get", "model.res.user.get_preferences"})
    CHECK(rpc_reads_only(read));
  for (const char* write : {"model.sale.sale.create", "model.sale.sale.write", "model.sale.sale.quote", "model.sale.sale.delete",
                            "model.stock.shipment.out.done", "wizard.sale.return_sale.create", "model.account.invoice.post"})
    CHECK_FALSE(rpc_reads_only(write));
}
