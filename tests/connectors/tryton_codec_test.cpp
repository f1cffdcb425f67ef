// The Tryton codec with no server: Decimal/date/datetime objects both ways, dotted reads, One2Many and
// Many2Many write lists, and the errors that name the field.
#include <catch2/catch.hpp>

#include "common/shape.hpp"
#include "tryton/codec.hpp"

using namespace syncloom;
using namespace syncloom::connectors::tryton;

namespace {

const schema::SystemSchema& tryton_schema() {
  static std::shared_ptr<const schema::SystemSchema> schema = [] {
    std::string error;
    auto s = connectors::shape::load_system_schema("tryton", SYNCLOOM_SOURCE_DIR "/schemas", &error);
    INFO(error);
    REQUIRE(s);
    return s;
  }();
  return *schema;
}

const schema::StructType& record(const char* name) { return *tryton_schema().find_record(name)->type; }

wire::Value json(std::string_view text) {
  auto parsed = wire::parse(text);
  INFO(parsed.error);
  REQUIRE(parsed.value);
  return *parsed.value;
}

}  // namespace

TEST_CASE("a Tryton Decimal reads as a JSON number with its exact text", "[tryton][codec]") {
  auto sale = decode_record(record("salesOrder"), json(R"({"id":1,"total_amount":{"__class__":"Decimal","decimal":"19.90"},
      "tax_amount":{"__class__":"Decimal","decimal":"0E-8"},"untaxed_amount":{"__class__":"Decimal","decimal":"1.5E+2"}})"));
  CHECK(wire::dump(sale) == R"({"id":1,"untaxed_amount":150,"tax_amount":0.00000000,"total_amount":19.90})");
}

TEST_CASE("Python exponent decimals become plain decimal text", "[tryton][codec]") {
  CHECK(plain_decimal_text("12.50") == "12.50");
  CHECK(plain_decimal_text("0E-8") == "0.00000000");
  CHECK(plain_decimal_text("1E+1") == "10");
  CHECK(plain_decimal_text("-1.25E-2") == "-0.0125");
  CHECK(plain_decimal_text("1.234E+2") == "123.4");
  CHECK_FALSE(plain_decimal_text("NaN"));
  CHECK_FALSE(plain_decimal_text("Infinity"));
  CHECK_FALSE(plain_decimal_text("1E"));
}

TEST_CASE("dates and naive UTC datetimes read as ISO 8601 text", "[tryton][codec]") {
  auto sale = decode_record(record("salesOrder"), json(R"({"sale_date":{"__class__":"date","year":2026,"month":11,"day":26},
      "create_date":{"__class__":"datetime","year":2026,"month":12,"day":2,"hour":1,"minute":9,"second":15,"microsecond":151658},
      "write_date":{"__class__":"datetime","year":2026,"month":12,"day":2,"hour":1,"minute":9,"second":15,"microsecond":0}})"));
  CHECK(wire::dump(sale) ==
        R"({"sale_date":"2026-11-26","create_date":"2026-12-02T01:09:15.151658Z","write_date":"2026-12-02T01:09:15Z"})");
  // Dates Tryton could not have sent stay as sent (a flow reading them as dates rejects the record).
  auto odd = decode_record(record("salesOrder"), json(R"({"sale_date":{"__class__":"date","year":2026,"month":13,"day":1},
      "write_date":{"__class__":"datetime","year":2026,"month":2,"day":30,"hour":1,"minute":0,"second":0,"microsecond":0}})"));
  CHECK(wire::dump(odd).find("\"2026-13-01\"") == std::string::npos);
  CHECK(wire::dump(odd).find("2026-02-30") == std::string::npos);
  CHECK(odd.at("sale_date").is_object());
}

TEST_CASE("a dotted read of a One2Many becomes the schema's list of structs", "[tryton][codec]") {
  auto sale = decode_record(record("salesOrder"), json(R"({"id":3,"lines.":[{"id":7,"quantity":2.0,"unit":1,
      "unit_price":{"__class__":"Decimal","decimal":"19.90"},"taxes":[1]}],"invoices":[4],"bogus":1})"));
  CHECK(wire::dump(sale) == R"({"id":3,"lines":[{"id":7,"quantity":2.0,"unit":1,"unit_price":19.90,"taxes":[1]}],"invoices":[4]})");
}

TEST_CASE("read fields name nested list members with dots", "[tryton][codec]") {
  auto fields = read_fields(record("customer"), {"email", "phone"});
  CHECK(std::find(fields.begin(), fields.end(), "addresses.street") != fields.end());
  CHECK(std::find(fields.begin(), fields.end(), "contact_mechanisms.value") != fields.end());
  CHECK(std::find(fields.begin(), fields.end(), "email") == fields.end());
  CHECK(std::find(fields.begin(), fields.end(), "name") != fields.end());
}

