// The connectors benchmark (scripts/bench-connectors starts the systems): pull every order from the store
// simulator, and create sales in a real Tryton through quote, confirm and process. Prints records/s, CPU per
// record against the simulator's, the share of the wall time spent waiting for Tryton, and requests per TCP
// connection. Ratios are of measures taken in this same run.
//
//   bench_connectors pull URL KEY SECRET WOOSIM_PID
//   bench_connectors tryton URL DATABASE PASSWORD SALES THREADS
#include <sys/resource.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "syncloom/connectors/connector.hpp"

using namespace syncloom::connectors;
using Clock = std::chrono::steady_clock;

namespace {

double self_cpu_seconds() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return static_cast<double>(u.ru_utime.tv_sec + u.ru_stime.tv_sec) + (u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e6;
}

// utime + stime of another process, from /proc/PID/stat (fields 14 and 15, in clock ticks).
double process_cpu_seconds(const std::string& pid) {
  std::ifstream in("/proc/" + pid + "/stat");
  std::string stat((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  size_t close = stat.rfind(')');
  if (close == std::string::npos) return 0;
  std::istringstream rest(stat.substr(close + 2));
  std::string field;
  double utime = 0, stime = 0;
  for (int i = 3; i <= 15 && rest >> field; ++i) {
    if (i == 14) utime = std::stod(field);
    if (i == 15) stime = std::stod(field);
  }
  return (utime + stime) / static_cast<double>(sysconf(_SC_CLK_TCK));
}

double since(Clock::time_point start) { return std::chrono::duration<double>(Clock::now() - start).count(); }

std::unique_ptr<Connector> connect(SystemConfig config) {
  config.budget = {.concurrency = 8, .requests = 100000, .window = std::chrono::milliseconds(1000)};
  auto made = make_connector(config);
  if (!made.connector) {
    std::cerr << made.error << "\n";
    std::exit(2);
  }
  return std::move(made.connector);
}

int pull(const std::string& url, const std::string& key, const std::string& secret, const std::string& pid) {
  SystemConfig config;
  config.name = "woo";
  config.kind = "woocommerce";
  config.url = url;
  config.settings["consumer_key"] = {key, true, 0};
  config.settings["consumer_secret"] = {secret, true, 0};
  auto woo = connect(config);
  double sim_cpu0 = process_cpu_seconds(pid), cpu0 = self_cpu_seconds();
  auto start = Clock::now();
  uint64_t records = 0, bytes = 0;
  ListQuery query{.record = "order"};
  for (;;) {
    Page page = woo->list(query);
    if (!page.outcome.ok()) {
      std::cerr << "pull: " << describe(page.outcome) << "\n";
      return 1;
    }
    records += page.records.size();
    for (const auto& r : page.records) bytes += r.json.size();
    if (page.next_page.empty()) break;
    query.page = page.next_page;
  }
  double wall = since(start), cpu = self_cpu_seconds() - cpu0, sim_cpu = process_cpu_seconds(pid) - sim_cpu0;
  ConnectorStats s = woo->stats();
  std::printf("pull: %llu orders (%.1f MB in the schema's shape) in %.2f s: %.0f records/s\n",
              static_cast<unsigned long long>(records), bytes / 1e6, wall, records / wall);
  std::printf("pull: CPU per record: syncloom %.1f us, simulator %.1f us: ratio %.2f (syncloom / simulator)\n",
              cpu / records * 1e6, sim_cpu / records * 1e6, cpu / sim_cpu);
  std::printf("pull: %llu requests on %llu TCP connections: %.1f requests per connection; %.0f%% of the wall time waiting for answers\n",
              static_cast<unsigned long long>(s.requests), static_cast<unsigned long long>(s.connections),
              static_cast<double>(s.requests) / static_cast<double>(s.connections ? s.connections : 1),
              100.0 * s.seconds_in_requests / wall);
  return 0;
}

int tryton(const std::string& url, const std::string& database, const std::string& password, int sales, int threads) {
  SystemConfig config;
  config.name = "erp";
  config.kind = "tryton";
  config.url = url;
  config.settings["database"] = {database, false, 0};
  config.settings["user"] = {"admin", false, 0};
  config.settings["password"] = {password, true, 0};
  auto erp = connect(config);
  std::string run = std::to_string(std::chrono::system_clock::now().time_since_epoch().count() % 1000000000);
  Written party = erp->write({.record = "customer", .json = R"({"name":"Bench )" + run + R"(","addresses":[{"street":"1 Main St","city":"Springfield"}]})"});
  Written item = erp->write({.record = "inventoryItem",
                             .json = R"({"name":"Bench item )" + run + R"(","suffix_code":"BENCH-)" + run +
                                     R"(","type":"goods","list_price":19.90,"cost_price":5.00,"default_uom":1,"salable":true,"sale_uom":1,"account_category":1})"});
  if (!party.outcome.ok() || !item.outcome.ok()) {
    std::cerr << "tryton set-up: " << describe(party.outcome) << " / " << describe(item.outcome) << "\n";
    return 1;
  }
  ConnectorStats before = erp->stats();
  std::atomic<int> next{0}, failed{0};
  auto start = Clock::now();
  std::vector<std::thread> workers;
  for (int t = 0; t < threads; ++t)
    workers.emplace_back([&] {
      for (int i = next++; i < sales; i = next++) {
        std::string ref = "BENCH-" + run + "-" + std::to_string(i);
        Written w = erp->write({.record = "salesOrder",
                                .mode = WriteMode::kCreate,
                                .key = {"reference", ref},
                                .json = R"({"reference":")" + ref + R"(","party":)" + party.id +
                                        R"(,"lines":[{"type":"line","product":)" + item.id +
                                        R"(,"quantity":2.0,"unit":1,"unit_price":19.90,"description":"Bench item"}]})",
                                .idempotency_key = ref});
        if (!w.outcome.ok()) {
          if (failed++ == 0) std::cerr << "sale " << ref << ": " << describe(w.outcome) << "\n";
        }
      }
    });
  for (auto& w : workers) w.join();
  double wall = since(start);
  ConnectorStats s = erp->stats();
  double inside = s.seconds_in_requests - before.seconds_in_requests;
  uint64_t requests = s.requests - before.requests, connections = s.connections - before.connections;
  std::printf("tryton: %d sales (create, quote, confirm, process, state read back) with %d thread%s in %.1f s: %.2f sales/s, %d failed\n",
              sales, threads, threads == 1 ? "" : "s", wall, sales / wall, failed.load());
  std::printf("tryton: %.1f requests per sale; time inside Tryton's answers %.1f s = %.1f%% of %s\n",
              static_cast<double>(requests) / sales, inside, 100.0 * inside / (wall * threads),
              threads == 1 ? "the wall time" : "the threads' wall time");
  std::printf("tryton: %llu requests on %llu TCP connections: %.2f requests per connection\n",
              static_cast<unsigned long long>(requests), static_cast<unsigned long long>(connections),
              static_cast<double>(requests) / static_cast<double>(connections ? connections : 1));
  return failed.load() ? 1 : 0;
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> a(argv + 1, argv + argc);
  if (a.size() == 5 && a[0] == "pull") return pull(a[1], a[2], a[3], a[4]);
  if (a.size() == 6 && a[0] == "tryton") return tryton(a[1], a[2], a[3], std::stoi(a[4]), std::stoi(a[5]));
  std::cerr << "usage: bench_connectors pull URL KEY SECRET WOOSIM_PID\n"
               "       bench_connectors tryton URL DATABASE PASSWORD SALES THREADS\n";
  return 2;
}
