// Webhook intake load generator (scripts/bench-service): N keep-alive connections over loopback send a fixed
// number of signed WooCommerce order.created deliveries, each a distinct order (id, number, date_modified),
// one after the other per connection; reports acknowledgements/s, latency percentiles, what the server
// said (accepted, duplicates, errors) and, with --pid, its CPU and peak memory from /proc.
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <sys/epoll.h>
#include <unistd.h>

#include <chrono>
#include <csignal>
#include <cstdio>
#include <ctime>
#include <string>
#include <vector>

#include "loadgen_common.hpp"

namespace {

using Clock = std::chrono::steady_clock;
namespace bench = syncloom::bench;

struct Options {
  int port = 0;
  int connections = 16;
  long count = 10000;
  long first_id = 1;
  std::string system = "woo";
  std::string secret;
  int pid = 0;
  double timeout_s = 300;  // bounded: gives up (and says so) when the server stops answering
  std::string label;
};

std::string signature(const std::string& body, const std::string& secret) {
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned int mac_len = 0;
  HMAC(EVP_sha256(), secret.data(), static_cast<int>(secret.size()), reinterpret_cast<const unsigned char*>(body.data()),
       body.size(), mac, &mac_len);
  std::string out(4 * ((mac_len + 2) / 3) + 1, '\0');
  int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()), mac, static_cast<int>(mac_len));
  out.resize(static_cast<size_t>(n));
  return out;
}

std::string gmt(long seconds_after_2026) {
  std::time_t t = 1767225600 + seconds_after_2026;  // 2026-01-01T00:00:00Z
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%S", &tm);
  return buf;
}

// A paid guest order as the store sends it (1.6 KB): two lines with taxes, shipping, billing and shipping.
std::string order_body(long id) {
  const std::string i = std::to_string(id), when = gmt(id);
  return R"({"id":)" + i + R"(,"parent_id":0,"number":")" + i + R"(","order_key":"wc_order_)" + i +
         R"(","created_via":"checkout","version":"8.2.1","status":"processing","currency":"USD","date_created":")" +
         when + R"(","date_created_gmt":")" + when + R"(","date_modified":")" + when + R"(","date_modified_gmt":")" +
         when +
         R"(","discount_total":"0.00","discount_tax":"0.00","shipping_total":"5.00","shipping_tax":"0.00",)"
         R"("cart_tax":"2.03","total":"34.43","total_tax":"2.03","prices_include_tax":false,"customer_id":0,)"
         R"("customer_note":"","billing":{"first_name":"Ada","last_name":"Lovelace","company":"","address_1":")" +
         i + R"( Main St","address_2":"","city":"Springfield","state":"CA","postcode":"10001","country":"US",)"
             R"("email":"ada.)" +
         i + R"(@example.com","phone":"555-0101"},"shipping":{"first_name":"Ada","last_name":"Lovelace",)"
             R"("company":"","address_1":")" +
         i + R"( Main St","address_2":"","city":"Springfield","state":"CA","postcode":"10001","country":"US"},)"
             R"("payment_method":"bacs","payment_method_title":"Direct Bank Transfer","transaction_id":"",)"
             R"("date_paid":")" +
         when + R"(","date_paid_gmt":")" + when +
         R"(","date_completed":null,"date_completed_gmt":null,"meta_data":[],"line_items":[)"
         R"({"id":)" + std::to_string(id * 2) +
         R"(,"name":"Day item 1","product_id":93,"variation_id":0,"quantity":2,"tax_class":"","subtotal":"25.00",)"
         R"("subtotal_tax":"1.63","total":"25.00","total_tax":"1.63","taxes":[{"id":75,"total":"1.625","subtotal":"1.625"}],)"
         R"("meta_data":[],"sku":"BENCH-01","price":12.5},{"id":)" + std::to_string(id * 2 + 1) +
         R"(,"name":"Day item 4","product_id":96,"variation_id":0,"quantity":1,"tax_class":"","subtotal":"3.99",)"
         R"("subtotal_tax":"0.40","total":"3.99","total_tax":"0.40","taxes":[{"id":75,"total":"0.4","subtotal":"0.4"}],)"
         R"("meta_data":[],"sku":"BENCH-04","price":3.99}],"tax_lines":[{"id":1,"rate_code":"US-CA-TAX-1",)"
         R"("rate_id":75,"label":"Tax","compound":false,"tax_total":"2.03","shipping_tax_total":"0.00",)"
         R"("meta_data":[]}],"shipping_lines":[{"id":2,"method_title":"Flat rate","method_id":"flat_rate",)"
         R"("total":"5.00","total_tax":"0.00","taxes":[],"meta_data":[]}],"fee_lines":[],"coupon_lines":[],"refunds":[]})";
}

std::string delivery(const Options& o, long id) {
  std::string body = order_body(id);
  return "POST /webhooks/" + o.system +
         " HTTP/1.1\r\nHost: 127.0.0.1\r\nUser-Agent: WooCommerce/8.2.1 Hookshot (WordPress/6.4.1)\r\n"
         "Content-Type: application/json\r\nX-WC-Webhook-Source: https://shop.example.com/\r\n"
         "X-WC-Webhook-Topic: order.created\r\nX-WC-Webhook-Resource: order\r\nX-WC-Webhook-Event: created\r\n"
         "X-WC-Webhook-Signature: " + signature(body, o.secret) + "\r\nX-WC-Webhook-ID: 7\r\n"
         "X-WC-Webhook-Delivery-ID: " + std::to_string(id) + "\r\nContent-Length: " + std::to_string(body.size()) +
         "\r\n\r\n" + body;
}

