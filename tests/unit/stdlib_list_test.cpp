// The order and grouping of sort, sort_by, distinct and group_by: stable, nulls last in both directions,
// decimals by value, strings by code point.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "syncloom/stdlib/list.hpp"

namespace {

sl_key null_key() { return sl_key{SL_KEY_NULL, 0, 0, {}, nullptr, 0}; }
sl_key int_key(int64_t i) { return sl_key{SL_KEY_INT, i, 0, {}, nullptr, 0}; }
sl_key str_key(const char* s) { return sl_key{SL_KEY_STRING, 0, 0, {}, s, std::char_traits<char>::length(s)}; }
sl_key dec_key(const char* text) {
  sl_key k{SL_KEY_DECIMAL, 0, 0, {}, nullptr, 0};
  REQUIRE(sl_decimal_parse(text, std::char_traits<char>::length(text), &k.d) == SL_OK);
  return k;
}

std::vector<size_t> order(const std::vector<sl_key>& keys, bool descending = false) {
  std::vector<size_t> out(keys.size());
  REQUIRE(sl_list_sort_order(keys.data(), keys.size(), descending, out.data()) == SL_OK);
  return out;
}

}  // namespace

TEST_CASE("sorting is stable and puts nulls last in either direction", "[stdlib][list]") {
  std::vector<sl_key> keys = {int_key(2), null_key(), int_key(1), int_key(2), null_key(), int_key(3)};
  CHECK(order(keys) == std::vector<size_t>{2, 0, 3, 5, 1, 4});
  CHECK(order(keys, true) == std::vector<size_t>{5, 0, 3, 2, 1, 4});
}

TEST_CASE("decimals compare by value, ints meet decimals, strings by code point", "[stdlib][list]") {
  std::vector<sl_key> keys = {dec_key("1.00"), int_key(1), dec_key("0.5"), dec_key("1.0")};
  CHECK(order(keys) == std::vector<size_t>{2, 0, 1, 3});
  std::vector<sl_key> words = {str_key("b"), str_key("\xc3\xa4"), str_key("Z"), str_key("a"), str_key("")};
  CHECK(order(words) == std::vector<size_t>{4, 2, 3, 0, 1});
}

TEST_CASE("groups are numbered by first appearance; null is a group of its own", "[stdlib][list]") {
  std::vector<sl_key> keys = {str_key("b"), null_key(), str_key("a"), str_key("b"), null_key(), str_key("a")};
  std::vector<size_t> group(keys.size());
  size_t groups = 0;
  REQUIRE(sl_list_group(keys.data(), keys.size(), group.data(), &groups) == SL_OK);
  CHECK(groups == 3);
  CHECK(group == std::vector<size_t>{0, 1, 2, 0, 1, 2});
  std::vector<sl_key> amounts = {dec_key("1.0"), dec_key("2"), dec_key("1.00")};
  REQUIRE(sl_list_group(amounts.data(), amounts.size(), group.data(), &groups) == SL_OK);
  CHECK(groups == 2);
  CHECK(group[2] == 0);
  REQUIRE(sl_list_group(nullptr, 0, group.data(), &groups) == SL_OK);
  CHECK(groups == 0);
}
