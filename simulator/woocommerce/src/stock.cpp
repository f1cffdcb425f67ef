// Stock rules (WC_Product data store and wc_update_product_stock).
#include "stock.hpp"

namespace woosim {

void derive_stock(Json& body) {
  bool managed = body.value("manage_stock", false);
  std::string backorders = body.value("backorders", std::string("no"));
  bool allowed = backorders != "no";
  if (managed) {
    int64_t qty = body["stock_quantity"].is_number_integer() ? body["stock_quantity"].get<int64_t>() : 0;
    body["stock_quantity"] = qty;
    body["stock_status"] = qty > 0 ? "instock" : (allowed ? "onbackorder" : "outofstock");
  } else {
    body["stock_quantity"] = nullptr;
  }
  body["backorders_allowed"] = allowed;
  body["backordered"] = body["stock_status"] == "onbackorder" ||
                        (managed && allowed && body["stock_quantity"].get<int64_t>() < 0);
}

void apply_stock_request(BodyCheck& check, Json& body, const Json& request) {
  if (auto v = check.boolean(request, "manage_stock")) body["manage_stock"] = *v;
  if (auto v = check.one_of(request, "backorders", {"no", "notify", "yes"})) body["backorders"] = *v;
  if (auto v = check.one_of(request, "stock_status", {"instock", "outofstock", "onbackorder"})) body["stock_status"] = *v;
  bool managed = body.value("manage_stock", false);
  if (auto q = check.integer(request, "stock_quantity")) {
    if (managed) body["stock_quantity"] = *q;  // applied only when managed, as WooCommerce does
  } else if (auto d = check.integer(request, "inventory_delta")) {
    if (managed) body["stock_quantity"] = body["stock_quantity"].is_number_integer() ? body["stock_quantity"].get<int64_t>() + *d : *d;
  }
  derive_stock(body);
}

void move_stock(Ctx& ctx, int64_t product_id, int64_t variation_id, int64_t delta) {
  Store& s = ctx.store;
  Record* rec = nullptr;
  int64_t id = 0;
  if (variation_id && s.variations.count(variation_id)) { rec = &s.variations[variation_id]; id = variation_id; }
  else if (s.products.count(product_id)) { rec = &s.products[product_id]; id = product_id; }
  if (!rec || !rec->body.value("manage_stock", false) || delta == 0) return;
  rec->body["stock_quantity"] = rec->body["stock_quantity"].get<int64_t>() + delta;
  derive_stock(rec->body);
  s.touch(*rec, ctx.now);
  s.emit("product", id, "updated");
}

}  // namespace woosim
