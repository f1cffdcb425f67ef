// Shared set-up of the WooCommerce connector tests: a configuration for a store URL, a connector, and
// reading every page of a listing.
#pragma once
#include <catch2/catch.hpp>

#include <memory>
#include <string>
#include <vector>

#include "syncloom/connectors/connector.hpp"

// GCC 12 warns about designated initializers that leave members without a `{}` default out; the
// interface structs (connector.hpp) have none yet.
#pragma GCC diagnostic ignored "-Wmissing-field-initializers"

namespace syncloom::test {

using namespace syncloom::connectors;

inline SystemConfig woo_config(const std::string& url, Budget budget = {}) {
  SystemConfig config;
  config.name = "woo";
  config.kind = "woocommerce";
  config.url = url;
  config.file = "syncloom.yaml";
  config.budget = budget;
  config.timeout = std::chrono::milliseconds(5000);
  config.settings["consumer_key"] = {"ck_test", true, 3};
  config.settings["consumer_secret"] = {"cs_test_secret", true, 4};
  config.settings["webhook_secret"] = {"whsec123", true, 5};
  return config;
}

inline std::unique_ptr<Connector> connect(const std::string& url, Environment environment = {}, Budget budget = {}) {
  Made made = make_connector(woo_config(url, budget), environment);
  INFO(made.error);
  REQUIRE(made.connector);
  return std::move(made.connector);
}

/// Reads every page of a listing; the ids in order of appearance (and the last page in `last`).
inline std::vector<std::string> read_all(Connector& c, ListQuery query, Page* last = nullptr) {
  std::vector<std::string> ids;
  for (int guard = 0; guard < 1000; ++guard) {
    Page page = c.list(query);
    INFO(describe(page.outcome));
    REQUIRE(page.outcome.ok());
    for (const Fetched& f : page.records) ids.push_back(f.id);
    if (last) *last = page;
    if (page.next_page.empty()) return ids;
    query.page = page.next_page;
  }
  FAIL("the listing did not end");
  return ids;
}

}  // namespace syncloom::test
