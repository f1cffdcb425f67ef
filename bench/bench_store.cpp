// The store's intake: deliveries durably accepted per second and p50/p99 latency with 1-64 concurrent
// callers, group commit against one commit per event (the baseline) in the same run; then claim+complete.
//
//   build/bench/bench_store [DIR] [--seconds S]     DIR: where the files go (a real disk; default build/)
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <thread>
#include <vector>

#include <fcntl.h>
#include <unistd.h>

#include "syncloom/store/store.hpp"

using namespace syncloom::store;
using Steady = std::chrono::steady_clock;

namespace {

/// A WooCommerce order webhook body of realistic size (about 1.5 KB).
std::string order_body(long id) {
  std::string body = R"({"id":)" + std::to_string(id) + R"(,"status":"processing","currency":"EUR","total":"129.90",)";
  body += R"("billing":{"first_name":"Ann","last_name":"Example","email":"ann@example.com","city":"Lyon"},"line_items":[)";
  for (int line = 0; line < 6; ++line) {
    if (line > 0) body += ',';
    body += R"({"id":)" + std::to_string(line) + R"(,"name":"Product with a fairly long name )" + std::to_string(line) +
            R"(","sku":"SKU-)" + std::to_string(line) + R"(","quantity":2,"subtotal":"19.90","total":"19.90","taxes":[{"id":1,"total":"3.98"}]})";
  }
  return body + "]}";
}

struct Run {
  double per_second = 0;
  double p50_ms = 0;
  double p99_ms = 0;
  long events = 0;
};

std::string fresh_file(const std::string& dir, const std::string& name) {
  std::string path = dir + "/" + name;
  for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(path + suffix);
  return path;
}

