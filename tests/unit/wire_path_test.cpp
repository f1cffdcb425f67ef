// wire paths (`line_items[0].sku`): parse, find, set (creating members), erase; and the indented writer.
#include <catch2/catch.hpp>

#include "syncloom/wire/path.hpp"

using namespace syncloom::wire;

namespace {
Value doc(std::string_view text) { return *parse(text).value; }
}  // namespace

TEST_CASE("wire paths: members and indexes are set, and the replaced value is given back", "[wire][path]") {
  Value d = doc(R"({"billing":{"email":"A@x"},"line_items":[{"sku":"S","price":"12.50"}],"total":29.35})");
  Value before;
  bool created = true;
  CHECK(set_path(d, "line_items[0].sku", Value::string("S-1"), &before, &created).empty());
  CHECK(before == Value::string("S"));
  CHECK_FALSE(created);
  CHECK(set_path(d, "billing.phone", Value::string("+1"), &before, &created).empty());
  CHECK(before.is_null());
  CHECK(created);
  CHECK(set_path(d, "meta.note.text", Value::number("1.10")).empty());  // missing objects are created
  CHECK(set_path(d, "total", Value::number("30.00")).empty());
  CHECK(dump(d) ==
        R"({"billing":{"email":"A@x","phone":"+1"},"line_items":[{"sku":"S-1","price":"12.50"}],"total":30.00,)"
        R"("meta":{"note":{"text":1.10}}})");
  CHECK(find_path(d, "line_items[0].price")->text() == "12.50");
  CHECK(find_path(d, "line_items[1]") == nullptr);
  CHECK(find_path(d, "billing.email.x") == nullptr);
}

TEST_CASE("wire paths: errors name the step that does not fit", "[wire][path]") {
  Value d = doc(R"({"billing":{"email":"A@x"},"line_items":[{"sku":"S"}]})");
  CHECK(set_path(d, "line_items[3].sku", Value::null()) == "line_items[3]: the array has 1 item");
  CHECK(set_path(d, "billing.email.domain", Value::null()) == "billing.email.domain: billing.email is a string, not an object");
  CHECK(set_path(d, "billing[0]", Value::null()) == "billing[0]: billing is an object, not an array");
  CHECK(set_path(d, "line_items.sku", Value::null()) == "line_items.sku: line_items is an array, not an object");
  std::string why;
  for (const char* bad : {"", "a..b", "a.", "a[x]", "a[]", "a[1]b", ".a"}) {
    INFO(bad);
    CHECK_FALSE(parse_path(bad, &why));
    CHECK_FALSE(why.empty());
  }
  CHECK(set_path(d, "a[x]", Value::null()) == "`a[x]`: expected [N] with a number N");
  Value before = d;
  CHECK_FALSE(set_path(d, "line_items[9]", Value::null()).empty());
  CHECK(d == before);  // a failed set changes nothing
}

TEST_CASE("wire paths: erase removes a member or an item", "[wire][path]") {
  Value d = doc(R"({"a":{"b":1,"c":2},"l":[1,2,3]})");
  CHECK(erase_path(d, "a.b").empty());
  CHECK(erase_path(d, "l[1]").empty());
  CHECK(erase_path(d, "a.zz") == "a.zz: no such member");
  CHECK(erase_path(d, "x.y") == "x: no such member");
  CHECK(dump(d) == R"({"a":{"c":2},"l":[1,3]})");
}

TEST_CASE("wire: the indented writer keeps number text and round-trips", "[wire]") {
  Value d = doc(R"({"id":7,"total":"12.30","lines":[{"q":2.50},[]],"o":{},"n":null})");
  std::string pretty = dump_pretty(d);
  CHECK(pretty ==
        "{\n  \"id\": 7,\n  \"total\": \"12.30\",\n  \"lines\": [\n    {\n      \"q\": 2.50\n    },\n    []\n  ],\n"
        "  \"o\": {},\n  \"n\": null\n}");
  CHECK(*parse(pretty).value == d);
}
