// wire::Value: numbers keep their exact text through parse and dump; every malformation is an error value.
#include <catch2/catch.hpp>

#include "syncloom/wire/value.hpp"

using syncloom::wire::dump;
using syncloom::wire::parse;
using syncloom::wire::Value;

TEST_CASE("wire: numbers keep their text, order is kept, round trip is exact", "[wire]") {
  std::string text = R"({"total":"29.35","price":19.90,"big":12345678901234567890.123456789,"e":1E+3,"list":[0,-0.0,true,null],"s":"a\/b \u00e9 \ud83d\ude00"})";
  auto parsed = parse(text);
  REQUIRE(parsed.value);
  const Value& v = *parsed.value;
  CHECK(v.at("price").text() == "19.90");
  CHECK(v.at("big").text() == "12345678901234567890.123456789");
  CHECK(v.at("total").is_string());
  CHECK(v.members()[0].first == "total");
  CHECK(v.at("s").text() == "a/b \xC3\xA9 \xF0\x9F\x98\x80");
  CHECK(dump(v) == R"({"total":"29.35","price":19.90,"big":12345678901234567890.123456789,"e":1E+3,"list":[0,-0.0,true,null],"s":"a/b é 😀"})");
  CHECK(v.at("list")[0].as_int64() == 0);
  CHECK_FALSE(v.at("price").as_int64());
  CHECK(v.at("missing").is_null());
}

TEST_CASE("wire: malformed documents are errors with offsets, never crashes", "[wire]") {
  struct Case {
    const char* text;
    const char* error;
  };
  const Case cases[] = {
      {"", "expected a value"},
      {R"({"id":727,"status":"proc)", "unterminated string"},
      {R"({"id":727,)", "expected a string key"},
      {R"({"id" 727})", "expected ':'"},
      {"[1,2", "unterminated array"},
      {"<html><body>502 Bad Gateway</body></html>", "unexpected character '<'"},
      {R"({"a":1} x)", "unexpected bytes after"},
      {"01", "unexpected bytes after"},
      {"1.", "expected a digit after '.'"},
      {"-", "expected a digit"},
      {"\"\x01\"", "control character"},
      {"\"\xC3", "UTF-8 sequence cut off"},
      {"\"\xC3\"", "invalid UTF-8"},
      {"\"\xED\xA0\x80\"", "surrogate"},
      {R"("\ud800")", "high surrogate without its low half"},
      {R"("\x")", "invalid escape"},
      {"nul", "invalid literal"},
  };
  for (const Case& c : cases) {
    INFO(c.text);
    auto parsed = parse(c.text);
    CHECK_FALSE(parsed.value);
    CHECK_THAT(parsed.error, Catch::Contains(c.error));
  }
}

TEST_CASE("wire: nesting deeper than the limit is an error", "[wire]") {
  std::string deep(10000, '[');
  auto parsed = parse(deep);
  CHECK_FALSE(parsed.value);
  CHECK_THAT(parsed.error, Catch::Contains("nesting deeper than 256"));
  std::string ok = std::string(200, '[') + std::string(200, ']');
  CHECK(parse(ok).value);
}

TEST_CASE("wire: building values and repeated keys", "[wire]") {
  Value v = Value::object();
  v.set("id", Value::integer(7));
  v.set("name", Value::string("tab\there \"q\""));
  v.set("id", Value::integer(8));
  v.set("lines", Value::array()).push_back(Value::number("1.50"));
  CHECK(dump(v) == R"({"id":8,"name":"tab\there \"q\"","lines":[1.50]})");
  CHECK(v.erase("name"));
  CHECK_FALSE(v.erase("name"));
  auto repeated = parse(R"({"a":1,"a":2})");
  REQUIRE(repeated.value);
  CHECK(dump(*repeated.value) == R"({"a":2})");
  CHECK(*parse("[1.0]").value != *parse("[1.00]").value);
}
