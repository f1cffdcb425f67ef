// The control API under /__sim/ (not part of WooCommerce): seed and reset, place orders and refunds, change
// products, read the delivery log, wait for deliveries, set faults, move the clock, add keys, dump the store.
#include "sim.hpp"

#include "body_fields.hpp"
#include "money.hpp"
#include "resource.hpp"
#include "seed.hpp"

#include <vector>

namespace woosim {
namespace {

Reply bad(const std::string& message) { return wc_error(400, "woosim_invalid_request", message); }
Reply ok(Json body) { return Reply{200, std::move(body), {}}; }

Json records(const std::map<int64_t, Record>& m) {
  Json a = Json::array();
  for (const auto& [id, r] : m) a.push_back(r.body);
  return a;
}

int64_t id_at(const std::vector<std::string>& seg, size_t i) {
  if (i >= seg.size() || seg[i].empty() || seg[i].size() > 17) return 0;
  for (char c : seg[i])
    if (c < '0' || c > '9') return 0;
  return std::stoll(seg[i]);
}

// "Refund a line": {"line_item_id": X, "quantity": Q} refunds Q units of the line with their share of tax.
Json line_refund_request(const Json& order, const Json& body) {
  int64_t item = int_of(body, "line_item_id");
  for (const auto& line : order["line_items"]) {
    if (line["id"] != item) continue;
    int64_t ordered = line["quantity"].get<int64_t>(), qty = body.contains("quantity") ? int_of(body, "quantity") : ordered;
    if (qty <= 0 || qty > ordered) return Json();
    Money total = Money::parse_or_zero(line["total"].get<std::string>()), tax = Money::parse_or_zero(line["total_tax"].get<std::string>());
    Money part = (total * Money::of_int(qty)).div(Money::of_int(ordered), 2), part_tax = (tax * Money::of_int(qty)).div(Money::of_int(ordered), 2);
    Json req{{"reason", text_of(body, "reason")}, {"api_refund", bool_of(body, "api_refund", false)}, {"api_restock", bool_of(body, "api_restock", true)}};
    req["line_items"] = Json::array({Json{{"id", item}, {"quantity", qty}, {"refund_total", part.str2()},
                                          {"refund_tax", Json::array({Json{{"id", 75}, {"refund_total", part_tax.str2()}}})}}});
    return req;
  }
  return Json();
}

}  // namespace

Reply Simulator::control(const std::string& method, const std::string& path, const Json& body, const Query& query) {
  std::vector<std::string> seg = path_segments(path);  // seg[0] == "__sim"
  std::string what = seg.size() > 1 ? seg[1] : "";
  bool post = method == "POST" || method == "PUT";
  Json in = body.is_object() ? body : Json::object();

  if (what == "health" && method == "GET") return ok(Json{{"ok", true}, {"site", store_.site}});
  if (what == "clock") {
    if (post) {
      if (in.contains("set")) {
        auto t = zone_.parse(text_of(in, "set"), true);
        if (!t) return bad("clock.set must be an ISO 8601 date (UTC unless it carries an offset)");
        clock_.set(*t);
      }
      if (in.contains("advance_seconds")) {
        if (!in["advance_seconds"].is_number_integer()) return bad("advance_seconds must be an integer");
        clock_.advance(in["advance_seconds"].get<int64_t>());
      }
      if (bool_of(in, "real", false)) clock_.unfreeze();
    }
    int64_t now = clock_.now();
    return ok(Json{{"now_gmt", SiteZone::gmt(now)}, {"now_site", zone_.local(now)}, {"unix", now}, {"frozen", clock_.frozen()}});
  }
  if (what == "faults") {
    if (method == "DELETE") faults_.reset(1);
    else if (post) {
      std::string error;
      if (!faults_.configure(in, error)) return bad(error);
    }
    return ok(faults_.describe());
  }
  if (what == "stats") {
    if (method == "DELETE") stats_.reset();
    return ok(stats_.describe());
  }
  if (what == "deliveries") {
    if (seg.size() > 2 && seg[2] == "drain" && post) {
      int64_t timeout = in.contains("timeout_ms") ? int_of(in, "timeout_ms") : 5000;
      bool drained = deliveries_->drain(std::min<int64_t>(timeout, 120000));
      return ok(Json{{"drained", drained}, {"pending", deliveries_->pending()}});
    }
    if (method == "DELETE") deliveries_->clear_log();
    return ok(deliveries_->log());
  }

  std::lock_guard lock(store_.mu);
  Ctx ctx{store_, clock_.now()};
  if (what == "reset" && post) {
    store_.clear();
    deliveries_->clear_log();
    return ok(Json{{"reset", true}});
  }
  if (what == "seed" && post) {
    SeedCounts n;
    for (auto [key, field] : std::initializer_list<std::pair<const char*, int64_t*>>{
             {"customers", &n.customers}, {"products", &n.products}, {"variable_products", &n.variable_products},
             {"orders", &n.orders}, {"refunds", &n.refunds}, {"coupons", &n.coupons}}) {
      if (!in.contains(key)) continue;
      if (!in[key].is_number_integer() || in[key].get<int64_t>() < 0 || in[key].get<int64_t>() > 100000) return bad(std::string(key) + " must be 0..100000");
      *field = in[key].get<int64_t>();
    }
    if (in.contains("seed") && !in["seed"].is_number_unsigned()) return bad("seed must be a non-negative integer");
    Json summary = seed_store(store_, in.value("seed", uint64_t{1}), n);
    deliveries_->clear_log();
    return ok(summary);
  }
  if (what == "dump" && method == "GET")
    return ok(Json{{"coupons", records(store_.coupons)}, {"customers", records(store_.customers)}, {"products", records(store_.products)},
                   {"variations", records(store_.variations)}, {"orders", records(store_.orders)}, {"refunds", records(store_.refunds)},
                   {"webhooks", records(store_.webhooks)}});
  if (what == "keys") {
    if (post) {
      std::string key = text_of(in, "consumer_key"), secret = text_of(in, "consumer_secret"), perms = in.contains("permissions") ? text_of(in, "permissions") : "read_write";
      if (key.empty() || secret.empty()) return bad("consumer_key and consumer_secret are required");
      if (perms != "read" && perms != "write" && perms != "read_write") return bad("permissions must be read, write or read_write");
      store_.keys[key] = ApiKey{secret, perms, {}};
    }
    Json list = Json::array();
    for (const auto& [k, v] : store_.keys) list.push_back(Json{{"consumer_key", k}, {"permissions", v.permissions}});
    return ok(list);
  }
  if (what == "webhooks" && method == "GET") {
    Json list = Json::array();
    for (const auto& [id, w] : store_.webhooks)
      list.push_back(Json{{"id", id}, {"status", w.body["status"]}, {"topic", w.body["topic"]}, {"delivery_url", w.body["delivery_url"]},
                          {"failure_count", store_.hook_state[id].failure_count}, {"deliveries", store_.hook_state[id].deliveries}});
    return ok(list);
  }
  if (what == "orders" && post) {
    if (seg.size() == 2) {  // place an order, as a checkout would
      Json req = in;
      if (!req.contains("set_paid")) req["set_paid"] = true;
      if (!req.contains("created_via")) req["created_via"] = "checkout";
      return orders_resource().create(ctx, 0, req);
    }
    int64_t id = id_at(seg, 2);
    if (seg.size() == 4 && seg[3] == "refunds" && id) {
      if (!store_.orders.count(id)) return wc_error(404, "woocommerce_rest_invalid_order_id", "Invalid order ID.");
      Json req = in.contains("line_item_id") ? line_refund_request(store_.orders[id].body, in) : in;
      if (req.is_null()) return bad("line_item_id is not a line of order " + std::to_string(id) + " (or quantity is not 1..ordered)");
      if (!req.contains("api_refund")) req["api_refund"] = false;
      return refunds_resource().create(ctx, id, req);
    }
    if (seg.size() == 3 && id) return orders_resource().update(ctx, 0, id, in);
  }
  if (what == "products" && post) {
    int64_t id = id_at(seg, 2), vid = id_at(seg, 4);
    if (seg.size() == 3 && id) return products_resource().update(ctx, 0, id, in);
    if (seg.size() == 5 && seg[3] == "variations" && id && vid) return variations_resource().update(ctx, id, vid, in);
  }
  (void)query;
  return wc_error(404, "woosim_no_route", "No control route " + method + " " + path + " (see docs/woosim.md)");
}

}  // namespace woosim
