// WooCommerce listings against the fake store: keyset paging while records are edited and deleted,
// crowds of records in one second, deltas with the overlap.
#include <catch2/catch.hpp>

#include <random>
#include <set>

#include "syncloom/http/client.hpp"
#include "woo_connector_util.hpp"
#include "woo_fake_store.hpp"

using namespace syncloom::connectors;
using namespace syncloom::test;

TEST_CASE("a sweep reads every order once, 100 per page", "[woo][connector]") {
  FakeStore store;
  store.seed_orders(250);
  auto c = connect(store.url());
  Page last;
  auto ids = read_all(*c, {.record = "order"}, &last);
  CHECK(ids.size() == 250);
  CHECK(std::set<std::string>(ids.begin(), ids.end()).size() == 250);
  CHECK(last.high_water == "2026-12-01T10:04:09Z");
  auto queries = store.queries();
  CHECK(queries[0].find("per_page=100") != std::string::npos);
  CHECK(queries[0].find("orderby=modified") != std::string::npos);
}

TEST_CASE("records changing while pages are read are neither skipped nor repeated", "[woo][connector]") {
  FakeStore store;
  store.inclusive_after = GENERATE(false, true);
  store.seed_orders(300);
  // After the first page: edit an order already read and one not read yet, delete one not read yet.
  // Page numbers would now skip a record (everything after the moved ones shifts one place up).
  store.on_list = [&](int request) {
    if (request == 2) {
      store.touch_order(1005);
      store.touch_order(1150);
      store.delete_order(1200);
    }
  };
  auto c = connect(store.url());
  auto ids = read_all(*c, {.record = "order"});
  std::set<std::string> unique(ids.begin(), ids.end());
  CHECK(unique.size() == ids.size());  // nothing repeated, though 1005 moved to the end
  CHECK(ids.size() == 299);            // every order but the deleted one
  CHECK(unique.count("1005"));
  CHECK(unique.count("1150"));
  CHECK_FALSE(unique.count("1200"));
}

TEST_CASE("many records in one second page through exclude, not page numbers", "[woo][connector]") {
  FakeStore store;
  store.inclusive_after = GENERATE(false, true);  // either reading of modified_after works
  store.seed_orders(350, 150);  // 150 orders per second
  auto c = connect(store.url());
  auto ids = read_all(*c, {.record = "order"});
  CHECK(ids.size() == 350);
  CHECK(std::set<std::string>(ids.begin(), ids.end()).size() == 350);
  for (const auto& q : store.queries()) {  // no page numbers
    CHECK(q.find("?page=") == std::string::npos);
    CHECK(q.find("&page=") == std::string::npos);
  }
}

TEST_CASE("a delta asks for modified_after with the overlap, in GMT", "[woo][connector]") {
  FakeStore store;
  store.seed_orders(50);
  auto c = connect(store.url());
  auto ids = read_all(*c, {.record = "order", .since = "2026-12-01T10:00:40Z", .overlap = std::chrono::seconds(10)});
  CHECK(ids.size() == 19);  // modified after 10:00:30 (exclusive in the fake): 10:00:31 .. 10:00:49
  CHECK(store.queries()[0].find("modified_after=2026-12-01T10:00:30") != std::string::npos);
  CHECK(store.queries()[0].find("dates_are_gmt=true") != std::string::npos);
}


TEST_CASE("a sweep under steady edits and deletions emits every surviving order exactly once", "[woo][connector]") {
  FakeStore store;
  store.inclusive_after = GENERATE(false, true);
  store.seed_orders(1000, 10);  // ten orders per second
  std::set<int64_t> deleted;
  std::mt19937 random(42);
  store.on_list = [&](int) {  // before every page: five edits and one deletion anywhere in the store
    for (int i = 0; i < 5; ++i) store.touch_order(1000 + static_cast<int64_t>(random() % 1000));
    int64_t gone = 1000 + static_cast<int64_t>(random() % 1000);
    store.delete_order(gone);
    deleted.insert(gone);
  };
  auto c = connect(store.url());
  auto ids = read_all(*c, {.record = "order"});
  std::set<std::string> unique(ids.begin(), ids.end());
  CHECK(unique.size() == ids.size());
  for (int64_t id = 1000; id < 2000; ++id)
    if (!deleted.count(id)) CHECK(unique.count(std::to_string(id)) == 1);
}

