// The PostgreSQL backend of the store test suite: a fresh database per store, in the throwaway cluster the
// CTest fixture started (PG_TEST_DIR/url, scripts/pg), so that tests run in parallel without sharing rows.
#include <unistd.h>

#include <atomic>
#include <fstream>
#include <string>

#include <libpq-fe.h>

#include "store_suite.hpp"

namespace syncloom::store::testing {
namespace {

std::string cluster_url() {
  if (const char* url = std::getenv("SYNCLOOM_PG_TEST_URL")) return url;
  std::ifstream in(std::string(PG_TEST_DIR) + "/url");
  std::string url;
  std::getline(in, url);
  return url;
}

}  // namespace

std::string make_test_database();

/// A new, empty database in the test cluster: its URL.
std::string make_test_database() {
  static std::atomic<int> counter{0};
  std::string admin = cluster_url();
  if (admin.empty()) FAIL("no PostgreSQL test cluster: " PG_TEST_DIR "/url is missing (ctest runs the store_pg_cluster_start fixture)");
  std::string name = "suite_" + std::to_string(::getpid()) + "_" + std::to_string(counter++);
  PGconn* conn = PQconnectdb(admin.c_str());
  if (PQstatus(conn) != CONNECTION_OK) {
    std::string message = PQerrorMessage(conn);
    PQfinish(conn);
    FAIL("cannot connect to the test cluster: " << message);
  }
  PQclear(PQexec(conn, ("DROP DATABASE IF EXISTS " + name).c_str()));
  PGresult* created = PQexec(conn, ("CREATE DATABASE " + name).c_str());
  bool ok = PQresultStatus(created) == PGRES_COMMAND_OK;
  std::string message = PQresultErrorMessage(created);
  PQclear(created);
  PQfinish(conn);
  if (!ok) FAIL("CREATE DATABASE " << name << ": " << message);
  return admin.substr(0, admin.rfind('/') + 1) + name;
}

std::unique_ptr<Store> make_test_store(const Clock& clock) {
  std::string url = make_test_database();
  auto store = open_postgres_store(url, {.clock = clock});
  if (!store.ok()) FAIL("cannot open " << url << ": " << store.error().message);
  return std::move(store).value();
}

}  // namespace syncloom::store::testing
