// wc/v3 coupons: create (code required, unique, lower-cased), update, trash/delete, get, list with `code`.
// Orders apply percent, fixed_cart and fixed_product coupons (order_totals.cpp); usage is counted on payment.
#include "body_fields.hpp"
#include "listing.hpp"
#include "money.hpp"
#include "resource.hpp"

#include <cctype>

namespace woosim {
namespace {

Reply invalid_id(int status) { return wc_error(status, "woocommerce_rest_shop_coupon_invalid_id", "Invalid ID."); }

Json new_coupon_body(Store& s, int64_t id) {
  Json c = Json::object();
  c["id"] = id;
  c["code"] = "";
  c["amount"] = "0.00";
  for (const char* d : {"date_created", "date_created_gmt", "date_modified", "date_modified_gmt"}) c[d] = nullptr;
  c["discount_type"] = "fixed_cart";
  c["description"] = "";
  c["date_expires"] = nullptr;
  c["date_expires_gmt"] = nullptr;
  c["usage_count"] = 0;
  c["individual_use"] = false;
  c["product_ids"] = Json::array();
  c["excluded_product_ids"] = Json::array();
  c["usage_limit"] = nullptr;
  c["usage_limit_per_user"] = nullptr;
  c["limit_usage_to_x_items"] = nullptr;
  c["free_shipping"] = false;
  c["product_categories"] = Json::array();
  c["excluded_product_categories"] = Json::array();
  c["exclude_sale_items"] = false;
  c["minimum_amount"] = "0.00";
  c["maximum_amount"] = "0.00";
  c["email_restrictions"] = Json::array();
  c["used_by"] = Json::array();
  c["meta_data"] = Json::array();
  c["_links"] = s.links("/coupons/" + std::to_string(id), "/coupons");
  return c;
}

Reply apply_request(Store& s, Json& c, const Json& req, int64_t id) {
  BodyCheck check;
  if (auto v = check.str(req, "code")) {
    std::string code = lowercase(*v);
    if (code.empty()) return wc_error(400, "woocommerce_rest_empty_coupon_code", "The coupon code cannot be empty.");
    for (const auto& [other, r] : s.coupons)
      if (other != id && r.body["code"] == code && !s.trashed_coupons.count(other))
        return wc_error(400, "woocommerce_rest_coupon_code_already_exists", "The coupon code already exists");
    c["code"] = code;
  }
  for (const char* k : {"amount", "minimum_amount", "maximum_amount"})
    if (auto v = check.money(req, k)) c[k] = Money::parse_or_zero(*v).str2();
  if (auto v = check.one_of(req, "discount_type", {"percent", "fixed_cart", "fixed_product"})) c["discount_type"] = *v;
  if (auto v = check.str(req, "description")) c["description"] = *v;
  for (const char* k : {"individual_use", "free_shipping", "exclude_sale_items"})
    if (auto v = check.boolean(req, k)) c[k] = *v;
  for (const char* k : {"usage_limit", "usage_limit_per_user", "limit_usage_to_x_items"})
    if (auto v = check.integer(req, k)) c[k] = *v;
  if (req.contains("meta_data")) merge_meta(s, c["meta_data"], req["meta_data"]);
  if (!check.ok()) return check.reply();
  if (Money::parse_or_zero(c["amount"].get<std::string>()).negative())
    return wc_error(400, "woocommerce_rest_invalid_coupon_amount", "Coupon amount cannot be negative.");
  return Reply{};
}

Reply coupon_create(Ctx& ctx, int64_t, const Json& req) {
  Store& s = ctx.store;
  if (req.contains("id")) return wc_error(400, "woocommerce_rest_shop_coupon_exists", "Cannot create existing shop_coupon.");
  if (!req.contains("code")) return missing_params({"code"});
  SequenceGuard ids(s);
  int64_t id = s.next_post++;
  Record rec;
  rec.body = new_coupon_body(s, id);
  s.stamp_new(rec, ctx.now);
  Reply r = apply_request(s, rec.body, req, id);
  if (!r.ok()) return r;
  ids.commit();
  auto& stored = s.coupons[id] = std::move(rec);
  s.emit("coupon", id, "created");
  return created_reply(s, stored.body, "/coupons");
}

Reply coupon_update(Ctx& ctx, int64_t, int64_t id, const Json& req) {
  return update_record(ctx, ctx.store.coupons, id, invalid_id(400), "coupon",
                       [&](Json& draft) { return apply_request(ctx.store, draft, req, id); });
}

Reply coupon_get(Ctx& ctx, int64_t, int64_t id) {
  auto it = ctx.store.coupons.find(id);
  if (it == ctx.store.coupons.end()) return invalid_id(404);
  return Reply{200, it->second.body, {}};
}

Reply coupon_list(Ctx& ctx, int64_t, const Query& q) {
  Store& s = ctx.store;
  std::string code = lowercase(query_get(q, "code"));
  Rows rows;
  for (const auto& [id, r] : s.coupons) {
    if (s.trashed_coupons.count(id)) continue;
    if (!code.empty() && r.body["code"] != code) continue;
    rows.emplace_back(id, &r);
  }
  ListSpec spec;
  spec.route = "/coupons";
  spec.orderby = {"date", "id", "include", "title", "slug", "modified"};
  spec.title = [](const Record& r) { return r.body["code"].get<std::string>(); };
  spec.slug = spec.title;
  spec.search = spec.title;
  return list_records(s, q, std::move(rows), spec);
}

Reply coupon_delete(Ctx& ctx, int64_t, int64_t id, bool force) {
  // The v3 coupon body has no status field: a trashed coupon is remembered beside it.
  Store& s = ctx.store;
  auto it = s.coupons.find(id);
  if (it == s.coupons.end()) return invalid_id(404);
  Reply r{200, it->second.body, {}};
  if (force) {
    s.coupons.erase(it);
    s.trashed_coupons.erase(id);
  } else {
    if (s.trashed_coupons.count(id)) return wc_error(410, "woocommerce_rest_already_trashed", "The coupon has already been deleted.");
    s.trashed_coupons.insert(id);
  }
  s.emit("coupon", id, "deleted", Json{{"id", id}});
  return r;
}

}  // namespace

Resource coupons_resource() { return Resource{"coupons", coupon_create, coupon_update, coupon_delete, coupon_get, coupon_list}; }

}  // namespace woosim
