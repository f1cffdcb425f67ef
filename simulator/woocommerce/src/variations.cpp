// wc/v3 product variations (/products/<id>/variations): create, update, delete (force only), get, list; each
// change re-syncs the parent's variations list and price range and fires product.updated for both.
#include "body_fields.hpp"
#include "listing.hpp"
#include "product_fields.hpp"
#include "products.hpp"
#include "resource.hpp"

#include <algorithm>

namespace woosim {
namespace {

Reply invalid_id(int status) { return wc_error(status, "woocommerce_rest_product_variation_invalid_id", "Invalid ID."); }
Reply invalid_parent() { return wc_error(404, "woocommerce_rest_product_invalid_id", "Invalid ID."); }

std::string route_of(int64_t parent) { return "/products/" + std::to_string(parent) + "/variations"; }

Json new_variation_body(Store& s, int64_t parent, int64_t id) {
  Json v = Json::object();
  v["id"] = id;
  for (const char* d : {"date_created", "date_created_gmt", "date_modified", "date_modified_gmt"}) v[d] = nullptr;
  v["description"] = "";
  v["permalink"] = "";
  v["sku"] = "";
  v["price"] = "";
  v["regular_price"] = "";
  v["sale_price"] = "";
  for (const char* d : {"date_on_sale_from", "date_on_sale_from_gmt", "date_on_sale_to", "date_on_sale_to_gmt"}) v[d] = nullptr;
  v["on_sale"] = false;
  v["status"] = "publish";
  v["purchasable"] = false;
  v["virtual"] = false;
  v["downloadable"] = false;
  v["downloads"] = Json::array();
  v["download_limit"] = -1;
  v["download_expiry"] = -1;
  v["tax_status"] = "taxable";
  v["tax_class"] = "";
  v["manage_stock"] = false;
  v["stock_quantity"] = nullptr;
  v["stock_status"] = "instock";
  v["backorders"] = "no";
  v["backorders_allowed"] = false;
  v["backordered"] = false;
  v["weight"] = "";
  v["dimensions"] = Json{{"length", ""}, {"width", ""}, {"height", ""}};
  v["shipping_class"] = "";
  v["shipping_class_id"] = 0;
  v["image"] = nullptr;
  v["attributes"] = Json::array();
  v["menu_order"] = 0;
  v["meta_data"] = Json::array();
  v["_links"] = s.links(route_of(parent) + "/" + std::to_string(id), route_of(parent), "/products/" + std::to_string(parent));
  return v;
}

Reply apply_request(Store& s, Json& v, const Json& req, int64_t parent, int64_t id) {
  if (req.contains("attributes") && req["attributes"].is_array()) {
    v["attributes"] = Json::array();
    for (const auto& a : req["attributes"])
      v["attributes"].push_back(Json{{"id", int_of(a, "id")}, {"name", text_of(a, "name")}, {"option", text_of(a, "option")}});
  }
  Reply r = apply_product_fields(s, v, req, id);
  if (!r.ok()) return r;
  std::string permalink = s.products[parent].body["permalink"].get<std::string>(), query;
  for (const auto& a : v["attributes"])
    query += (query.empty() ? "?" : "&") + std::string("attribute_") + (a["id"] != 0 ? "pa_" : "") + slugify(a["name"].get<std::string>()) +
             "=" + slugify(a["option"].get<std::string>());
  v["permalink"] = permalink + query;
  return Reply{};
}

void resync_parent(Ctx& ctx, int64_t parent) {
  Record& p = ctx.store.products[parent];
  sync_variable(ctx.store, p.body);
  ctx.store.touch(p, ctx.now);
  ctx.store.emit("product", parent, "updated");
}

bool parent_ok(const Store& s, int64_t parent) { return s.products.count(parent) != 0; }

Reply variation_create(Ctx& ctx, int64_t parent, const Json& req) {
  Store& s = ctx.store;
  if (!parent_ok(s, parent)) return invalid_parent();
  SequenceGuard ids(s);
  int64_t id = s.next_post++;
  Record rec;
  rec.body = new_variation_body(s, parent, id);
  s.stamp_new(rec, ctx.now);
  Reply r = apply_request(s, rec.body, req, parent, id);
  if (!r.ok()) return r;
  ids.commit();
  auto& stored = s.variations[id] = std::move(rec);
  s.variation_parent[id] = parent;
  s.emit("product", id, "created");
  resync_parent(ctx, parent);
  return created_reply(s, stored.body, route_of(parent));
}

Record* find(Store& s, int64_t parent, int64_t id) {
  auto it = s.variations.find(id);
  if (it == s.variations.end() || s.variation_parent[id] != parent) return nullptr;
  return &it->second;
}

Reply variation_update(Ctx& ctx, int64_t parent, int64_t id, const Json& req) {
  Store& s = ctx.store;
  if (!parent_ok(s, parent)) return invalid_parent();
  Record* rec = find(s, parent, id);
  if (!rec) return invalid_id(400);
  Json draft = rec->body;
  SequenceGuard ids(s);
  Reply r = apply_request(s, draft, req, parent, id);
  if (!r.ok()) return r;
  ids.commit();
  rec->body = std::move(draft);
  s.touch(*rec, ctx.now);
  s.emit("product", id, "updated");
  resync_parent(ctx, parent);
  return Reply{200, rec->body, {}};
}

Reply variation_get(Ctx& ctx, int64_t parent, int64_t id) {
  if (!parent_ok(ctx.store, parent)) return invalid_parent();
  Record* rec = find(ctx.store, parent, id);
  if (!rec) return invalid_id(404);
  return Reply{200, rec->body, {}};
}

Reply variation_list(Ctx& ctx, int64_t parent, const Query& q) {
  Store& s = ctx.store;
  if (!parent_ok(s, parent)) return invalid_parent();
  std::vector<InvalidParam> bad;
  auto stock = enum_param(q, "stock_status", {"instock", "outofstock", "onbackorder"}, bad);
  std::vector<std::string> skus = query_list(q, "sku");
  if (!bad.empty()) return invalid_params(bad);
  Rows rows;
  for (const auto& [id, r] : s.variations) {
    if (s.variation_parent[id] != parent) continue;
    if (!stock.empty() && std::find(stock.begin(), stock.end(), r.body["stock_status"].get<std::string>()) == stock.end()) continue;
    if (!skus.empty() && std::find(skus.begin(), skus.end(), r.body["sku"].get<std::string>()) == skus.end()) continue;
    rows.emplace_back(id, &r);
  }
  ListSpec spec;
  spec.route = route_of(parent);
  spec.orderby = {"date", "id", "include", "title", "slug", "modified", "menu_order"};
  spec.search = [](const Record& r) { return r.body["sku"].get<std::string>() + " " + r.body["description"].get<std::string>(); };
  return list_records(s, q, std::move(rows), spec);
}

Reply variation_delete(Ctx& ctx, int64_t parent, int64_t id, bool force) {
  Store& s = ctx.store;
  if (!parent_ok(s, parent)) return invalid_parent();
  Record* rec = find(s, parent, id);
  if (!rec) return invalid_id(404);
  if (!force) return wc_error(501, "woocommerce_rest_trash_not_supported", "Variations do not support trashing.");
  Reply r{200, rec->body, {}};
  s.variations.erase(id);
  s.variation_parent.erase(id);
  s.emit("product", id, "deleted", Json{{"id", id}});
  resync_parent(ctx, parent);
  return r;
}

}  // namespace

/// The name WooCommerce gives a variation's order line: "Parent - Black, M".
std::string variation_title(const Store& s, int64_t id) {
  auto pit = s.variation_parent.find(id);
  if (pit == s.variation_parent.end() || !s.products.count(pit->second)) return "";
  std::string name = s.products.at(pit->second).body["name"].get<std::string>(), options;
  for (const auto& a : s.variations.at(id).body["attributes"]) options += (options.empty() ? "" : ", ") + a["option"].get<std::string>();
  return options.empty() ? name : name + " - " + options;
}

Resource variations_resource() {
  return Resource{"variations", variation_create, variation_update, variation_delete, variation_get, variation_list};
}

}  // namespace woosim
