// The shipped schemas under schemas/: they load, follow the shared naming, and carry the key fields.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdlib>
#include <string>

#include "syncloom/schema/schema.hpp"

using namespace syncloom::schema;

namespace {

const SystemSchema& builtin(const std::string& kind) {
  static SchemaRegistry registry(default_schema_dir());
  std::string error;
  const SystemSchema* s = registry.get(kind, error);
  INFO("kind " << kind << ": " << error);
  REQUIRE(s);
  return *s;
}

const FieldSchema& field(const std::string& kind, const std::string& record, const std::string& path) {
  const RecordSchema* rec = builtin(kind).find_record(record);
  INFO(kind << "." << record);
  REQUIRE(rec);
  const StructType* st = rec->type.get();
  const FieldSchema* f = nullptr;
  size_t start = 0;
  while (true) {
    size_t dot = path.find('.', start);
    std::string name = path.substr(start, dot == std::string::npos ? std::string::npos : dot - start);
    INFO("path " << path << " at " << name);
    REQUIRE(st);
    f = st->find(name);
    REQUIRE(f);
    if (dot == std::string::npos) break;
    TypePtr t = f->type;
    while (t->kind == TypeKind::kList) t = t->element;
    st = t->struct_type.get();
    start = dot + 1;
  }
  return *f;
}

std::string type_of(const std::string& kind, const std::string& record, const std::string& path) {
  return field(kind, record, path).type->to_string();
}

std::vector<std::vector<std::string>> registry_record_one_of(const std::string& kind, const std::string& record) {
  const RecordSchema* rec = builtin(kind).find_record(record);
  REQUIRE(rec);
  return rec->type->required_one_of;
}

const char* const kErpKinds[] = {"tryton", "netsuite", "business_central", "sap_b1", "oracle_fusion"};

}  // namespace

TEST_CASE("every shipped schema loads, and its records are documented", "[schema][builtin]") {
  SchemaRegistry registry(default_schema_dir());
  std::vector<std::string> kinds = registry.kinds();
  for (const char* k : {"woocommerce", "tryton", "netsuite", "business_central", "sap_b1", "oracle_fusion"}) {
    CHECK(std::find(kinds.begin(), kinds.end(), k) != kinds.end());
  }
  for (const std::string& kind : kinds) {
    std::string error;
    const SystemSchema* s = registry.get(kind, error);
    INFO(kind << ": " << error);
    REQUIRE(s);
    CHECK(s->kind == kind);
    CHECK_FALSE(s->doc.empty());
    CHECK_FALSE(s->topics.empty());
    for (const auto& [name, rec] : s->records) {
      INFO(kind << "." << name);
      CHECK_FALSE(rec.doc.empty());
      CHECK(rec.type->find(rec.id_field) != nullptr);
    }
    CHECK(registry.get(kind, error) == s);  // cached
  }
}

TEST_CASE("the registry explains unknown kinds", "[schema][builtin]") {
  SchemaRegistry registry(default_schema_dir());
  std::string error;
  CHECK(registry.get("netsuit", error) == nullptr);
  CHECK_THAT(error, Catch::StartsWith("no schema for connector kind `netsuit` (did you mean `netsuite`?)"));
  CHECK_THAT(error, Catch::Contains("known kinds: business_central, "));
  CHECK(registry.get("../schemas/tryton", error) == nullptr);
  CHECK(error == "`../schemas/tryton` is not a connector kind");
  SchemaRegistry empty("/nonexistent/schemas");
  CHECK(empty.kinds().empty());
  CHECK(empty.get("tryton", error) == nullptr);
  CHECK_THAT(error, Catch::Contains("no schema files in /nonexistent/schemas"));
}

TEST_CASE("SYNCLOOM_SCHEMA_DIR overrides the built-in schema directory", "[schema][builtin]") {
  const char* old = std::getenv("SYNCLOOM_SCHEMA_DIR");
  std::string saved = old ? old : "";
  ::setenv("SYNCLOOM_SCHEMA_DIR", "/tmp/elsewhere", 1);
  CHECK(default_schema_dir() == "/tmp/elsewhere");
  ::unsetenv("SYNCLOOM_SCHEMA_DIR");
  CHECK_FALSE(default_schema_dir().empty());
  if (old) ::setenv("SYNCLOOM_SCHEMA_DIR", saved.c_str(), 1);
}

TEST_CASE("ERP schemas name the same business objects alike", "[schema][builtin]") {
  for (const char* kind : kErpKinds) {
    INFO(kind);
    for (const char* record : {"customer", "inventoryItem", "salesOrder", "creditMemo"}) {
      INFO(record);
      CHECK(builtin(kind).find_record(record) != nullptr);
    }
  }
}

