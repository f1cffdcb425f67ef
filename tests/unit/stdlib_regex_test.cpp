// Regular expressions over PCRE2: UTF and UCP mode, bad patterns with PCRE2's message and offset, the
// replacement syntax and its checks, empty matches, named groups, and the limits that stop catastrophic
// backtracking on a hostile record.
#include <catch2/catch.hpp>

#include <memory>
#include <string>
#include <vector>

#include "stdlib_test_util.hpp"
#include "syncloom/stdlib/regex.hpp"

namespace {

using syncloom::testing::take;
using RegexPtr = std::unique_ptr<sl_regex, decltype(&sl_regex_free)>;

RegexPtr compile(const std::string& pattern) {
  sl_regex* re = nullptr;
  sl_buffer why{};
  size_t at = 0;
  sl_status st = sl_regex_compile(pattern.data(), pattern.size(), &re, &why, &at);
  INFO(pattern << ": " << take(SL_OK, why));
  REQUIRE(st == SL_OK);
  return RegexPtr(re, sl_regex_free);
}

bool matches(const std::string& pattern, const std::string& s) {
  auto re = compile(pattern);
  bool out = false;
  REQUIRE(sl_regex_matches(re.get(), s.data(), s.size(), &out) == SL_OK);
  return out;
}

std::string replace(const std::string& pattern, const std::string& s, const std::string& r) {
  auto re = compile(pattern);
  sl_buffer b{};
  sl_status st = sl_regex_replace(re.get(), s.data(), s.size(), r.data(), r.size(), &b);
  return take(st, b);
}

std::string replacement_error(const std::string& pattern, const std::string& r, size_t* at) {
  auto re = compile(pattern);
  sl_buffer why{};
  sl_status st = sl_regex_check_replacement(re.get(), r.data(), r.size(), &why, at);
  return st == SL_OK ? "" : take(SL_OK, why);
}

}  // namespace

TEST_CASE("patterns match Unicode text as code points, with Unicode classes", "[stdlib][regex]") {
  CHECK(matches("^WOO-\\d+$", "WOO-727"));
  CHECK_FALSE(matches("^WOO-\\d+$", "WOO-727x"));
  CHECK(matches("^\\w+$", "Øster"));
  CHECK(matches("^.{5}$", "Øster"));  // five code points, six bytes
  CHECK(matches("(?i)straße", "STRAßE"));
  CHECK(matches("^[[:alpha:]]+$", "Ångström"));
  CHECK_FALSE(matches("^\\d$", "٣x"));
  CHECK(matches("^\\d$", "٣"));  // UCP: Arabic-Indic digits are digits
}

TEST_CASE("a bad pattern reports PCRE2's message and the offset in the pattern", "[stdlib][regex]") {
  struct Case {
    std::string pattern;
    size_t offset;
  };
  for (const Case& c : std::vector<Case>{{"(abc", 4}, {"a{2,1}", 5}, {"[z-a]", 3}, {"a\\C", 3}, {"(?<n>a)(?<n>b)", 12}}) {
    sl_regex* re = nullptr;
    sl_buffer why{};
    size_t at = 0;
    INFO(c.pattern);
    CHECK(sl_regex_compile(c.pattern.data(), c.pattern.size(), &re, &why, &at) == SL_INVALID);
    CHECK(re == nullptr);
    CHECK(at == c.offset);
    CHECK_FALSE(take(SL_OK, why).empty());
  }
}

