// wc/v3 products (simple and variable; grouped and external keep their type but no behaviour): create,
// update, trash/delete (force also removes a variable product's variations), get and list with type, sku,
// status, stock_status, parent, category and featured filters.
#include "body_fields.hpp"
#include "listing.hpp"
#include "money.hpp"
#include "product_fields.hpp"
#include "products.hpp"
#include "resource.hpp"

#include <algorithm>

namespace woosim {
namespace {

Reply invalid_id(int status) { return wc_error(status, "woocommerce_rest_product_invalid_id", "Invalid ID.", Json()); }

struct Category { int64_t id; const char* name; const char* slug; };
const Category kCategories[] = {{9, "Clothing", "clothing"}, {11, "Music", "music"}, {13, "Singles", "singles"},
                                {14, "T-shirts", "t-shirts"}, {15, "Uncategorized", "uncategorized"}, {16, "Accessories", "accessories"}};

Json new_product_body(Store& s, int64_t id) {
  Json p = Json::object();
  p["id"] = id;
  p["name"] = "";
  p["slug"] = "";
  p["permalink"] = "";
  for (const char* d : {"date_created", "date_created_gmt", "date_modified", "date_modified_gmt"}) p[d] = nullptr;
  p["type"] = "simple";
  p["status"] = "publish";
  p["featured"] = false;
  p["catalog_visibility"] = "visible";
  p["description"] = "";
  p["short_description"] = "";
  p["sku"] = "";
  p["price"] = "";
  p["regular_price"] = "";
  p["sale_price"] = "";
  for (const char* d : {"date_on_sale_from", "date_on_sale_from_gmt", "date_on_sale_to", "date_on_sale_to_gmt"}) p[d] = nullptr;
  p["price_html"] = "";
  p["on_sale"] = false;
  p["purchasable"] = false;
  p["total_sales"] = 0;
  p["virtual"] = false;
  p["downloadable"] = false;
  p["downloads"] = Json::array();
  p["download_limit"] = -1;
  p["download_expiry"] = -1;
  p["external_url"] = "";
  p["button_text"] = "";
  p["tax_status"] = "taxable";
  p["tax_class"] = "";
  p["manage_stock"] = false;
  p["stock_quantity"] = nullptr;
  p["stock_status"] = "instock";
  p["backorders"] = "no";
  p["backorders_allowed"] = false;
  p["backordered"] = false;
  p["sold_individually"] = false;
  p["weight"] = "";
  p["dimensions"] = Json{{"length", ""}, {"width", ""}, {"height", ""}};
  p["shipping_required"] = true;
  p["shipping_taxable"] = true;
  p["shipping_class"] = "";
  p["shipping_class_id"] = 0;
  p["reviews_allowed"] = true;
  p["average_rating"] = "0.00";
  p["rating_count"] = 0;
  p["related_ids"] = Json::array();
  p["upsell_ids"] = Json::array();
  p["cross_sell_ids"] = Json::array();
  p["parent_id"] = 0;
  p["purchase_note"] = "";
  p["categories"] = Json::array();
  p["tags"] = Json::array();
  p["images"] = Json::array();
  p["attributes"] = Json::array();
  p["default_attributes"] = Json::array();
  p["variations"] = Json::array();
  p["grouped_products"] = Json::array();
  p["menu_order"] = 0;
  p["meta_data"] = Json::array();
  p["_links"] = s.links("/products/" + std::to_string(id), "/products");
  return p;
}

std::string unique_slug(const Store& s, const std::string& wanted, int64_t self) {
  auto taken = [&](const std::string& slug) {
    for (const auto& [id, r] : s.products)
      if (id != self && r.body["slug"] == slug) return true;
    return false;
  };
  if (!taken(wanted)) return wanted;
  for (int n = 2;; ++n)
    if (!taken(wanted + "-" + std::to_string(n))) return wanted + "-" + std::to_string(n);
}

Reply apply_request(Ctx& ctx, Json& p, const Json& req, int64_t id) {
  Store& s = ctx.store;
  BodyCheck c;
  if (auto v = c.one_of(req, "type", {"simple", "grouped", "external", "variable"})) p["type"] = *v;
  if (auto v = c.one_of(req, "catalog_visibility", {"visible", "catalog", "search", "hidden"})) p["catalog_visibility"] = *v;
  if (!c.ok()) return c.reply();
  if (req.contains("categories") && req["categories"].is_array()) {
    p["categories"] = Json::array();
    for (const auto& cat : req["categories"])
      for (const auto& known : kCategories)
        if (int_of(cat, "id") == known.id)
          p["categories"].push_back(Json{{"id", known.id}, {"name", known.name}, {"slug", known.slug}});
  }
  if (req.contains("attributes") && req["attributes"].is_array()) {
    p["attributes"] = Json::array();
    for (const auto& a : req["attributes"]) {
      Json options = Json::array();
      for (const auto& o : array_of(a, "options"))
        if (o.is_string()) options.push_back(o);
      p["attributes"].push_back(Json{{"id", int_of(a, "id")}, {"name", text_of(a, "name")}, {"position", int_of(a, "position")},
                                     {"visible", bool_of(a, "visible", false)}, {"variation", bool_of(a, "variation", false)},
                                     {"options", options}});
    }
  }
  if (req.contains("default_attributes") && req["default_attributes"].is_array()) {
    p["default_attributes"] = Json::array();
    for (const auto& a : req["default_attributes"])
      p["default_attributes"].push_back(Json{{"id", int_of(a, "id")}, {"name", text_of(a, "name")}, {"option", text_of(a, "option")}});
  }
  if (req.contains("images") && req["images"].is_array()) {
    p["images"] = Json::array();
    for (const auto& img : req["images"]) {
      Json image{{"id", int_of(img, "id") ? int_of(img, "id") : s.next_post++}};
      s.set_date(image, "date_created", ctx.now);
      s.set_date(image, "date_modified", ctx.now);
      image["src"] = text_of(img, "src");
      image["name"] = text_of(img, "name");
      image["alt"] = text_of(img, "alt");
      p["images"].push_back(image);
    }
  }
  Reply r = apply_product_fields(s, p, req, id);
  if (!r.ok()) return r;
  // An explicit slug wins; a new product takes its name's (made unique with -2, -3 as WordPress does).
  bool explicit_slug = req.contains("slug") && req["slug"].is_string() && !req["slug"].get<std::string>().empty();
  if (explicit_slug || p["slug"] == "")
    p["slug"] = unique_slug(s, slugify(explicit_slug ? req["slug"].get<std::string>() : p["name"].get<std::string>()), id);
  p["permalink"] = s.site + "/product/" + p["slug"].get<std::string>() + "/";
  p["shipping_required"] = !p["virtual"].get<bool>();
  if (p["type"] == "variable") sync_variable(s, p);
  return Reply{};
}

Reply product_create(Ctx& ctx, int64_t, const Json& req) {
  Store& s = ctx.store;
  if (req.contains("id")) return wc_error(400, "woocommerce_rest_product_exists", "Cannot create existing product.");
  SequenceGuard ids(s);
  int64_t id = s.next_post++;
  Record rec;
  rec.body = new_product_body(s, id);
  s.stamp_new(rec, ctx.now);
  Reply r = apply_request(ctx, rec.body, req, id);
  if (!r.ok()) return r;
  ids.commit();
  auto& stored = s.products[id] = std::move(rec);
  s.emit("product", id, "created");
  return created_reply(s, stored.body, "/products");
}

Reply product_update(Ctx& ctx, int64_t, int64_t id, const Json& req) {
  Store& s = ctx.store;
  auto it = s.products.find(id);
  if (it == s.products.end()) return invalid_id(400);
  Json draft = it->second.body;
  bool was_trashed = draft["status"] == "trash";
  SequenceGuard ids(s);
  Reply r = apply_request(ctx, draft, req, id);
  if (!r.ok()) return r;
  ids.commit();
  it->second.body = std::move(draft);
  s.touch(it->second, ctx.now);
  s.emit("product", id, was_trashed && it->second.body["status"] != "trash" ? "restored" : "updated");
  return Reply{200, it->second.body, {}};
}

Reply product_get(Ctx& ctx, int64_t, int64_t id) {
  auto it = ctx.store.products.find(id);
  if (it == ctx.store.products.end()) return invalid_id(404);
  return Reply{200, it->second.body, {}};
}

Reply product_list(Ctx& ctx, int64_t, const Query& q) {
  Store& s = ctx.store;
  std::vector<InvalidParam> bad;
  auto types = enum_param(q, "type", {"simple", "grouped", "external", "variable"}, bad);
  auto statuses = enum_param(q, "status", {"any", "future", "trash", "draft", "pending", "private", "publish"}, bad);
  auto stock = enum_param(q, "stock_status", {"instock", "outofstock", "onbackorder"}, bad);
  auto category = int_param(q, "category", bad);
  std::vector<std::string> skus = query_list(q, "sku"), parents = query_list(q, "parent");
  std::string featured = query_get(q, "featured");
  if (!bad.empty()) return invalid_params(bad);
  bool any = statuses.empty() || statuses.front() == "any";
  auto in = [](const std::vector<std::string>& list, const std::string& v) { return std::find(list.begin(), list.end(), v) != list.end(); };
  Rows rows;
  for (const auto& [id, r] : s.products) {
    const Json& b = r.body;
    if (any ? b["status"] == "trash" : !in(statuses, b["status"].get<std::string>())) continue;
    if (!types.empty() && !in(types, b["type"].get<std::string>())) continue;
    if (!stock.empty() && !in(stock, b["stock_status"].get<std::string>())) continue;
    if (!skus.empty() && !in(skus, b["sku"].get<std::string>())) continue;
    if (!parents.empty() && !in(parents, b["parent_id"].dump())) continue;
    if (!featured.empty() && b["featured"].get<bool>() != (featured == "true" || featured == "1")) continue;
    if (category && std::none_of(b["categories"].begin(), b["categories"].end(), [&](const Json& c) { return c["id"] == *category; })) continue;
    rows.emplace_back(id, &r);
  }
  ListSpec spec;
  spec.route = "/products";
  spec.orderby = {"date", "id", "include", "title", "slug", "modified"};
  spec.title = [](const Record& r) { return r.body["name"].get<std::string>(); };
  spec.slug = [](const Record& r) { return r.body["slug"].get<std::string>(); };
  spec.search = [](const Record& r) { return r.body["name"].get<std::string>() + " " + r.body["sku"].get<std::string>(); };
  return list_records(s, q, std::move(rows), spec);
}

Reply product_delete(Ctx& ctx, int64_t, int64_t id, bool force) {
  Store& s = ctx.store;
  std::vector<int64_t> children;
  if (force && s.products.count(id))
    for (const auto& v : s.products[id].body["variations"]) children.push_back(v.get<int64_t>());
  Reply r = trash_or_delete(ctx, s.products, id, force, "product", "product", invalid_id(404));
  if (r.ok())
    for (int64_t v : children) { s.variations.erase(v); s.variation_parent.erase(v); }
  return r;
}

}  // namespace

void sync_variable(const Store& s, Json& p) {
  Json ids = Json::array();
  std::vector<Money> prices;
  int64_t pid = p["id"].get<int64_t>();
  for (const auto& [vid, parent] : s.variation_parent) {
    if (parent != pid) continue;
    ids.push_back(vid);
    const Json& v = s.variations.at(vid).body;
    if (!v["price"].get<std::string>().empty() && v["status"] == "publish") prices.push_back(Money::parse_or_zero(v["price"].get<std::string>()));
  }
  p["variations"] = ids;
  p["regular_price"] = "";
  p["sale_price"] = "";
  if (prices.empty()) { p["price"] = ""; p["price_html"] = ""; p["purchasable"] = false; return; }
  Money lo = prices[0], hi = prices[0];
  for (const auto& m : prices) { if (m.compare(lo) < 0) lo = m; if (m.compare(hi) > 0) hi = m; }
  p["price"] = lo.str2();
  p["price_html"] = lo.compare(hi) == 0 ? price_markup(lo.str2()) : price_markup(lo.str2()) + " &ndash; " + price_markup(hi.str2());
  p["purchasable"] = true;
}

Resource products_resource() { return Resource{"products", product_create, product_update, product_delete, product_get, product_list}; }

}  // namespace woosim