struct Conn {
  int fd = -1;
  std::string in;
  Clock::time_point sent{};
};

long json_count(const std::string& body, const char* key) {
  auto p = body.find(key);
  return p == std::string::npos ? 0 : std::atol(body.c_str() + p + std::strlen(key));
}

}  // namespace

int main(int argc, char** argv) {
  std::signal(SIGPIPE, SIG_IGN);
  Options o;
  for (int i = 1; i + 1 < argc; i += 2) {
    std::string k = argv[i], v = argv[i + 1];
    if (k == "--port") o.port = std::atoi(v.c_str());
    else if (k == "--connections") o.connections = std::max(1, std::atoi(v.c_str()));
    else if (k == "--count") o.count = std::atol(v.c_str());
    else if (k == "--first-id") o.first_id = std::atol(v.c_str());
    else if (k == "--system") o.system = v;
    else if (k == "--secret") o.secret = v;
    else if (k == "--pid") o.pid = std::atoi(v.c_str());
    else if (k == "--timeout") o.timeout_s = std::atof(v.c_str());
    else if (k == "--label") o.label = v;
    else { std::fprintf(stderr, "bench_intake: unknown option %s\n", k.c_str()); return 2; }
  }
  if (o.port == 0 || o.secret.empty() || o.count <= 0) {
    std::fprintf(stderr, "usage: bench_intake --port P --secret S [--connections N] [--count N] [--first-id ID] "
                         "[--system woo] [--pid SERVER] [--label L] [--timeout S]\n");
    return 2;
  }

  int ep = epoll_create1(0);
  std::vector<Conn> conns(static_cast<size_t>(o.connections));
  std::vector<uint32_t> latencies_us;
  latencies_us.reserve(static_cast<size_t>(o.count));
  long next_id = o.first_id, sent = 0, answered = 0, errors = 0, accepted = 0, duplicates = 0, closed = 0;
  std::string first_error;
  auto send_next = [&](Conn& c) {
    if (sent >= o.count) return;
    std::string request = delivery(o, next_id++);
    ++sent;
    c.sent = Clock::now();
    if (write(c.fd, request.data(), request.size()) != static_cast<ssize_t>(request.size())) ++errors;
  };
  auto open = [&](size_t i) {
    conns[i].fd = bench::connect_loopback(o.port);
    conns[i].in.clear();
    if (conns[i].fd < 0) return false;
    epoll_event ev{};
    ev.events = EPOLLIN;
    ev.data.u64 = i;
    epoll_ctl(ep, EPOLL_CTL_ADD, conns[i].fd, &ev);
    send_next(conns[i]);
    return true;
  };
  bench::ProcSample before = bench::sample_process(o.pid);
  auto start = Clock::now();
  auto give_up = start + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(o.timeout_s));
  for (size_t i = 0; i < conns.size(); ++i)
    if (!open(i)) ++errors;
  std::vector<epoll_event> events(256);
  char buf[65536];
  std::string body;
  while (answered + errors < o.count && Clock::now() < give_up) {
    int n = epoll_wait(ep, events.data(), static_cast<int>(events.size()), 50);
    for (int e = 0; e < n; ++e) {
      Conn& c = conns[events[e].data.u64];
      ssize_t got = read(c.fd, buf, sizeof buf);
      if (got <= 0) {  // the server closed the connection: the delivery in flight is an error; reconnect
        epoll_ctl(ep, EPOLL_CTL_DEL, c.fd, nullptr);
        close(c.fd);
        ++errors;
        ++closed;
        if (!open(events[e].data.u64)) ++errors;
        continue;
      }
      c.in.append(buf, static_cast<size_t>(got));
      while (int status = bench::take_response(c.in, &body)) {
        latencies_us.push_back(static_cast<uint32_t>(
            std::chrono::duration_cast<std::chrono::microseconds>(Clock::now() - c.sent).count()));
        ++answered;
        if (status == 200) {
          accepted += json_count(body, "\"accepted\":");
          duplicates += json_count(body, "\"duplicates\":");
        } else {
          ++errors;
          if (first_error.empty()) first_error = std::to_string(status) + " " + body.substr(0, 200);
        }
        send_next(c);
      }
    }
  }
  double elapsed = std::chrono::duration<double>(Clock::now() - start).count();
  bench::ProcSample after = bench::sample_process(o.pid);
  for (Conn& c : conns)
    if (c.fd >= 0) close(c.fd);
  close(ep);

  std::sort(latencies_us.begin(), latencies_us.end());
  double cpu = o.pid ? 100.0 * static_cast<double>(after.ticks - before.ticks) / static_cast<double>(sysconf(_SC_CLK_TCK)) / elapsed : 0;
  std::printf("| %s | %d | %ld | %.0f | %.2f | %.2f | %.2f | %.0f%% | %.1f MB | %ld | %ld | %ld |\n", o.label.c_str(),
              o.connections, answered, static_cast<double>(answered) / elapsed, bench::percentile_ms(latencies_us, 0.5),
              bench::percentile_ms(latencies_us, 0.99), latencies_us.empty() ? 0.0 : latencies_us.back() / 1000.0, cpu,
              static_cast<double>(after.hwm_kb) / 1024.0, accepted, duplicates, errors);
  if (!first_error.empty()) std::fprintf(stderr, "bench_intake: first error: %s\n", first_error.c_str());
  if (closed) std::fprintf(stderr, "bench_intake: the server closed %ld connections\n", closed);
  if (answered + errors < o.count) {
    std::fprintf(stderr, "bench_intake: gave up after %.0f s with %ld of %ld answered\n", elapsed, answered, o.count);
    return 1;
  }
  return errors ? 1 : 0;
}
