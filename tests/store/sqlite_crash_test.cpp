// SQLite store: SIGKILL a writer process at seeded random points; after each kill the file opens, and
// everything it acknowledged is there exactly once (events, work items, completions with their xrefs).
#include <catch2/catch.hpp>

#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <map>
#include <random>
#include <set>
#include <sstream>
#include <thread>

#include "db.hpp"
#include "sqlite_test_files.hpp"
#include "syncloom/store/store.hpp"

using namespace syncloom::store;
using namespace syncloom::store::testing;

namespace {

constexpr int kKills = 24;
constexpr int kAcceptThreads = 3;
constexpr int kKeys = 20;

Event crash_event(const std::string& dedupe, int key) {
  Event event;
  event.system = "woocommerce";
  event.topic = "order.updated";
  event.record = "order";
  event.source_id = std::to_string(key);
  event.dedupe_scope = "orders";
  event.dedupe_key = dedupe;
  event.payload = R"({"id":)" + std::to_string(key) + R"(,"dedupe":")" + dedupe + R"("})";
  event.correlation_id = "corr-" + dedupe;
  event.work.push_back({.domain = "orders", .key = "K" + std::to_string(key), .full_state = true});
  return event;
}

/// Reports an acknowledged fact on the pipe: one write(2) under PIPE_BUF is atomic, so lines never mix.
void report(int fd, const std::string& line) {
  std::string text = line + "\n";
  if (::write(fd, text.data(), text.size()) != static_cast<ssize_t>(text.size())) ::_exit(3);
}

/// The child: accepts events on several threads and claims, completes and fails items on another,
/// until it is killed (or, bounded, runs out of loop).
[[noreturn]] void writer_process(const std::string& path, int round, int fd) {
  auto opened = open_sqlite_store(path);
  if (!opened.ok()) {
    report(fd, "E " + opened.error().message);
    ::_exit(2);
  }
  Store& store = **opened;
  std::vector<std::thread> threads;
  for (int t = 0; t < kAcceptThreads; ++t) {
    threads.emplace_back([&, t] {
      std::string previous;
      for (int i = 0; i < 100'000; ++i) {
        std::string dedupe = "r" + std::to_string(round) + "-t" + std::to_string(t) + "-" + std::to_string(i);
        bool resend = i % 5 == 4;  // a duplicate delivery of the previous event
        auto accepted = store.accept(crash_event(resend ? previous : dedupe, (t * 7 + i) % kKeys));
        if (!accepted.ok()) ::_exit(4);
        if (resend) {
          report(fd, "D " + previous + " " + std::to_string(accepted->event_id) + " " + (accepted->duplicate ? "1" : "0"));
        } else {
          report(fd, "A " + dedupe + " " + std::to_string(accepted->event_id) + " " + std::to_string(accepted->work_ids.at(0)));
          previous = dedupe;
        }
      }
    });
  }
  threads.emplace_back([&] {
    for (int i = 0; i < 100'000; ++i) {
      auto items = store.claim({.owner = "child-" + std::to_string(round), .lease_ms = 200, .limit = 4});
      if (!items.ok()) ::_exit(5);
      for (const WorkItem& item : *items) {
        if (item.id % 7 == 0 && item.attempt == 1) {  // some fail once and wait briefly
          (void)store.fail(item.id, item.generation, {.error = "retryable: 503", .retry_at = system_clock_ms() + 20});
          continue;
        }
        Completion completion;
        completion.xref = Xref{.domain = "items", .key = std::to_string(item.id), .target_system = "tryton",
                               .target_id = "T-" + std::to_string(item.id)};
        completion.attempts.push_back({.system = "tryton", .outcome = "ok", .target_id = "T-" + std::to_string(item.id)});
        auto done = store.complete(item.id, item.generation, completion);
        if (done.ok() && *done == Transition::kApplied) report(fd, "C " + std::to_string(item.id));
      }
      if (items->empty()) std::this_thread::sleep_for(std::chrono::milliseconds(2));
    }
  });
  for (auto& thread : threads) thread.join();
  ::_exit(0);
}

/// Runs one child for `delay_ms`, SIGKILLs it, and answers every line it acknowledged.
std::vector<std::string> run_and_kill(const std::string& path, int round, int delay_ms) {
  int fds[2];
  REQUIRE(::pipe(fds) == 0);
  pid_t child = ::fork();
  REQUIRE(child >= 0);
  if (child == 0) {
    ::close(fds[0]);
    writer_process(path, round, fds[1]);
  }
  ::close(fds[1]);
  std::string text;
  char buffer[65536];
  auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(delay_ms);
  bool killed = false;
  for (;;) {  // bounded: the child dies at the deadline, then the pipe reaches end of file
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now()).count();
    if (!killed && left <= 0) {
      ::kill(child, SIGKILL);
      killed = true;
    }
    pollfd poll_fd{fds[0], POLLIN, 0};
    if (::poll(&poll_fd, 1, killed ? 1000 : static_cast<int>(std::max<long>(left, 0))) <= 0) {
      if (killed) FAIL("the killed writer's pipe stayed open for a second");
      continue;  // the deadline came with nothing to read: kill at the top of the loop
    }
    ssize_t got = ::read(fds[0], buffer, sizeof buffer);  // ready: does not block
    if (got > 0) text.append(buffer, static_cast<std::size_t>(got));
    if (got <= 0 && killed) break;
  }
  ::close(fds[0]);
  int status = 0;
  ::waitpid(child, &status, 0);
  CHECK(WIFSIGNALED(status));  // it was killed, not failed on its own
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

/// Every acknowledged fact holds in the reopened store.
struct Ledger {
  std::map<std::string, std::pair<std::int64_t, std::int64_t>> accepted;  // dedupe -> (event, work)
  std::set<std::int64_t> completed;
};

/// Counts the rows a query finds: the invariants below must find none.
std::int64_t count_rows(sqlite::Db& db, const char* sql) {
  auto stmt = db.prepare(sql);
  std::int64_t rows = 0;
  while (stmt.step()) ++rows;
  return rows;
}

/// What must hold of the whole file, acknowledged or not: completions carry their xref and outbox row,
/// every event has its one work item, and each key with unfinished work has exactly one head, its oldest.
void check_invariants(const std::string& path) {
  sqlite::Db db(path, 5000);
  CHECK(count_rows(db, "SELECT id FROM work WHERE state = 'done' AND NOT EXISTS"
                       " (SELECT 1 FROM xref WHERE domain = 'items' AND key = CAST(work.id AS TEXT))") == 0);
  CHECK(count_rows(db, "SELECT key FROM xref WHERE domain = 'items' AND NOT EXISTS"
                       " (SELECT 1 FROM work WHERE id = CAST(xref.key AS INTEGER) AND state = 'done')") == 0);
  CHECK(count_rows(db, "SELECT id FROM work WHERE state = 'done' AND NOT EXISTS"
                       " (SELECT 1 FROM outbox WHERE work_id = work.id AND outcome = 'ok')") == 0);
  CHECK(count_rows(db, "SELECT i.id FROM inbox i WHERE (SELECT COUNT(*) FROM work w WHERE w.event_id = i.id) != 1") == 0);
  CHECK(count_rows(db, "SELECT id FROM work WHERE is_head = 1 AND state NOT IN ('pending', 'running', 'waiting')") == 0);
  CHECK(count_rows(db, "SELECT domain, key FROM work WHERE state IN ('pending', 'running', 'waiting')"
                       " GROUP BY domain, key HAVING SUM(is_head) != 1"
                       " OR MIN(id) != (SELECT id FROM work h WHERE h.domain = work.domain AND h.key = work.key"
                       " AND h.is_head = 1)") == 0);
}

void check_store(const std::string& path, const Ledger& ledger) {
  auto opened = open_sqlite_store(path);  // first: a kill before the child's migrations finished is repaired here
  REQUIRE(opened.ok());
  check_invariants(path);
  Store& store = **opened;
  std::vector<Event> again;
  std::vector<std::string> keys;
  for (const auto& [dedupe, ids] : ledger.accepted) {
    again.push_back(crash_event(dedupe, 0));
    keys.push_back(dedupe);
  }
  // Accepting every acknowledged event again: each must be a duplicate of the same event (there once).
  auto answers = store.accept_batch(again);
  for (std::size_t i = 0; i < answers.size(); ++i) {
    INFO("event " << keys[i]);
    REQUIRE(answers[i].ok());
    CHECK(answers[i]->duplicate);
    CHECK(answers[i]->event_id == ledger.accepted.at(keys[i]).first);
    auto item = store.work_item(ledger.accepted.at(keys[i]).second);
    REQUIRE(item.ok());
    CHECK(item->event_id == answers[i]->event_id);
  }
  for (std::int64_t id : ledger.completed) {
    INFO("work item " << id);
    CHECK(store.work_item(id)->state == WorkState::kDone);
    auto xref = store.xref("items", std::to_string(id));
    REQUIRE(xref.ok());
    REQUIRE(xref->has_value());
    CHECK((*xref)->target_id == "T-" + std::to_string(id));
  }
}

}  // namespace

