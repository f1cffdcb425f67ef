// merge_order_lines: one function per line type, all over the same find-or-add loop.
#include "order_lines.hpp"

#include "money.hpp"
#include "products.hpp"

#include <functional>

namespace woosim {
namespace {

const Json* product_of(const Store& s, int64_t product_id, int64_t variation_id) {
  if (variation_id) return s.variations.count(variation_id) ? &s.variations.at(variation_id).body : nullptr;
  return s.products.count(product_id) ? &s.products.at(product_id).body : nullptr;
}

int64_t product_by_sku(const Store& s, const std::string& sku, int64_t& variation_id) {
  for (const auto& [id, r] : s.variations)
    if (r.body["sku"] == sku) { variation_id = id; return s.variation_parent.at(id); }
  for (const auto& [id, r] : s.products)
    if (r.body["sku"] == sku) return id;
  return 0;
}

// Sets the product-derived fields of a line item: name, sku, the unit price and the variation attributes.
Reply fill_product(Store& s, Json& line, const Json& row, bool is_new) {
  BodyCheck check;
  int64_t pid = check.integer(row, "product_id").value_or(line.value("product_id", int64_t{0}));
  int64_t vid = check.integer(row, "variation_id").value_or(line.value("variation_id", int64_t{0}));
  if (auto sku = check.str(row, "sku"); sku && !row.contains("product_id")) pid = product_by_sku(s, *sku, vid);
  int64_t qty = check.integer(row, "quantity").value_or(line.value("quantity", int64_t{1}));
  if (!check.ok()) return check.reply();
  if (is_new && pid == 0)
    return wc_error(400, "woocommerce_rest_required_product_reference", "Product ID or SKU is required.");
  const Json* product = product_of(s, pid, vid);
  if (!product || (vid && s.variation_parent.at(vid) != pid))
    return wc_error(400, "woocommerce_rest_invalid_product_id", "Product ID or SKU is invalid.");
  if (qty <= 0) return wc_error(400, "woocommerce_rest_invalid_quantity", "Product quantity must be a positive integer.");
  bool product_changed = is_new || pid != line.value("product_id", int64_t{0}) || vid != line.value("variation_id", int64_t{0});
  line["name"] = vid ? variation_title(s, vid) : product->value("name", std::string());
  line["product_id"] = pid;
  line["variation_id"] = vid;
  line["quantity"] = qty;
  if (auto v = check.str(row, "tax_class")) line["tax_class"] = *v;
  Money unit = Money::parse_or_zero(product->value("price", std::string("0")));
  auto subtotal = check.money(row, "subtotal");
  if (!check.ok()) return check.reply();
  if (subtotal && !subtotal->empty()) line["subtotal"] = Money::parse_or_zero(*subtotal).str2();
  else if (product_changed || row.contains("quantity")) line["subtotal"] = (unit * Money::of_int(qty)).str2();
  if (product_changed) {
    line["meta_data"] = Json::array();
    if (vid)
      for (const auto& a : product->value("attributes", Json::array())) {
        std::string key = a.value("id", int64_t{0}) ? "pa_" + slugify(a.value("name", "")) : slugify(a.value("name", ""));
        std::string value = a.value("id", int64_t{0}) ? slugify(a.value("option", "")) : a.value("option", "");
        line["meta_data"].push_back(Json{{"id", s.next_meta++}, {"key", key}, {"value", value}});
      }
  }
  merge_meta(s, line["meta_data"], array_of(row, "meta_data"));
  line["sku"] = product->value("sku", std::string());
  return Reply{};
}

Json new_line_item(Store& s) {
  return Json{{"id", s.next_item++}, {"name", ""}, {"product_id", 0}, {"variation_id", 0}, {"quantity", 1},
              {"tax_class", ""}, {"subtotal", "0.00"}, {"subtotal_tax", "0.00"}, {"total", "0.00"},
              {"total_tax", "0.00"}, {"taxes", Json::array()}, {"meta_data", Json::array()}, {"sku", ""},
              {"price", exact_number("0")}};
}

using Fill = std::function<Reply(Json& line, const Json& row, bool is_new)>;

// The loop every line type shares: update by id (or remove when `removes(row)`), else add.
Reply merge_rows(Store& s, Json& lines, const Json& rows, const std::string& what, const std::function<Json()>& make,
                 const std::function<bool(const Json&)>& removes, const Fill& fill) {
  if (!rows.is_array()) return invalid_params({{what, "rest_invalid_type", what + " is not of type array."}});
  for (const auto& row : rows) {
    if (!row.is_object()) return invalid_params({{what, "rest_invalid_type", what + "[0] is not of type object."}});
    int64_t id = int_of(row, "id");
    if (id) {
      auto it = std::find_if(lines.begin(), lines.end(), [&](const Json& l) { return l["id"] == id; });
      if (it == lines.end()) return wc_error(400, "woocommerce_rest_invalid_item_id", "Order item ID provided is not associated with order.");
      if (removes(row)) { lines.erase(it); continue; }
      Reply r = fill(*it, row, false);
      if (!r.ok()) return r;
    } else {
      Json line = make();
      Reply r = fill(line, row, true);
      if (!r.ok()) return r;
      lines.push_back(std::move(line));
    }
  }
  return Reply{};
}

}  // namespace

Reply merge_order_lines(Store& s, Json& order, const Json& request) {
  if (request.contains("line_items")) {
    Reply r = merge_rows(s, order["line_items"], request["line_items"], "line_items", [&] { return new_line_item(s); },
                         [](const Json& row) { return row.contains("quantity") && row["quantity"] == 0; },
                         [&](Json& line, const Json& row, bool is_new) { return fill_product(s, line, row, is_new); });
    if (!r.ok()) return r;
  }
  if (request.contains("shipping_lines")) {
    Reply r = merge_rows(
        s, order["shipping_lines"], request["shipping_lines"], "shipping_lines",
        [&] { return Json{{"id", s.next_item++}, {"method_title", ""}, {"method_id", ""}, {"total", "0.00"}, {"total_tax", "0.00"}, {"taxes", Json::array()}, {"meta_data", Json::array()}}; },
        [](const Json& row) { return row.contains("method_id") && row["method_id"].is_null(); },
        [&](Json& line, const Json& row, bool) {
          BodyCheck c;
          if (auto v = c.str(row, "method_title")) line["method_title"] = *v;
          if (auto v = c.str(row, "method_id")) line["method_id"] = *v;
          if (auto v = c.money(row, "total")) line["total"] = v->empty() ? "0.00" : Money::parse_or_zero(*v).str2();
          merge_meta(s, line["meta_data"], array_of(row, "meta_data"));
          return c.ok() ? Reply{} : c.reply();
        });
    if (!r.ok()) return r;
  }
  if (request.contains("fee_lines")) {
    Reply r = merge_rows(
        s, order["fee_lines"], request["fee_lines"], "fee_lines",
        [&] { return Json{{"id", s.next_item++}, {"name", ""}, {"tax_class", ""}, {"tax_status", "taxable"}, {"total", "0.00"}, {"total_tax", "0.00"}, {"taxes", Json::array()}, {"meta_data", Json::array()}}; },
        [](const Json& row) { return row.contains("name") && row["name"].is_null(); },
        [&](Json& line, const Json& row, bool) {
          BodyCheck c;
          if (auto v = c.str(row, "name")) line["name"] = *v;
          if (auto v = c.str(row, "tax_class")) line["tax_class"] = *v;
          if (auto v = c.one_of(row, "tax_status", {"taxable", "none"})) line["tax_status"] = *v;
          if (auto v = c.money(row, "total")) line["total"] = v->empty() ? "0.00" : Money::parse_or_zero(*v).str2();
          merge_meta(s, line["meta_data"], array_of(row, "meta_data"));
          return c.ok() ? Reply{} : c.reply();
        });
    if (!r.ok()) return r;
  }
  if (request.contains("coupon_lines")) {
    Reply r = merge_rows(
        s, order["coupon_lines"], request["coupon_lines"], "coupon_lines",
        [&] { return Json{{"id", s.next_item++}, {"code", ""}, {"discount", "0.00"}, {"discount_tax", "0.00"}, {"meta_data", Json::array()}}; },
        [](const Json& row) { return row.contains("code") && row["code"].is_null(); },
        [&](Json& line, const Json& row, bool) {
          BodyCheck c;
          auto code = c.str(row, "code");
          if (!c.ok()) return c.reply();
          if (!code || code->empty()) return wc_error(400, "woocommerce_rest_invalid_coupon", "Coupon code is required.");
          line["code"] = lowercase(*code);  // wc_format_coupon_code lower-cases
          return Reply{};
        });
    if (!r.ok()) return r;
  }
  return Reply{};
}

}  // namespace woosim
