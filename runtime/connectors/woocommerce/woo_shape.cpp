// WooCommerce wire JSON <-> schema shape.
#include "woocommerce/woo_shape.hpp"

#include "common/shape.hpp"

namespace syncloom::connectors::woo {

std::string gmt_to_utc(std::string_view wire) {
  if (wire.empty() || wire.ends_with("Z") || wire.find('+', 10) != std::string_view::npos) return std::string(wire);
  return std::string(wire) + "Z";
}

std::string utc_to_gmt(std::string_view utc) {
  if (utc.ends_with("Z")) utc.remove_suffix(1);
  else if (utc.ends_with("+00:00")) utc.remove_suffix(6);
  return std::string(utc);
}

namespace {

bool is_gmt_path(const std::string& path) { return path.ends_with("_gmt"); }

}  // namespace

void wire_to_shape(const schema::StructType& type, wire::Value& record) {
  shape::normalise_read(type, record);
  shape::walk(type, record, [](const schema::Type& t, wire::Value& value, const std::string& path) {
    if (t.kind == schema::TypeKind::kTimestamp && value.is_string() && is_gmt_path(path))
      value = wire::Value::string(gmt_to_utc(value.text()));
    return std::string();
  });
}

void shape_to_wire(const schema::StructType& type, wire::Value& record) {
  shape::decimals_to_strings(type, record);
  shape::walk(type, record, [](const schema::Type& t, wire::Value& value, const std::string& path) {
    bool clearable = t.kind == schema::TypeKind::kDecimal || t.kind == schema::TypeKind::kDate ||
                     t.kind == schema::TypeKind::kTimestamp;
    if (clearable && t.optional && value.is_null()) value = wire::Value::string("");
    else if (t.kind == schema::TypeKind::kTimestamp && value.is_string() && is_gmt_path(path))
      value = wire::Value::string(utc_to_gmt(value.text()));
    return std::string();
  });
}

}  // namespace syncloom::connectors::woo