TEST_CASE("WooCommerce order fields carry the documented types", "[schema][builtin]") {
  const FieldSchema& status = field("woocommerce", "order", "status");
  CHECK(status.type->open_enum);
  CHECK(status.type->enum_name == "woocommerce.order.status");
  for (const char* v : {"pending", "processing", "on-hold", "completed", "cancelled", "refunded", "failed",
                        "trash", "checkout-draft"}) {
    CHECK(std::find(status.type->enum_values.begin(), status.type->enum_values.end(), v) !=
          status.type->enum_values.end());
  }
  CHECK(type_of("woocommerce", "order", "total") == "decimal");
  CHECK(field("woocommerce", "order", "total").read_only);
  CHECK(type_of("woocommerce", "order", "date_created_gmt") == "timestamp");
  CHECK(type_of("woocommerce", "order", "date_completed_gmt") == "timestamp?");
  CHECK(type_of("woocommerce", "order", "line_items") == "[woocommerce.line_item]");
  CHECK(type_of("woocommerce", "order", "line_items.price") == "decimal");
  CHECK(type_of("woocommerce", "order", "line_items.taxes.total") == "decimal");
  CHECK(type_of("woocommerce", "order", "billing.email") == "string?");
  CHECK(type_of("woocommerce", "order", "meta_data") == "meta");
  CHECK(type_of("woocommerce", "order", "refunds.total") == "decimal");
  CHECK(type_of("woocommerce", "order", "tax_lines.rate_id") == "int");
  CHECK(type_of("woocommerce", "product", "sale_price") == "decimal?");
  CHECK(type_of("woocommerce", "product", "stock_quantity") == "int?");
  CHECK(type_of("woocommerce", "product", "stock_status") == "enum(instock, outofstock, onbackorder)");
  CHECK(type_of("woocommerce", "variation", "backorders") == "enum(no, notify, yes)");
  CHECK(field("woocommerce", "product", "name").required);
  CHECK(field("woocommerce", "refund", "amount").required);
  CHECK(type_of("woocommerce", "refund", "line_items.refund_total") == "decimal?");
  const auto& topics = builtin("woocommerce").topics;
  CHECK(std::find(topics.begin(), topics.end(), "product.published") != topics.end());
  CHECK(std::find(topics.begin(), topics.end(), "coupon.restored") != topics.end());
}

TEST_CASE("ERP example bodies' key fields exist with the right types", "[schema][builtin]") {
  // netsuite-sales-order.json
  CHECK(field("netsuite", "salesOrder", "entity").required);
  CHECK(type_of("netsuite", "salesOrder", "entity.id") == "string?");
  CHECK(type_of("netsuite", "salesOrder", "item.items.rate") == "decimal?");
  CHECK(field("netsuite", "salesOrder", "item.items.item").required);
  CHECK(type_of("netsuite", "salesOrder", "shippingAddress.country.id") == "string?");
  CHECK(type_of("netsuite", "salesOrder", "tranDate") == "date");
  CHECK(type_of("netsuite", "inventoryItem", "quantityAvailable") == "decimal?");
  CHECK(field("netsuite", "inventoryItem", "quantityAvailable").read_only);
  // business-central-sales-order.json
  CHECK_FALSE(field("business_central", "salesOrder", "customerNumber").required);  // customerId works too
  CHECK(registry_record_one_of("business_central", "salesOrder") ==
        std::vector<std::vector<std::string>>{{"customerId", "customerNumber"}});
  CHECK(type_of("business_central", "salesOrder", "salesOrderLines.unitPrice") == "decimal?");
  CHECK(field("business_central", "salesOrder", "totalAmountIncludingTax").read_only);
  CHECK(field("business_central", "inventoryItem", "inventory").read_only);
  // sap-b1-sales-order.json
  CHECK(field("sap_b1", "salesOrder", "CardCode").required);
  CHECK(field("sap_b1", "salesOrder", "DocumentLines").required);
  CHECK(type_of("sap_b1", "salesOrder", "DocumentAdditionalExpenses.ExpenseCode") == "int");
  CHECK(type_of("sap_b1", "salesOrder", "AddressExtension.ShipToZipCode") == "string?");
  CHECK(type_of("sap_b1", "creditMemo", "DocumentLines.BaseEntry") == "int?");
  // oracle-fusion-sales-order.json
  for (const char* f : {"SourceTransactionSystem", "SourceTransactionId", "BusinessUnitName", "BuyingPartyName"}) {
    CHECK(field("oracle_fusion", "salesOrder", f).required);
  }
  CHECK(type_of("oracle_fusion", "salesOrder", "lines.charges.chargeComponents.HeaderCurrencyUnitPrice") ==
        "decimal?");
  CHECK(type_of("oracle_fusion", "salesOrder", "TransactionOn") == "timestamp?");
  // Tryton (TRYTON.md): quantities are floats, money decimals, Many2One ids ints.
  CHECK(field("tryton", "salesOrder", "party").required);
  CHECK(type_of("tryton", "salesOrder", "lines.quantity") == "float");
  CHECK(type_of("tryton", "salesOrder", "lines.unit_price") == "decimal");
  CHECK(field("tryton", "salesOrder", "state").read_only);
  CHECK(type_of("tryton", "inventoryItem", "forecast_quantity") == "float");
  CHECK(field("tryton", "creditMemo", "total_amount").read_only);
}
