// wc/v3 orders: create (with set_paid), update (recalculating totals when lines change), trash/delete, get,
// list with status/customer/product/parent filters; status side effects on dates, stock and coupon usage.
#include "body_fields.hpp"
#include "listing.hpp"
#include "order_lines.hpp"
#include "order_totals.hpp"
#include "resource.hpp"
#include "stock.hpp"
#include "version.hpp"

#include <algorithm>

namespace woosim {
namespace {

const std::vector<std::string> kStatuses = {"pending", "processing", "on-hold", "completed", "cancelled",
                                             "refunded", "failed", "checkout-draft"};

Reply invalid_id(int status) { return wc_error(status, "woocommerce_rest_shop_order_invalid_id", "Invalid ID.", Json()); }

std::string order_key(int64_t id) {
  uint64_t h = 1469598103934665603ull ^ static_cast<uint64_t>(id);
  for (int i = 0; i < 8; ++i) h = (h ^ (h >> 29)) * 1099511628211ull;
  static const char* hex = "0123456789abcdef";
  std::string key = "wc_order_";
  for (int i = 0; i < 13; ++i) key += hex[(h >> (i * 4)) & 15];
  return key;
}

Json new_order_body(Store& s, int64_t id) {
  Json o = Json::object();
  o["id"] = id;
  o["parent_id"] = 0;
  o["number"] = std::to_string(id);
  o["order_key"] = order_key(id);
  o["created_via"] = "rest-api";
  o["version"] = kWooCommerceVersion;
  o["status"] = "pending";
  o["currency"] = "USD";
  for (const char* d : {"date_created", "date_created_gmt", "date_modified", "date_modified_gmt"}) o[d] = nullptr;
  for (const char* m : {"discount_total", "discount_tax", "shipping_total", "shipping_tax", "cart_tax", "total", "total_tax"})
    o[m] = "0.00";
  o["prices_include_tax"] = false;
  o["customer_id"] = 0;
  o["customer_ip_address"] = "";
  o["customer_user_agent"] = "";
  o["customer_note"] = "";
  o["billing"] = empty_address(true);
  o["shipping"] = empty_address(false);
  o["payment_method"] = "";
  o["payment_method_title"] = "";
  o["transaction_id"] = "";
  for (const char* d : {"date_paid", "date_paid_gmt", "date_completed", "date_completed_gmt"}) o[d] = nullptr;
  o["cart_hash"] = "";
  o["meta_data"] = Json::array();
  for (const char* l : {"line_items", "tax_lines", "shipping_lines", "fee_lines", "coupon_lines", "refunds"}) o[l] = Json::array();
  o["_links"] = s.links("/orders/" + std::to_string(id), "/orders");
  return o;
}

void count_coupon_use(Store& s, const Json& order, int64_t delta) {
  for (const auto& line : order["coupon_lines"])
    for (auto& [id, c] : s.coupons)
      if (c.body["code"] == line["code"]) {
        c.body["usage_count"] = std::max<int64_t>(0, c.body["usage_count"].get<int64_t>() + delta);
        Json& used = c.body["used_by"];
        std::string who = order["customer_id"] != 0 ? order["customer_id"].dump() : order["billing"]["email"].get<std::string>();
        if (delta > 0) used.push_back(who);
        else if (auto it = std::find(used.begin(), used.end(), Json(who)); it != used.end()) used.erase(it);
      }
}

// wc_maybe_reduce_stock_levels / wc_maybe_increase_stock_levels and the payment and completion dates.
void apply_status(Ctx& ctx, Record& rec, const std::string& status) {
  Store& s = ctx.store;
  Json& o = rec.body;
  int64_t id = o["id"].get<int64_t>();
  o["status"] = status;
  bool paid_state = status == "processing" || status == "completed" || status == "on-hold";
  if ((status == "processing" || status == "completed") && o["date_paid"].is_null()) s.set_date(o, "date_paid", ctx.now);
  if (status == "completed" && o["date_completed"].is_null()) s.set_date(o, "date_completed", ctx.now);
  if (paid_state && !s.stock_reduced.count(id)) {
    s.stock_reduced.insert(id);
    if (auto c = s.customers.find(o["customer_id"].get<int64_t>()); c != s.customers.end() && status != "on-hold")
      c->second.body["is_paying_customer"] = true;
    for (const auto& line : o["line_items"])
      move_stock(ctx, line["product_id"].get<int64_t>(), line["variation_id"].get<int64_t>(), -line["quantity"].get<int64_t>());
    count_coupon_use(s, o, +1);
  } else if ((status == "cancelled" || status == "pending") && s.stock_reduced.count(id)) {
    s.stock_reduced.erase(id);
    for (const auto& line : o["line_items"])
      move_stock(ctx, line["product_id"].get<int64_t>(), line["variation_id"].get<int64_t>(), line["quantity"].get<int64_t>());
    count_coupon_use(s, o, -1);
  }
}

// The writable scalar and address fields; line arrays and status are handled by the caller.
Reply apply_fields_of(Store& s, Json& o, const Json& req, BodyCheck& c) {
  if (auto v = c.integer(req, "parent_id")) o["parent_id"] = *v;
  if (auto v = c.str(req, "currency")) o["currency"] = *v;
  if (auto v = c.integer(req, "customer_id")) {
    if (*v != 0 && !s.customers.count(*v)) return wc_error(400, "woocommerce_rest_invalid_customer_id", "Customer ID is invalid.");
    o["customer_id"] = *v;
  }
  for (const char* k : {"customer_note", "payment_method", "payment_method_title", "transaction_id", "customer_ip_address", "customer_user_agent", "created_via"})
    if (auto v = c.str(req, k)) o[k] = *v;
  if (req.contains("billing")) merge_address(o["billing"], req["billing"]);
  if (req.contains("shipping")) merge_address(o["shipping"], req["shipping"]);
  if (req.contains("meta_data")) merge_meta(s, o["meta_data"], req["meta_data"]);
  return c.ok() ? Reply{} : c.reply();
}

bool touches_lines(const Json& req) {
  return req.contains("line_items") || req.contains("shipping_lines") || req.contains("fee_lines") || req.contains("coupon_lines");
}

Reply finish_write(Ctx& ctx, Record& rec, const Json& req, BodyCheck& c, bool is_new) {
  Store& s = ctx.store;
  auto status = c.one_of(req, "status", kStatuses);
  auto set_paid = c.boolean(req, "set_paid");
  if (!c.ok()) return c.reply();
  Json draft = rec.body;
  Reply r = apply_fields_of(s, draft, req, c);
  if (!r.ok()) return r;
  if (is_new || touches_lines(req)) {
    r = merge_order_lines(s, draft, req);
    if (!r.ok()) return r;
    r = calculate_totals(s, draft);
    if (!r.ok()) return r;
  }
  rec.body = std::move(draft);
  if (status && *status != rec.body["status"]) apply_status(ctx, rec, *status);
  if (set_paid.value_or(false) && (rec.body["status"] == "pending" || rec.body["status"] == "failed" || rec.body["status"] == "on-hold"))
    apply_status(ctx, rec, "processing");
  return Reply{};
}

Reply order_create(Ctx& ctx, int64_t, const Json& req) {
  Store& s = ctx.store;
  if (req.contains("id")) return wc_error(400, "woocommerce_rest_shop_order_exists", "Cannot create existing shop_order.");
  SequenceGuard ids(s);
  int64_t id = s.next_post++;
  Record rec;
  rec.body = new_order_body(s, id);
  s.stamp_new(rec, ctx.now);
  BodyCheck c;
  Reply r = finish_write(ctx, rec, req, c, true);
  if (!r.ok()) return r;
  ids.commit();
  auto& stored = s.orders[id] = std::move(rec);
  s.emit("order", id, "created");
  return created_reply(s, stored.body, "/orders");
}

Reply order_update(Ctx& ctx, int64_t, int64_t id, const Json& req) {
  Store& s = ctx.store;
  auto it = s.orders.find(id);
  if (it == s.orders.end()) return invalid_id(400);
  bool was_trashed = it->second.body["status"] == "trash";
  SequenceGuard ids(s);
  BodyCheck c;
  Reply r = finish_write(ctx, it->second, req, c, false);
  if (!r.ok()) return r;
  ids.commit();
  s.touch(it->second, ctx.now);
  s.emit("order", id, was_trashed && it->second.body["status"] != "trash" ? "restored" : "updated");
  return Reply{200, it->second.body, {}};
}

Reply order_get(Ctx& ctx, int64_t, int64_t id) {
  auto it = ctx.store.orders.find(id);
  if (it == ctx.store.orders.end()) return invalid_id(404);
  return Reply{200, it->second.body, {}};
}

Reply order_list(Ctx& ctx, int64_t, const Query& q) {
  Store& s = ctx.store;
  std::vector<InvalidParam> bad;
  std::vector<std::string> allowed = kStatuses;
  allowed.push_back("any");
  allowed.push_back("trash");
  auto statuses = enum_param(q, "status", allowed, bad);
  auto customer = int_param(q, "customer", bad);
  auto product = int_param(q, "product", bad);
  std::vector<std::string> parents = query_list(q, "parent");
  if (!bad.empty()) return invalid_params(bad);
  bool any = statuses.empty() || std::find(statuses.begin(), statuses.end(), "any") != statuses.end();
  Rows rows;
  for (const auto& [id, r] : s.orders) {
    const std::string& st = r.body["status"].get_ref<const std::string&>();
    if (any ? (st == "trash" || st == "checkout-draft") : std::find(statuses.begin(), statuses.end(), st) == statuses.end()) continue;
    if (customer && r.body["customer_id"] != *customer) continue;
    if (product && std::none_of(r.body["line_items"].begin(), r.body["line_items"].end(),
                                [&](const Json& l) { return l["product_id"] == *product; })) continue;
    if (!parents.empty() && std::find(parents.begin(), parents.end(), r.body["parent_id"].dump()) == parents.end()) continue;
    rows.emplace_back(id, &r);
  }
  ListSpec spec;
  spec.route = "/orders";
  spec.orderby = {"date", "id", "include", "title", "slug", "modified"};
  spec.title = [](const Record& r) { return r.body["number"].get<std::string>(); };
  spec.slug = spec.title;
  spec.search = [](const Record& r) {
    std::string text = r.body["number"].get<std::string>();
    for (const char* a : {"billing", "shipping"})
      for (auto it = r.body[a].begin(); it != r.body[a].end(); ++it) text += " " + it.value().get<std::string>();
    for (const auto& l : r.body["line_items"]) text += " " + l["name"].get<std::string>();
    return text;
  };
  return list_records(s, q, std::move(rows), spec);
}

Reply order_delete(Ctx& ctx, int64_t, int64_t id, bool force) {
  return trash_or_delete(ctx, ctx.store.orders, id, force, "order", "order", invalid_id(404));
}

}  // namespace

Resource orders_resource() { return Resource{"orders", order_create, order_update, order_delete, order_get, order_list}; }

}  // namespace woosim
