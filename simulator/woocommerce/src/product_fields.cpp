// apply_product_fields and the price derivations.
#include "product_fields.hpp"

#include "money.hpp"
#include "stock.hpp"

namespace woosim {

std::string price_markup(const std::string& amount) {
  return "<span class=\"woocommerce-Price-amount amount\"><span class=\"woocommerce-Price-currencySymbol\">&#36;</span>" +
         Money::parse_or_zero(amount).str2() + "</span>";
}

void derive_price(Json& body) {
  std::string regular = body.value("regular_price", ""), sale = body.value("sale_price", "");
  bool on_sale = !sale.empty() && (regular.empty() || Money::parse_or_zero(sale).compare(Money::parse_or_zero(regular)) < 0);
  std::string price = on_sale ? sale : regular;
  body["price"] = price;
  body["on_sale"] = on_sale;
  body["purchasable"] = !price.empty() && body.value("status", "publish") != "trash";
  if (body.contains("price_html")) {
    if (price.empty()) body["price_html"] = "";
    else if (on_sale) body["price_html"] = "<del aria-hidden=\"true\">" + price_markup(regular) + "</del> <ins>" + price_markup(sale) + "</ins>";
    else body["price_html"] = price_markup(price);
  }
}

namespace {

// The id of another live product or variation holding `sku`, else 0.
int64_t sku_holder(const Store& s, const std::string& sku, int64_t self) {
  if (sku.empty()) return 0;
  for (const auto* map : {&s.products, &s.variations})
    for (const auto& [id, r] : *map)
      if (id != self && r.body["sku"] == sku && r.body.value("status", "") != "trash") return id;
  return 0;
}

}  // namespace

Reply apply_product_fields(Store& s, Json& body, const Json& req, int64_t self) {
  BodyCheck c;
  if (auto v = c.str(req, "sku")) {
    if (int64_t holder = sku_holder(s, *v, self)) {
      // As WC_Data_Exception carries it: the product holding the SKU and a free one to suggest.
      std::string free_sku;
      for (int n = 1; free_sku.empty(); ++n)
        if (!sku_holder(s, *v + "-" + std::to_string(n), self)) free_sku = *v + "-" + std::to_string(n);
      return wc_error(400, "product_invalid_sku", "Invalid or duplicated SKU.", Json{{"resource_id", holder}, {"unique_sku", free_sku}});
    }
    body["sku"] = *v;
  }
  for (const char* k : {"regular_price", "sale_price"})
    if (auto v = c.money(req, k)) body[k] = v->empty() ? "" : Money::parse_or_zero(*v).str2();
  for (const char* k : {"description", "short_description", "weight", "shipping_class", "tax_class", "purchase_note", "name", "slug", "external_url", "button_text"})
    if (body.contains(k))
      if (auto v = c.str(req, k)) body[k] = *v;
  for (const char* k : {"virtual", "downloadable", "featured", "sold_individually", "reviews_allowed"})
    if (body.contains(k))
      if (auto v = c.boolean(req, k)) body[k] = *v;
  if (auto v = c.one_of(req, "tax_status", {"taxable", "shipping", "none"})) body["tax_status"] = *v;
  if (auto v = c.one_of(req, "status", {"draft", "pending", "private", "publish"})) body["status"] = *v;
  if (auto v = c.integer(req, "menu_order"); v && body.contains("menu_order")) body["menu_order"] = *v;
  if (req.contains("dimensions") && req["dimensions"].is_object())
    for (const char* k : {"length", "width", "height"})
      if (auto v = c.str(req["dimensions"], k)) body["dimensions"][k] = *v;
  if (req.contains("meta_data")) merge_meta(s, body["meta_data"], req["meta_data"]);
  apply_stock_request(c, body, req);
  if (!c.ok()) return c.reply();
  derive_price(body);
  return Reply{};
}

}  // namespace woosim