TEST_CASE("SIGKILL at random points loses and duplicates nothing that was acknowledged", "[store][sqlite][crash]") {
  std::string path = fresh_store_path("crash");
  std::mt19937 random(20261202);  // seeded: a failure reproduces
  std::uniform_int_distribution<int> delay(30, 250);
  Ledger ledger;
  int rounds_with_work = 0;
  for (int round = 0; round < kKills; ++round) {
    int delay_ms = delay(random);
    INFO("round " << round << ", killed after " << delay_ms << " ms");
    auto lines = run_and_kill(path, round, delay_ms);
    std::size_t before = ledger.accepted.size() + ledger.completed.size();
    for (const std::string& line : lines) {
      std::istringstream fields(line);
      std::string kind;
      fields >> kind;
      if (kind == "E") FAIL("the child could not open the store: " << line);
      if (kind == "A") {
        std::string dedupe;
        std::int64_t event_id = 0, work_id = 0;
        fields >> dedupe >> event_id >> work_id;
        CHECK(ledger.accepted.emplace(dedupe, std::pair(event_id, work_id)).second);
      } else if (kind == "D") {
        std::string dedupe;
        std::int64_t event_id = 0;
        int duplicate = 0;
        fields >> dedupe >> event_id >> duplicate;
        CHECK(duplicate == 1);
        CHECK(ledger.accepted.at(dedupe).first == event_id);
      } else if (kind == "C") {
        std::int64_t work_id = 0;
        fields >> work_id;
        CHECK(ledger.completed.insert(work_id).second);  // never completed twice, across kills
      }
    }
    if (ledger.accepted.size() + ledger.completed.size() > before) ++rounds_with_work;
    check_store(path, ledger);
  }
  CHECK(rounds_with_work >= kKills / 2);  // the kills landed while work flowed, not before it began
  UNSCOPED_INFO("acknowledged events: " << ledger.accepted.size() << ", completions: " << ledger.completed.size());

  // Drain: every item ever created is still there to finish (none lost), and finishes exactly once.
  auto opened = open_sqlite_store(path);
  REQUIRE(opened.ok());
  Store& store = **opened;
  std::this_thread::sleep_for(std::chrono::milliseconds(250));  // the last child's leases expire
  std::set<std::int64_t> finished = ledger.completed;  // completions acknowledged, then the drain's
  for (int round = 0; round < 500; ++round) {
    auto items = store.claim({.owner = "drain", .lease_ms = 60'000, .limit = 200});
    REQUIRE(items.ok());
    auto status = store.domain_status();
    REQUIRE(status.ok());
    if (items->empty() && (status->empty() || status->at(0).pending + status->at(0).waiting + status->at(0).running == 0)) break;
    for (const WorkItem& item : *items) {
      Completion completion;
      completion.xref = Xref{.domain = "items", .key = std::to_string(item.id), .target_system = "tryton",
                             .target_id = "T-" + std::to_string(item.id)};
      REQUIRE(*store.complete(item.id, item.generation, completion) == Transition::kApplied);
      CHECK(finished.insert(item.id).second);
    }
    if (items->empty()) std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  auto status = store.domain_status();
  REQUIRE(status.ok());
  REQUIRE(status->size() == 1);
  CHECK(status->at(0).pending + status->at(0).waiting + status->at(0).running == 0);
  auto intake = store.intake_status();
  REQUIRE(intake.ok());
  // One work item per stored event, each finished once with its xref: the drain re-ran only items that
  // were unfinished (a child may have committed a completion and died before reporting it).
  CHECK(static_cast<std::int64_t>(finished.size()) <= intake->at(0).received);
  for (const auto& [dedupe, ids] : ledger.accepted) {
    INFO("event " << dedupe);
    auto item = store.work_item(ids.second);
    REQUIRE(item.ok());
    CHECK(item->state == WorkState::kDone);
    auto xref = store.xref("items", std::to_string(ids.second));
    REQUIRE(xref.ok());
    CHECK(xref->has_value());
  }
}