TEST_CASE("regex_replace replaces every match and expands groups", "[stdlib][regex]") {
  CHECK(replace("\\s+", "  Market   Street ", " ") == " Market Street ");
  CHECK(replace("^WOO-0*(\\d+)$", "WOO-0042", "WC$1") == "WC42");
  CHECK(replace("(\\d)", "a1b2", "<${1}0>") == "a<10>b<20>");
  CHECK(replace("(?<y>\\d+)-(?<m>\\d+)", "2024-03", "${m}/${y}") == "03/2024");
  CHECK(replace("x*", "ab", "-") == "-a-b-");
  CHECK(replace("", "Øß", ".") == ".Ø.ß.");  // an empty match steps over whole code points
  CHECK(replace("\\d", "5 €", "$$") == "$ €");
  CHECK(replace("(a)|(b)", "ab", "[$1$2]") == "[a][b]");  // a group that took no part inserts nothing
  CHECK(replace("z", "abc", "y") == "abc");
  CHECK(replace("(?J)(?<n>a)|(?<n>b)", "ab", "${n}${n}") == "aabb");
}

TEST_CASE("replacements are checked against the pattern's groups", "[stdlib][regex]") {
  size_t at = 0;
  CHECK(replacement_error("(a)", "$1$0$$", &at).empty());
  CHECK(replacement_error("(?<street>a)", "${street}", &at).empty());
  CHECK(replacement_error("(a)", "x$2", &at).find("1 group") != std::string::npos);
  CHECK(at == 1);
  CHECK(replacement_error("(a)", "$10", &at).find("${N}") != std::string::npos);
  CHECK(replacement_error("a", "${name}", &at).find("no group named `name`") != std::string::npos);
  CHECK(replacement_error("a", "cost: $", &at).find("$$") != std::string::npos);
  CHECK(at == 6);
  CHECK_FALSE(replacement_error("a", "${", &at).empty());
  CHECK_FALSE(replacement_error("a", "$x", &at).empty());
}

TEST_CASE("regex_capture gives the groups of the first match and the named groups", "[stdlib][regex]") {
  auto re = compile("^(?<street>.+?)\\s+(?<number>\\d+\\w*)(?<rest>,.*)?$");
  CHECK(sl_regex_group_count(re.get()) == 3);
  REQUIRE(sl_regex_name_count(re.get()) == 3);
  CHECK(std::string(sl_regex_name(re.get(), 0)) == "street");
  CHECK(std::string(sl_regex_name(re.get(), 2)) == "rest");
  std::string s = "Hauptstraße 5a";
  std::vector<size_t> spans(8);
  bool matched = false;
  REQUIRE(sl_regex_capture(re.get(), s.data(), s.size(), &matched, spans.data()) == SL_OK);
  REQUIRE(matched);
  CHECK(s.substr(spans[2], spans[3] - spans[2]) == "Hauptstraße");
  CHECK(s.substr(spans[4], spans[5] - spans[4]) == "5a");
  CHECK(spans[6] == SIZE_MAX);
  CHECK(sl_regex_name_group(re.get(), 1, spans.data()) == 2);
  s = "nothing here";
  REQUIRE(sl_regex_capture(re.get(), s.data(), s.size(), &matched, spans.data()) == SL_OK);
  CHECK_FALSE(matched);
}

TEST_CASE("catastrophic backtracking stops at the limit instead of hanging", "[stdlib][regex]") {
  auto re = compile("^(a+)+$");
  std::string hostile(40, 'a');
  hostile += 'b';
  bool out = true;
  CHECK(sl_regex_matches(re.get(), hostile.data(), hostile.size(), &out) == SL_LIMIT);
  sl_buffer b{};
  CHECK(sl_regex_replace(re.get(), hostile.data(), hostile.size(), "x", 1, &b) == SL_LIMIT);
  CHECK(b.len == 0);
  sl_buffer_free(&b);
  std::string fine(40, 'a');
  CHECK(sl_regex_matches(re.get(), fine.data(), fine.size(), &out) == SL_OK);
  CHECK(out);
}

TEST_CASE("invalid UTF-8 text is refused, not matched byte by byte", "[stdlib][regex]") {
  auto re = compile("a");
  std::string bad = "a\xff";
  bool out = false;
  CHECK(sl_regex_matches(re.get(), bad.data(), bad.size(), &out) == SL_INVALID_UTF8);
}
