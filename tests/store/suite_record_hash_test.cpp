// Store suite: content hashes of polled records (the reconciling poll's memory of what it saw).
#include "store_suite.hpp"

#include <algorithm>

using namespace syncloom::store;
using namespace syncloom::store::testing;

namespace {

std::vector<RecordHash> sorted(std::vector<RecordHash> hashes) {
  std::sort(hashes.begin(), hashes.end(), [](const RecordHash& a, const RecordHash& b) { return a.id < b.id; });
  return hashes;
}

}  // namespace

TEST_CASE("record hashes: an id never seen is absent", "[store][record_hash]") {
  ManualClock clock;
  auto store = make_test_store(clock.clock());
  CHECK(must(store->record_hashes("woocommerce", "product", {"1", "2"})).empty());
  CHECK(must(store->record_hashes("woocommerce", "product", {})).empty());
}

TEST_CASE("record hashes: stored, read back, replaced", "[store][record_hash]") {
  ManualClock clock;
  auto store = make_test_store(clock.clock());
  must_ok(store->set_record_hashes({{.system = "woocommerce", .record = "product", .id = "1", .hash = "aa", .seen_ms = 100},
                                    {.system = "woocommerce", .record = "product", .id = "2", .hash = "bb", .seen_ms = 200}}));
  auto found = sorted(must(store->record_hashes("woocommerce", "product", {"1", "2", "3"})));
  REQUIRE(found.size() == 2);
  CHECK(found[0].id == "1");
  CHECK(found[0].hash == "aa");
  CHECK(found[0].seen_ms == 100);
  CHECK(found[0].system == "woocommerce");
  CHECK(found[0].record == "product");
  CHECK(found[1].id == "2");
  CHECK(found[1].hash == "bb");

  must_ok(store->set_record_hashes({{.system = "woocommerce", .record = "product", .id = "1", .hash = "cc", .seen_ms = 300}}));
  found = must(store->record_hashes("woocommerce", "product", {"1"}));
  REQUIRE(found.size() == 1);
  CHECK(found[0].hash == "cc");
  CHECK(found[0].seen_ms == 300);
}

TEST_CASE("record hashes: system and record kind keep ids apart", "[store][record_hash]") {
  ManualClock clock;
  auto store = make_test_store(clock.clock());
  must_ok(store->set_record_hashes({{.system = "woocommerce", .record = "product", .id = "7", .hash = "p"},
                                    {.system = "woocommerce", .record = "order", .id = "7", .hash = "o"},
                                    {.system = "tryton", .record = "product", .id = "7", .hash = "t"}}));
  auto product = must(store->record_hashes("woocommerce", "product", {"7"}));
  REQUIRE(product.size() == 1);
  CHECK(product[0].hash == "p");
  auto order = must(store->record_hashes("woocommerce", "order", {"7"}));
  REQUIRE(order.size() == 1);
  CHECK(order[0].hash == "o");
  auto tryton = must(store->record_hashes("tryton", "product", {"7"}));
  REQUIRE(tryton.size() == 1);
  CHECK(tryton[0].hash == "t");
}

TEST_CASE("record hashes: seen_ms 0 takes the store's clock", "[store][record_hash]") {
  ManualClock clock;
  auto store = make_test_store(clock.clock());
  must_ok(store->set_record_hashes({{.system = "woocommerce", .record = "product", .id = "1", .hash = "aa"}}));
  auto found = must(store->record_hashes("woocommerce", "product", {"1"}));
  REQUIRE(found.size() == 1);
  CHECK(found[0].seen_ms == clock.now());
}

TEST_CASE("record hashes: a bad hash fails the whole call", "[store][record_hash]") {
  ManualClock clock;
  auto store = make_test_store(clock.clock());
  Status status = store->set_record_hashes({{.system = "woocommerce", .record = "product", .id = "1", .hash = "aa"},
                                            {.system = "woocommerce", .record = "product", .id = "", .hash = "bb"}});
  CHECK_FALSE(status.ok());
  CHECK(must(store->record_hashes("woocommerce", "product", {"1"})).empty());
}

TEST_CASE("record hashes: many in one call", "[store][record_hash]") {
  ManualClock clock;
  auto store = make_test_store(clock.clock());
  std::vector<RecordHash> hashes;
  std::vector<std::string> ids;
  for (int i = 0; i < 500; ++i) {
    hashes.push_back({.system = "woocommerce", .record = "product", .id = std::to_string(i), .hash = "h" + std::to_string(i)});
    ids.push_back(std::to_string(i));
  }
  must_ok(store->set_record_hashes(hashes));
  auto found = must(store->record_hashes("woocommerce", "product", ids));
  REQUIRE(found.size() == 500);
  for (const RecordHash& h : found) CHECK(h.hash == "h" + h.id);
}