TEST_CASE("a sale is written with Decimal objects, a date object and a One2Many create list", "[tryton][codec]") {
  auto encoded = encode_record(record("salesOrder"), json(R"({"reference":"WOO-727","party":7,"sale_date":"2017-03-22",
      "state":"draft","id":9,"lines":[{"type":"line","product":3,"quantity":2.0,"unit":1,"unit_price":12.50,"taxes":[1]}]})"),
                               WriteKind::kCreate);
  INFO(encoded.error);
  REQUIRE(encoded.values);
  CHECK(wire::dump(*encoded.values) ==
        R"({"reference":"WOO-727","party":7,"sale_date":{"__class__":"date","year":2017,"month":3,"day":22},)"
        R"("lines":[["create",[{"type":"line","product":3,"quantity":2.0,"unit":1,)"
        R"("unit_price":{"__class__":"Decimal","decimal":"12.50"},"taxes":[["add",[1]]]}]]]})");
}

TEST_CASE("write errors name the field and keep the value", "[tryton][codec]") {
  auto bad_price = encode_record(record("salesOrder"),
                                 json(R"({"party":1,"lines":[{"quantity":1.0,"unit":1,"unit_price":"12,50"}]})"), WriteKind::kCreate);
  CHECK_FALSE(bad_price.values);
  CHECK(bad_price.field == "lines[0].unit_price");
  CHECK(bad_price.error == R"(lines[0].unit_price: "12,50" is not an exact decimal)");

  auto unknown = encode_record(record("customer"), json(R"({"name":"Jane","nmae":"x"})"), WriteKind::kCreate);
  CHECK(unknown.field == "nmae");
  CHECK(unknown.error.find("not a field of tryton.customer") != std::string::npos);

  auto bad_date = encode_record(record("salesOrder"), json(R"({"party":1,"sale_date":"2017-02-30"})"), WriteKind::kCreate);
  CHECK(bad_date.field == "sale_date");
}

TEST_CASE("timestamps with offsets are converted to Tryton's naive UTC", "[tryton][codec]") {
  auto i = parse_instant("2026-01-01T00:30:00+01:00");
  REQUIRE(i);
  CHECK(format_instant(*i) == "2025-12-31T23:30:00Z");
  CHECK(format_instant(*parse_instant("2026-12-02 01:09:15.151658")) == "2026-12-02T01:09:15.151658Z");
  CHECK(format_instant(*parse_instant("2026-03-01")) == "2026-03-01T00:00:00Z");
  CHECK(format_instant(add_seconds(*parse_instant("2024-03-01T00:00:10Z"), -300)) == "2024-02-29T23:55:10Z");
  CHECK_FALSE(parse_instant("2026-12-02T25:00:00Z"));
  CHECK_FALSE(parse_instant("2026-12-02T10:00:00+99:99"));  // no offset is 99 hours
  CHECK_FALSE(parse_instant("2026-12-02T10:00:00+05:60"));
  CHECK(parse_instant("2026-12-02T10:00:00+14:00"));
  CHECK_FALSE(parse_instant("yesterday"));
  CHECK(wire::dump(datetime_object(*parse_instant("2026-12-02T01:09:15.5Z"))) ==
        R"({"__class__":"datetime","year":2026,"month":12,"day":2,"hour":1,"minute":9,"second":15,"microsecond":500000})");
}

TEST_CASE("booleans Tryton answers as 0 and 1 (SQLite) read as false and true", "[tryton][codec]") {
  auto item = decode_record(record("inventoryItem"), json(R"({"salable":1,"consumable":0,"active":true})"));
  CHECK(wire::dump(item) == R"({"consumable":false,"salable":true,"active":true})");
}

// Found by fuzz_connectors (fuzz/regressions_connectors/leading_zero_decimal): a Decimal spelt "06.5000"
// became the JSON number 06.5000, which no JSON parser reads back; it is kept as sent now, so that the
// pipeline rejects the record naming the field.
TEST_CASE("a Decimal whose text is no JSON number is kept as Tryton sent it", "[tryton][codec]") {
  auto sale = decode_record(record("salesOrder"),
                            json(R"({"id":1,"total_amount":{"__class__":"Decimal","decimal":"06.5000"}})"));
  CHECK(wire::dump(sale) == R"({"id":1,"total_amount":{"__class__":"Decimal","decimal":"06.5000"}})");
  CHECK(wire::parse(wire::dump(sale)).value);
  CHECK_FALSE(plain_decimal_text("06.5000"));
  CHECK_FALSE(plain_decimal_text("00E+1"));
  CHECK(plain_decimal_text("0.5E+1") == "5");
}

// fuzz/regressions_connectors/tryton_cursor_year_0 and _year_10000: an offset carried an instant out of
// the years format_instant writes as four digits, so a page token decoded to a cursor whose own text did
// not decode.
TEST_CASE("an instant whose UTC year leaves 1..9999 is refused", "[tryton][codec]") {
  CHECK_FALSE(parse_instant("0001-01-01T00:00+01:00"));
  CHECK_FALSE(parse_instant("9999-12-31T23:59-01:00"));
  CHECK(format_instant(*parse_instant("0001-01-01T01:00+01:00")) == "0001-01-01T00:00:00Z");
  CHECK(format_instant(*parse_instant("9999-12-31T22:59-01:00")) == "9999-12-31T23:59:00Z");
}
