// Extension schemas (custom fields, extra records) merged over a built-in schema.
#include <catch2/catch.hpp>

#include <string>

#include "syncloom/schema/schema.hpp"

using namespace syncloom::schema;

namespace {

constexpr const char* kBase = R"y(kind: shop
topics: [order.created]
structs:
  address:
    fields:
      city: string
  customer_info:
    fields:
      home: address
records:
  order:
    id: id
    fields:
      id: {type: int, read_only: true}
      total: decimal
      billing: address
)y";

SystemSchema base_schema() {
  LoadResult r = load_schema_text(kBase, "shop.yaml");
  INFO(r.error);
  REQUIRE(r.schema);
  return *r.schema;
}

SystemSchema extension(const SystemSchema& base, std::string_view yaml) {
  LoadResult r = load_extension_text(yaml, "custom.yaml", base);
  INFO(r.error);
  REQUIRE(r.schema);
  return *r.schema;
}

}  // namespace

TEST_CASE("an extension adds fields, replaces fields and adds records", "[schema][merge]") {
  SystemSchema base = base_schema();
  SystemSchema ext = extension(base, R"y(
topics: [order.created, order.synced]
records:
  order:
    doc: Order with shop-specific fields
    fields:
      total: {type: "decimal?", doc: "Replaced"}
      gift_wrap: {type: bool, required: true}
      shipping: address?
  loyalty:
    id: member
    fields:
      member: string
)y");
  CHECK(ext.kind == "shop");  // kind may be omitted in an extension
  REQUIRE(merge_schema(base, ext).empty());

  const RecordSchema* order = base.find_record("order");
  REQUIRE(order);
  CHECK(order->doc == "Order with shop-specific fields");
  CHECK(order->id_field == "id");
  CHECK(order->type->find("total")->type->to_string() == "decimal?");
  CHECK(order->type->find("total")->doc == "Replaced");
  CHECK(order->type->find("gift_wrap")->required);
  CHECK(order->type->find("shipping")->type->struct_type == base.structs["address"]);
  CHECK(order->type->fields.size() == 5);
  REQUIRE(base.find_record("loyalty"));
  CHECK(base.find_record("loyalty")->type->name == "shop.loyalty");
  CHECK(base.topics == std::vector<std::string>{"order.created", "order.synced"});
}

TEST_CASE("fields added to a struct show through every record using it", "[schema][merge]") {
  SystemSchema base = base_schema();
  const SystemSchema untouched = base;  // shares StructTypes with `base`, like a registry cache would
  SystemSchema ext = extension(base, "structs:\n  address:\n    fields:\n      door_code: string?\n");
  REQUIRE(merge_schema(base, ext).empty());

  const StructType& billing = *base.find_record("order")->type->find("billing")->type->struct_type;
  CHECK(billing.find("door_code") != nullptr);
  CHECK(billing.find("city") != nullptr);
  const StructType& home = *base.structs["customer_info"]->find("home")->type->struct_type;
  CHECK(home.find("door_code") != nullptr);

  // The schema the extension was merged into was copied first, so the shared original is unchanged.
  CHECK(untouched.structs.at("address")->find("door_code") == nullptr);
  CHECK(untouched.find_record("order")->type->find("billing")->type->struct_type->find("door_code") == nullptr);
}

TEST_CASE("extension errors name the extension file", "[schema][merge]") {
  SystemSchema base = base_schema();
  SECTION("kind must match") {
    LoadResult r = load_extension_text("kind: other\n", "custom.yaml", base);
    CHECK(r.error == "custom.yaml:1: this file extends `shop` but says `kind: other`");
  }
  SECTION("a new record needs an id") {
    LoadResult r = load_extension_text("records:\n  extra:\n    fields: {a: int}\n", "custom.yaml", base);
    CHECK(r.error == "custom.yaml:2: record `extra` needs `id:` naming the field that identifies it");
  }
  SECTION("types may name the base's structs, with suggestions") {
    LoadResult r = load_extension_text("records:\n  order:\n    fields:\n      x: adress\n", "custom.yaml", base);
    CHECK(r.error == "custom.yaml:4: field `order.x`: unknown type `adress` (did you mean `address`?)");
  }
  SECTION("an extended struct may not reach itself through a built-in struct") {
    SystemSchema ext = extension(base, "structs:\n  address:\n    fields:\n      owner: customer_info?\n");
    std::string error = merge_schema(base, ext);
    CHECK(error ==
          "custom.yaml: after merging, field `customer_info.home` makes a struct contain itself: "
          "address -> customer_info -> address");
    CHECK(base.structs["address"]->find("owner") == nullptr);  // base left as it was
  }
  SECTION("a merged schema of another kind is refused") {
    SystemSchema other;
    other.kind = "erp";
    other.source_path = "erp.yaml";
    CHECK(merge_schema(base, other) == "erp.yaml: cannot extend the `shop` schema with a `erp` schema");
  }
}

TEST_CASE("an extension built in code merges like a loaded one", "[schema][merge]") {
  SystemSchema base = base_schema();
  SystemSchema ext;  // what a mapping's `extend woo.order { ... }` block can produce
  auto order = std::make_shared<StructType>();
  order->name = "shop.order";
  order->fields.push_back(FieldSchema{"loyalty_points", Type::make(TypeKind::kInt, true), false, true, "", 0});
  ext.records["order"] = RecordSchema{order, "", ""};
  REQUIRE(merge_schema(base, ext).empty());
  const FieldSchema* f = base.find_record("order")->type->find("loyalty_points");
  REQUIRE(f);
  CHECK(f->read_only);
  CHECK(base.find_record("order")->id_field == "id");
}
