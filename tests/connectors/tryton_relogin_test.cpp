// Contract test against the real Tryton: sessions deleted on the server are renewed once. It deletes every
// session of the shared server, which would disturb any test running beside it (a renewal in the middle of
// its fault injection, a count of its own renewals), so it has an executable of its own that ctest runs
// alone (RUN_SERIAL).
#include <atomic>
#include <cstdlib>
#include <thread>
#include <vector>

#include "tryton_fixture.hpp"

using namespace tryton_test;

TEST_CASE("sessions deleted on the server are renewed once, also when threads meet the 401 together", "[tryton][contract]") {
  std::string db = server_dir() + "/db/" + setup().at("database").text() + ".sqlite";
  // The server may be writing (other tests share it): wait for the lock rather than fail with SQLITE_BUSY.
  // Python's sqlite3 module comes with Tryton; the sqlite3 command line may not be installed.
  auto delete_sessions = [&] {
    std::string py = "/usr/bin/python3 -c \"import sqlite3, sys; c = sqlite3.connect(sys.argv[1], timeout=10); "
                     "c.execute('DELETE FROM ir_session'); c.commit()\" '" + db + "'";
    REQUIRE(std::system(py.c_str()) == 0);
  };
  SECTION("one thread") {
    auto c = connect();
    std::string id = make_customer(*c, unique("C"));
    CHECK(c->stats().relogins == 0);
    delete_sessions();
    Fetched got = c->get("customer", id);
    INFO(describe(got.outcome));
    REQUIRE(got.outcome.ok());
    CHECK(got.found);
    CHECK(c->stats().relogins == 1);
    CHECK(c->get("customer", id).outcome.ok());  // the renewed session is kept
    CHECK(c->stats().relogins == 1);
  }
  SECTION("four threads, a budget of two in flight") {
    SystemConfig cfg = config();
    cfg.budget.concurrency = 2;
    auto c = connect(nullptr, cfg);
    std::string id = make_customer(*c, unique("C"));
    delete_sessions();
    std::atomic<int> ok{0};
    std::vector<std::thread> threads;
    for (int t = 0; t < 4; ++t)
      threads.emplace_back([&] {
        for (int i = 0; i < 3; ++i) ok += c->get("customer", id).found ? 1 : 0;
      });
    for (auto& t : threads) t.join();
    CHECK(ok == 12);
    ConnectorStats s = c->stats();
    CHECK(s.relogins == 1);  // the threads that met the 401 together shared one new session
    CHECK(s.max_in_flight <= 2);
  }
}