/// Claims (8 at a time) and completes with an xref and an outbox attempt until `stop`; answers the count.
long drain(Store& store, const std::string& owner, const std::atomic<bool>& stop) {
  long done = 0;
  while (!stop.load()) {
    auto claimed = store.claim({.owner = owner, .lease_ms = 60'000, .limit = 8});
    if (!claimed.ok() || claimed->empty()) {
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
      continue;
    }
    for (const WorkItem& item : *claimed) {
      Completion completion;
      completion.xref = Xref{.target_system = "tryton", .target_id = "SO-" + std::to_string(item.id)};
      completion.attempts.push_back({.system = "tryton", .outcome = "ok", .target_id = "SO-" + std::to_string(item.id)});
      if (store.complete(item.id, item.generation, completion).ok()) ++done;
    }
  }
  return done;
}

/// `callers` threads accept distinct events for `seconds` (while `workers` threads drain the queue);
/// every call's latency is kept.
Run intake(const std::string& path, bool group_commit, int callers, double seconds, int workers = 0,
           long* completed = nullptr) {
  auto opened = open_sqlite_store(path, {.group_commit = group_commit});
  if (!opened.ok()) {
    std::fprintf(stderr, "bench_store: %s\n", opened.error().message.c_str());
    std::exit(1);
  }
  Store& store = **opened;
  std::atomic<long> next{0};
  std::atomic<bool> stop{false};
  std::vector<std::vector<double>> latencies(static_cast<std::size_t>(callers));
  std::vector<std::thread> threads;
  auto start = Steady::now();
  for (int c = 0; c < callers; ++c) {
    threads.emplace_back([&, c] {
      while (!stop.load()) {
        long id = next++;
        Event event{.system = "woocommerce", .topic = "order.updated", .record = "order", .source_id = std::to_string(id),
                    .dedupe_scope = "orders", .dedupe_key = "order:" + std::to_string(id) + ":2026-01-01T10:00:00",
                    .payload = order_body(id), .correlation_id = "c" + std::to_string(id),
                    .work = {{.domain = "orders", .key = std::to_string(id), .full_state = true}}};
        auto began = Steady::now();
        auto accepted = store.accept(event);
        auto took = std::chrono::duration<double, std::milli>(Steady::now() - began).count();
        if (!accepted.ok()) {
          std::fprintf(stderr, "bench_store: %s\n", accepted.error().message.c_str());
          std::exit(1);
        }
        latencies[static_cast<std::size_t>(c)].push_back(took);
      }
    });
  }
  std::atomic<long> drained{0};
  for (int w = 0; w < workers; ++w) threads.emplace_back([&, w] { drained += drain(store, "w" + std::to_string(w), stop); });
  std::this_thread::sleep_for(std::chrono::duration<double>(seconds));
  stop = true;
  for (auto& thread : threads) thread.join();
  if (completed != nullptr) *completed = drained.load();
  double elapsed = std::chrono::duration<double>(Steady::now() - start).count();
  std::vector<double> all;
  for (auto& some : latencies) all.insert(all.end(), some.begin(), some.end());
  std::sort(all.begin(), all.end());
  Run run;
  run.events = static_cast<long>(all.size());
  run.per_second = static_cast<double>(all.size()) / elapsed;
  run.p50_ms = all[all.size() / 2];
  run.p99_ms = all[std::min(all.size() - 1, all.size() * 99 / 100)];
  return run;
}

/// Workers claim (8 at a time) and complete with an xref, over a queue filled beforehand.
double claim_complete(const std::string& path, int workers, long items) {
  auto store = std::move(open_sqlite_store(path).value());
  std::vector<Event> batch;
  for (long id = 0; id < items; ++id) {
    batch.push_back({.system = "woocommerce", .topic = "order.updated", .record = "order", .source_id = std::to_string(id),
                     .dedupe_scope = "orders", .dedupe_key = "k" + std::to_string(id), .payload = order_body(id),
                     .correlation_id = "c", .work = {{.domain = "orders", .key = std::to_string(id % 5000)}}});
    if (batch.size() == 1000 || id + 1 == items) {
      store->accept_batch(batch);
      batch.clear();
    }
  }
  std::atomic<bool> stop{false};
  std::atomic<long> done{0};
  auto start = Steady::now();
  std::vector<std::thread> threads;
  for (int w = 0; w < workers; ++w) threads.emplace_back([&, w] { done += drain(*store, "w" + std::to_string(w), stop); });
  // Done when the queue is empty (every item completed), checked on the reader connection.
  for (int i = 0; i < 600'000; ++i) {
    auto status = store->domain_status();
    if (status.ok() && (status->empty() || status->at(0).pending + status->at(0).running == 0)) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  stop = true;
  for (auto& thread : threads) thread.join();
  return static_cast<double>(done.load()) / std::chrono::duration<double>(Steady::now() - start).count();
}

/// What one durable 4 KB write costs on this disk, median of 200: appending (the file grows, so the
/// file system journals its size too) or overwriting in place (as SQLite reuses its WAL after a checkpoint).
double fsync_ms(const std::string& dir, bool append) {
  std::string path = fresh_file(dir, "bench-store-fsync");
  int fd = ::open(path.c_str(), O_RDWR | O_CREAT, 0600);
  if (fd < 0) return 0;
  std::string page(4096, 'x');
  std::vector<double> took;
  for (int i = 0; i < 200; ++i) {
    off_t at = append ? static_cast<off_t>(i) * 4096 : 0;
    auto began = Steady::now();
    if (::pwrite(fd, page.data(), page.size(), at) != static_cast<ssize_t>(page.size()) || ::fdatasync(fd) != 0) break;
    took.push_back(std::chrono::duration<double, std::milli>(Steady::now() - began).count());
  }
  ::close(fd);
  std::filesystem::remove(path);
  if (took.empty()) return 0;
  std::sort(took.begin(), took.end());
  return took[took.size() / 2];
}

}  // namespace

int main(int argc, char** argv) {
  std::string dir = "build";
  double seconds = 3;
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    if (arg == "--seconds" && i + 1 < argc) {
      seconds = std::atof(argv[++i]);
    } else {
      dir = arg;
    }
  }
  std::filesystem::create_directories(dir);
  std::printf("store intake, synchronous=FULL, WAL, files in %s, %.1f s per row\n", dir.c_str(), seconds);
  std::printf("4 KB + fdatasync on this disk, median of 200: appending %.2f ms, overwriting %.2f ms\n\n",
              fsync_ms(dir, true), fsync_ms(dir, false));
  std::printf("| callers | group commit: accepted/s | p50 ms | p99 ms | one commit per event: accepted/s | p50 ms | p99 ms | ratio |\n");
  std::printf("|---|---|---|---|---|---|---|---|\n");
  for (int callers : {1, 8, 32, 64}) {
    Run grouped = intake(fresh_file(dir, "bench-store-group.db"), true, callers, seconds);
    Run single = intake(fresh_file(dir, "bench-store-single.db"), false, callers, seconds);
    std::printf("| %d | %.0f | %.2f | %.2f | %.0f | %.2f | %.2f | %.1fx |\n", callers, grouped.per_second, grouped.p50_ms,
                grouped.p99_ms, single.per_second, single.p50_ms, single.p99_ms, grouped.per_second / single.per_second);
    std::fflush(stdout);
  }
  std::printf("\nintake and work together: 64 callers accepting while 8 workers claim and complete\n");
  long completed = 0;
  Run mixed = intake(fresh_file(dir, "bench-store-group.db"), true, 64, seconds, 8, &completed);
  std::printf("  accepted %.0f/s (p50 %.2f ms, p99 %.2f ms), completed %.0f/s\n", mixed.per_second, mixed.p50_ms,
              mixed.p99_ms, static_cast<double>(completed) / seconds);
  std::printf("\nclaim (8 at a time) + complete with xref and outbox, 20,000 queued items over 5,000 keys:\n");
  for (int workers : {1, 8, 32}) {
    double rate = claim_complete(fresh_file(dir, "bench-store-work.db"), workers, 20'000);
    std::printf("  %2d workers: %.0f items/s\n", workers, rate);
  }
  for (const char* name : {"bench-store-group.db", "bench-store-single.db", "bench-store-work.db"}) fresh_file(dir, name);
  return 0;
}
