// JSON-lines logs: the exact line, escaping, levels; correlation ids are ULIDs that sort by time.
#include <catch2/catch.hpp>

#include <set>
#include <thread>
#include <vector>

#include "syncloom/core/log.hpp"
#include "syncloom/wire/value.hpp"

using namespace syncloom::core;

TEST_CASE("log lines are one JSON object each, fields as data", "[core]") {
  std::string line = Logger::format(1796169600123, Level::kWarn, "retry \"scheduled\"",
                                    {{"domain", "orders"}, Field::number("attempt", 2), Field::boolean("throttled", true),
                                     {"error", "line1\nline2"}},
                                    "01JDXYZ");
  CHECK(line == R"({"ts":"2026-12-02T00:00:00.123Z","level":"warn","msg":"retry \"scheduled\"","cid":"01JDXYZ",)"
                R"("domain":"orders","attempt":2,"throttled":true,"error":"line1\nline2"})");
  CHECK(syncloom::wire::parse(line).value);
  std::vector<std::string> lines;
  Logger log([&](std::string_view l) { lines.emplace_back(l); }, Level::kInfo);
  log.debug("hidden");
  log.info("shown", {{"k", "v"}});
  log.error("bad");
  REQUIRE(lines.size() == 2);
  CHECK(lines[0].find(R"("level":"info","msg":"shown","k":"v"})") != std::string::npos);
  CHECK_FALSE(log.enabled(Level::kDebug));
}

TEST_CASE("correlation ids are ULIDs: 26 Crockford characters, unique, sorted by time", "[core]") {
  std::set<std::string> ids;
  for (int i = 0; i < 2000; ++i) {
    std::string id = new_correlation_id();
    REQUIRE(id.size() == 26);
    CHECK(id.find_first_not_of("0123456789ABCDEFGHJKMNPQRSTVWXYZ") == std::string::npos);
    CHECK(id[0] <= '7');  // 48 bits of time in 50: the first digit is at most 7
    ids.insert(id);
  }
  CHECK(ids.size() == 2000);
  std::string earlier = new_correlation_id();
  std::this_thread::sleep_for(std::chrono::milliseconds(3));
  CHECK(earlier < new_correlation_id());
  CHECK(earlier.substr(0, 10) != std::string(10, '0'));  // the time is there
}
