// Time zones from TZif files: offsets at instants (table and footer rule, both hemispheres, half- and
// quarter-hour zones, negative DST), local wall-clock times through gaps and overlaps, and the text forms.
// The expectations come from Python's zoneinfo over the copies of Debian's TZif files in tests/data/zoneinfo,
// so a tzdata update on the host cannot change them.
#include <catch2/catch.hpp>

#include <memory>
#include <string>

#include "stdlib_test_util.hpp"
#include "syncloom/stdlib/time.hpp"
#include "syncloom/stdlib/zone.hpp"

namespace {

using syncloom::testing::take;

struct OffsetCase {
  const char* zone;
  int64_t utc;
  int32_t offset;
};
struct LocalCase {
  const char* zone;
  const char* local;
  int64_t utc;
};
#include "stdlib_zone_vectors.inc"

const std::string kDir = SYNCLOOM_SOURCE_DIR "/tests/data/zoneinfo";
constexpr int64_t kSecond = 1000000;

using ZonePtr = std::unique_ptr<sl_zone, decltype(&sl_zone_free)>;

ZonePtr load(const std::string& name, std::string* why = nullptr) {
  sl_zone* z = nullptr;
  sl_buffer message{};
  sl_status st = sl_zone_load(kDir.c_str(), name.data(), name.size(), &z, &message);
  std::string text = take(SL_OK, message);
  if (why) *why = st == SL_OK ? "" : text;
  return ZonePtr(z, sl_zone_free);
}

int64_t ts(const std::string& text) {
  int64_t v = 0;
  REQUIRE(sl_timestamp_parse(text.data(), text.size(), &v) == SL_OK);
  return v;
}

std::string local_text(const sl_zone* z, int64_t t) {
  sl_buffer b{};
  sl_status st = sl_timestamp_to_text_in(z, t, &b);
  return take(st, b);
}

int64_t parse_in(const sl_zone* z, const std::string& text) {
  int64_t v = 0;
  INFO(text);
  REQUIRE(sl_timestamp_parse_in(z, text.data(), text.size(), &v) == SL_OK);
  return v;
}

}  // namespace

TEST_CASE("zone offsets agree with Python's zoneinfo, in the table and under the footer rule", "[stdlib][zone]") {
  for (const OffsetCase& c : kOffsets) {
    auto z = load(c.zone);
    REQUIRE(z);
    int32_t offset = 0;
    REQUIRE(sl_zone_offset(z.get(), c.utc * kSecond, &offset, nullptr) == SL_OK);
    INFO(c.zone << " at " << c.utc);
    CHECK(offset == c.offset);
  }
}

TEST_CASE("local wall-clock times convert as Python's fold=0: gaps move forward, overlaps take the earlier", "[stdlib][zone]") {
  for (const LocalCase& c : kLocals) {
    auto z = load(c.zone);
    REQUIRE(z);
    int64_t local = ts(c.local), out = 0;
    REQUIRE(sl_zone_from_local(z.get(), local, &out) == SL_OK);
    INFO(c.zone << " " << c.local);
    CHECK(out == c.utc * kSecond);
  }
}

TEST_CASE("Berlin's clock changes of 2026: the skipped and the repeated hour", "[stdlib][zone]") {
  auto berlin = load("Europe/Berlin");
  REQUIRE(berlin);
  // 02:30 does not exist on 29 March: read on the clock before the jump, it is 03:30 CEST.
  CHECK(local_text(berlin.get(), parse_in(berlin.get(), "2026-03-29T02:30:00")) == "2026-03-29T03:30:00+02:00");
  CHECK(parse_in(berlin.get(), "2026-03-29T02:30:00") == ts("2026-03-29T01:30:00Z"));
  // 02:30 happens twice on 25 October: the first, still on CEST.
  CHECK(parse_in(berlin.get(), "2026-10-25T02:30:00") == ts("2026-10-25T00:30:00Z"));
  CHECK(local_text(berlin.get(), ts("2026-10-25T01:30:00Z")) == "2026-10-25T02:30:00+01:00");
  // An explicit offset wins over the zone.
  CHECK(parse_in(berlin.get(), "2026-03-29T02:30:00Z") == ts("2026-03-29T02:30:00Z"));
  CHECK(parse_in(berlin.get(), "2026-03-29T02:30:00-05:00") == ts("2026-03-29T07:30:00Z"));
  const char* abbreviation = nullptr;
  int32_t offset = 0;
  sl_zone_offset(berlin.get(), ts("2026-07-01T12:00:00Z"), &offset, &abbreviation);
  CHECK(offset == 7200);
  CHECK(std::string(abbreviation) == "CEST");
}

TEST_CASE("dates and text on a zone's clocks", "[stdlib][zone]") {
  auto ny = load("America/New_York");
  auto kathmandu = load("Asia/Kathmandu");
  REQUIRE(ny);
  REQUIRE(kathmandu);
  int32_t day = 0;
  REQUIRE(sl_timestamp_date_in(ny.get(), ts("2024-01-01T03:00:00Z"), &day) == SL_OK);
  CHECK(day == sl_timestamp_date(ts("2023-12-31T12:00:00Z")));
  CHECK(local_text(kathmandu.get(), ts("2024-06-01T00:00:00.25Z")) == "2024-06-01T05:45:00.250000+05:45");
  CHECK(local_text(ny.get(), ts("1850-01-01T00:00:00Z")) == "1849-12-31T19:03:58-04:56:02");  // local mean time
  sl_buffer b{};
  std::string fmt = "%d.%m.%Y %H:%M %Z (%z)";
  CHECK(take(sl_timestamp_format_in(ny.get(), ts("2024-07-04T16:00:00Z"), fmt.data(), fmt.size(), &b), b) == "04.07.2024 12:00 EDT (-0400)");
  int64_t midnight = 0;
  int32_t d = 0;
  sl_date_parse("2024-03-10", 10, &d);
  REQUIRE(sl_date_timestamp_in(ny.get(), d, &midnight) == SL_OK);
  CHECK(midnight == ts("2024-03-10T05:00:00Z"));
  fmt = "%Y %z %Z";
  CHECK(take(sl_timestamp_format(0, fmt.data(), fmt.size(), &b), b) == "1970 +0000 UTC");
}

TEST_CASE("zones come only from the database's own list, so the host's settings never leak in", "[stdlib][zone]") {
  std::string why;
  CHECK(load("Europe/Berlin", &why));
  CHECK(load("US/Eastern", &why));  // a backward-compatible link
  CHECK(load("UTC", &why));
  for (const char* bad : {"Europe/Berln", "localtime", "posixrules", "../zoneinfo/Europe/Berlin", "/etc/localtime", "", "Europe/"}) {
    INFO(bad);
    CHECK_FALSE(load(bad, &why));
    CHECK_FALSE(why.empty());
  }
  sl_buffer names{};
  REQUIRE(sl_zone_names(kDir.c_str(), &names) == SL_OK);
  std::string all(names.data, names.len);
  sl_buffer_free(&names);
  CHECK(all.find(std::string("US/Eastern") + '\0') != std::string::npos);
  CHECK(all.find(std::string("Europe/Berlin") + '\0') != std::string::npos);
}

TEST_CASE("the system's tz database loads (tzdata is a dependency)", "[stdlib][zone]") {
  sl_zone* z = nullptr;
  sl_buffer why{};
  sl_status st = sl_zone_load("/usr/share/zoneinfo", "Europe/Berlin", 13, &z, &why);
  INFO(std::string(why.data ? why.data : "", why.len));
  CHECK(st == SL_OK);
  sl_zone_free(z);
  sl_buffer_free(&why);
}
