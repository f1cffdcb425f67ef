// Several processes on one PostgreSQL store (docs/store.md, "PostgreSQL"): forked workers claim from one
// database and never hold the same item, one key's items complete in arrival order across them, and a
// SIGKILLed worker's lease is taken over once it expires while its late completion answers kLost.
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <thread>

#include "store_suite.hpp"

using namespace syncloom::store;
using namespace syncloom::store::testing;

namespace syncloom::store::testing {
std::string make_test_database();  // postgres_factory.cpp: a new empty database, its URL
}

namespace {

// A worker process: claims and completes until nothing is left for a while, writing "id generation" per
// claim to `log`. Runs in a fresh child, opening its own store (no threads cross the fork).
[[noreturn]] void worker(const std::string& url, const std::string& name, const std::string& log) {
  auto opened = open_postgres_store(url);
  if (!opened) _exit(3);
  auto store = std::move(*opened);
  std::ofstream out(log);
  int idle = 0;
  while (idle < 20) {
    auto items = store->claim({.owner = name, .lease_ms = 30'000, .limit = 4});
    if (!items) _exit(4);
    if (items->empty()) {
      ++idle;
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
      continue;
    }
    idle = 0;
    for (const WorkItem& item : *items) {
      out << item.id << " " << item.generation << "\n";
      out.flush();
      std::this_thread::sleep_for(std::chrono::milliseconds(2));  // the other process claims meanwhile
      Completion done;
      done.xref = Xref{.target_system = "tryton", .target_id = name + "-" + std::to_string(item.id)};
      auto answer = store->complete(item.id, item.generation, done);
      if (!answer || *answer != Transition::kApplied) _exit(5);
    }
  }
  out.close();
  store.reset();
  _exit(0);
}

}  // namespace

TEST_CASE("two processes claiming from one database never hold one item, and keep each key's order", "[store_pg][processes]") {
  std::string url = make_test_database();
  constexpr int kKeys = 20;
  constexpr int kPerKey = 10;
  {
    auto store = must(open_postgres_store(url));
    for (int v = 0; v < kPerKey; ++v)
      for (int k = 0; k < kKeys; ++k) accept_one_item(*store, order_event(std::to_string(k), "v" + std::to_string(v) + "-" + std::to_string(k)));
  }
  std::string dir = std::string(PG_TEST_DIR);
  std::vector<std::string> logs = {dir + "/w1-" + std::to_string(::getpid()), dir + "/w2-" + std::to_string(::getpid())};
  std::vector<pid_t> pids;
  for (int w = 0; w < 2; ++w) {
    pid_t pid = ::fork();
    if (pid == 0) worker(url, "w" + std::to_string(w + 1), logs[static_cast<std::size_t>(w)]);
    pids.push_back(pid);
  }
  for (pid_t pid : pids) {
    int status = 0;
    ::waitpid(pid, &status, 0);
    CHECK(WIFEXITED(status));
    CHECK(WEXITSTATUS(status) == 0);
  }
  std::map<std::int64_t, int> claimed;  // work id -> how many claims
  std::vector<int> per_worker;
  for (const std::string& log : logs) {
    std::ifstream in(log);
    std::int64_t id = 0, generation = 0;
    int n = 0;
    while (in >> id >> generation) {
      ++claimed[id];
      ++n;
    }
    per_worker.push_back(n);
  }
  CHECK(claimed.size() == kKeys * kPerKey);
  for (const auto& [id, count] : claimed) {
    INFO("work item " << id);
    CHECK(count == 1);  // no lease expired, so each item was handed out once, to one process
  }
  CHECK(per_worker[0] > 0);  // both processes did work
  CHECK(per_worker[1] > 0);
  // Per key, the writes (audit lines, in commit order) are in arrival (work id) order.
  auto store = must(open_postgres_store(url));
  std::map<std::string, std::vector<std::int64_t>> writes;
  for (const AuditEntry& entry : must(store->audit(0)))
    if (entry.action == "write") writes[entry.key].push_back(entry.work_id);
  REQUIRE(writes.size() == kKeys);
  for (const auto& [key, ids] : writes) {
    INFO("key " << key);
    CHECK(ids.size() == kPerKey);
    CHECK(std::is_sorted(ids.begin(), ids.end()));
  }
}

TEST_CASE("a SIGKILLed process's lease is taken over once it expires, and its late completion is lost", "[store_pg][processes]") {
  std::string url = make_test_database();
  std::int64_t work_id = 0;
  {
    auto store = must(open_postgres_store(url));
    work_id = accept_one_item(*store, order_event("7", "k7"));
  }
  constexpr TimeMs kLease = 5'000;  // production leases are at most 30 s; the bound checked is 45 s
  int ready[2];
  REQUIRE(::pipe(ready) == 0);
  pid_t pid = ::fork();
  if (pid == 0) {
    ::close(ready[0]);
    auto opened = open_postgres_store(url);
    if (!opened) _exit(3);
    auto items = (*opened)->claim({.owner = "doomed", .lease_ms = kLease, .limit = 1});
    if (!items || items->size() != 1) _exit(4);
    std::string line = std::to_string((*items)[0].generation) + "\n";
    if (::write(ready[1], line.data(), line.size()) < 0) _exit(5);
    for (;;) ::pause();  // mid-batch: holds the item until killed
  }
  ::close(ready[1]);
  char buffer[32] = {};
  REQUIRE(::read(ready[0], buffer, sizeof buffer - 1) > 0);
  ::close(ready[0]);
  std::int64_t doomed_generation = std::stoll(buffer);
  auto killed_at = std::chrono::steady_clock::now();
  ::kill(pid, SIGKILL);
  int status = 0;
  ::waitpid(pid, &status, 0);
  REQUIRE(WIFSIGNALED(status));

  auto store = must(open_postgres_store(url));
  std::optional<WorkItem> taken;
  while (!taken && std::chrono::steady_clock::now() - killed_at < std::chrono::seconds(45)) {
    auto items = must(store->claim({.owner = "survivor", .lease_ms = 30'000, .limit = 1}));
    if (!items.empty()) taken = items[0];
    else std::this_thread::sleep_for(std::chrono::milliseconds(200));
  }
  auto waited = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - killed_at).count();
  REQUIRE(taken);
  CHECK(taken->id == work_id);
  CHECK(taken->generation == doomed_generation + 1);
  CHECK(waited >= kLease - 1'000);  // not before the lease ran out
  CHECK(waited < 45'000);
  // The killed worker's completion, had it come back late: refused by generation.
  CHECK(must(store->complete(work_id, doomed_generation, {})) == Transition::kLost);
  CHECK(must(store->complete(work_id, taken->generation, {})) == Transition::kApplied);
}
