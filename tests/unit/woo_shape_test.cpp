// WooCommerce wire JSON <-> schema shape on the documented samples.
#include <catch2/catch.hpp>

#include "woo_test_util.hpp"
#include "woocommerce/woo_shape.hpp"

using namespace syncloom;
using syncloom::test::woo_sample;
using syncloom::test::woo_schema;

namespace {

wire::Value read_sample(const std::string& name, const std::string& record) {
  auto parsed = wire::parse(woo_sample(name));
  REQUIRE(parsed.value);
  connectors::woo::wire_to_shape(*woo_schema().find_record(record)->type, *parsed.value);
  return *parsed.value;
}

}  // namespace

TEST_CASE("an order's money strings become exact decimals and *_gmt instants gain Z", "[woo][shape]") {
  wire::Value order = read_sample("order.json", "order");
  CHECK(order.at("total").is_number());
  CHECK(order.at("total").text() == "29.35");
  CHECK(order.at("shipping_total").text() == "10.00");  // the scale is kept
  const wire::Value& line = order.at("line_items")[0];
  CHECK(line.at("subtotal").is_number());
  CHECK(line.at("subtotal").text() == "6.00");
  CHECK(line.at("price").text() == "3");  // a number on the wire already
  CHECK(line.at("taxes")[0].at("total").text() == "0.45");
  CHECK(order.at("date_modified_gmt").text() == "2017-03-22T19:28:08Z");
  CHECK(order.at("date_modified").text() == "2017-03-22T16:28:08");  // site time: no offset known
  CHECK(order.at("date_completed_gmt").is_null());
  CHECK(order.at("number").is_string());  // strings stay strings, even when they look like numbers
  CHECK(order.at("id").text() == "727");
}

TEST_CASE("\"\" is null in optional non-string fields, and back to \"\" for writes", "[woo][shape]") {
  wire::Value product = read_sample("product.json", "product");
  CHECK(product.at("sale_price").is_null());
  CHECK(product.at("regular_price").text() == "21.99");
  CHECK(product.at("sku").is_string());
  const auto& type = *woo_schema().find_record("product")->type;
  connectors::woo::shape_to_wire(type, product);
  CHECK(product.at("sale_price").is_string());
  CHECK(product.at("sale_price").text().empty());
  CHECK(product.at("regular_price").is_string());
  CHECK(product.at("regular_price").text() == "21.99");
  CHECK(product.at("date_created_gmt").text() == "2017-03-23T20:01:14");
}

TEST_CASE("refund lines keep their negative amounts exactly", "[woo][shape]") {
  auto parsed = wire::parse(woo_sample("refunds-list.json"));
  REQUIRE(parsed.value);
  const auto& type = *woo_schema().find_record("refund")->type;
  wire::Value refund = (*parsed.value)[1];
  connectors::woo::wire_to_shape(type, refund);
  CHECK(refund.at("amount").is_number());
  const wire::Value& line = refund.at("line_items")[0];
  CHECK(line.at("total").text().starts_with("-"));
  CHECK(line.at("quantity").text() == "-1");
}
