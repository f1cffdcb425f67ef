// wc/v3 order refunds (/orders/<id>/refunds): create from an amount and/or line items (api_refund,
// api_restock), get, list, delete (force only). A refund's line items carry negative quantities and totals
// and `_refunded_item_id`; the order lists it in refunds[] with a negative total and turns `refunded` when
// nothing is left to refund.
#include "body_fields.hpp"
#include "listing.hpp"
#include "money.hpp"
#include "resource.hpp"
#include "stock.hpp"
#include "tax.hpp"

#include <algorithm>

namespace woosim {
namespace {

Reply no_order() { return wc_error(404, "woocommerce_rest_invalid_order_id", "Invalid order ID."); }
Reply invalid_id() { return wc_error(404, "woocommerce_rest_invalid_id", "Invalid resource ID."); }

std::string route_of(int64_t order_id) { return "/orders/" + std::to_string(order_id) + "/refunds"; }

Money refunded_so_far(const Json& order) {
  Money sum;
  for (const auto& r : order["refunds"]) sum = sum - Money::parse_or_zero(r["total"].get<std::string>());
  return sum;
}

Json find_order_item(const Json& order, int64_t item_id) {
  for (const char* kind : {"line_items", "fee_lines", "shipping_lines"})
    for (const auto& l : order[kind])
      if (l["id"] == item_id) return l;
  return Json();
}

// One refund line from a request row `{id, quantity, refund_total, refund_tax:[{id, refund_total}]}`.
Reply refund_line(Store& s, const Json& order, const Json& row, Json& out, Money& amount, int64_t& restock_qty) {
  BodyCheck c;
  int64_t item_id = c.integer(row, "id").value_or(0);
  int64_t qty = c.integer(row, "quantity").value_or(0);
  auto total_text = c.money(row, "refund_total");
  if (!c.ok()) return c.reply();
  Json item = find_order_item(order, item_id);
  if (item.is_null()) return wc_error(400, "woocommerce_rest_invalid_item_id", "Order item ID provided is not associated with order.");
  if (qty < 0 || qty > item.value("quantity", int64_t{0}))
    return wc_error(400, "woocommerce_rest_invalid_quantity", "Refund quantity must be between 0 and the quantity ordered.");
  Money total = Money::parse_or_zero(total_text.value_or("0")).round(2), tax;
  for (const auto& t : array_of(row, "refund_tax")) {
    BodyCheck tc;
    tax = tax + Money::parse_or_zero(tc.money(t, "refund_total").value_or("0")).round(2);
    if (!tc.ok()) return tc.reply();
  }
  if (total.negative() || tax.negative())
    return wc_error(400, "woocommerce_rest_invalid_order_refund", "Refund amount must be greater than zero.");
  amount = amount + total + tax;
  restock_qty = qty;
  Json taxes = tax.is_zero() ? Json::array() : Json::array({Json{{"id", TaxRate::id}, {"total", tax.negate().trimmed()}, {"subtotal", tax.negate().trimmed()}}});
  out = Json{{"id", s.next_item++}, {"name", item.value("name", item.value("method_title", ""))},
             {"product_id", item.value("product_id", int64_t{0})}, {"variation_id", item.value("variation_id", int64_t{0})},
             {"quantity", -qty}, {"tax_class", item.value("tax_class", "")}, {"subtotal", total.negate().str2()},
             {"subtotal_tax", tax.negate().str2()}, {"total", total.negate().str2()}, {"total_tax", tax.negate().str2()},
             {"taxes", taxes}, {"meta_data", Json::array({Json{{"id", s.next_meta++}, {"key", "_refunded_item_id"}, {"value", std::to_string(item_id)}}})},
             {"sku", item.value("sku", "")}, {"price", exact_number(qty ? total.negate().div(Money::of_int(qty), 10).trimmed() : "0")}};
  return Reply{};
}

Reply refund_create(Ctx& ctx, int64_t order_id, const Json& req) {
  Store& s = ctx.store;
  auto oit = s.orders.find(order_id);
  if (oit == s.orders.end()) return no_order();
  Json& order = oit->second.body;
  BodyCheck c;
  auto amount_text = c.money(req, "amount");
  auto reason = c.str(req, "reason");
  bool api_refund = c.boolean(req, "api_refund").value_or(true);
  bool api_restock = c.boolean(req, "api_restock").value_or(true);
  if (!c.ok()) return c.reply();
  if (amount_text && !amount_text->empty() && Money::parse_or_zero(*amount_text).negative())
    return wc_error(400, "woocommerce_rest_invalid_order_refund", "Refund amount must be greater than zero.");

  SequenceGuard ids(s);
  Json lines = Json::array();
  Money from_lines;
  for (const auto& row : array_of(req, "line_items")) {
    Json line;
    int64_t qty = 0;
    Reply r = refund_line(s, order, row, line, from_lines, qty);
    if (!r.ok()) return r;
    lines.push_back(std::move(line));
  }
  Money amount = (amount_text && !amount_text->empty()) ? Money::parse_or_zero(*amount_text).round(2) : from_lines;
  Money remaining = Money::parse_or_zero(order["total"].get<std::string>()) - refunded_so_far(order);
  if (amount.compare(remaining) > 0 || amount.negative())
    return wc_error(500, "woocommerce_rest_cannot_create_order_refund", "Invalid refund amount.");
  ids.commit();

  int64_t id = s.next_post++;
  Record rec;
  rec.body = Json{{"id", id}, {"date_created", nullptr}, {"date_created_gmt", nullptr}, {"amount", amount.str2()},
                  {"reason", reason.value_or("")}, {"refunded_by", 1}, {"refunded_payment", api_refund},
                  {"meta_data", Json::array()}, {"line_items", lines},
                  {"_links", s.links(route_of(order_id) + "/" + std::to_string(id), route_of(order_id), "/orders/" + std::to_string(order_id))}};
  s.stamp_new(rec, ctx.now);
  s.refunds[id] = rec;
  s.refund_order[id] = order_id;
  order["refunds"].insert(order["refunds"].begin(), Json{{"id", id}, {"reason", reason.value_or("")}, {"total", amount.negate().str2()}});
  if (api_restock)
    for (const auto& l : lines)
      move_stock(ctx, l["product_id"].get<int64_t>(), l["variation_id"].get<int64_t>(), -l["quantity"].get<int64_t>());
  if ((remaining - amount).is_zero()) order["status"] = "refunded";  // wc_order_fully_refunded
  s.touch(oit->second, ctx.now);
  s.emit("order", order_id, "updated");  // order.updated also fires on refunds
  return created_reply(s, rec.body, route_of(order_id));
}

Reply refund_get(Ctx& ctx, int64_t order_id, int64_t id) {
  Store& s = ctx.store;
  if (!s.orders.count(order_id)) return no_order();
  auto it = s.refunds.find(id);
  if (it == s.refunds.end() || s.refund_order[id] != order_id) return invalid_id();
  return Reply{200, it->second.body, {}};
}

// GET /refunds (WooCommerce 9.0+): every order's refunds, each with its order as `parent_id`, filtered by
// `parent` / `parent_exclude` (lists of order ids) besides the common listing parameters.
Reply all_refunds(Ctx& ctx, const Query& q) {
  Store& s = ctx.store;
  std::vector<std::string> parents = query_list(q, "parent"), excluded = query_list(q, "parent_exclude");
  std::vector<Record> copies;
  copies.reserve(s.refunds.size());
  std::vector<int64_t> ids;
  for (const auto& [id, r] : s.refunds) {
    std::string parent = std::to_string(s.refund_order[id]);
    if (!parents.empty() && std::find(parents.begin(), parents.end(), parent) == parents.end()) continue;
    if (std::find(excluded.begin(), excluded.end(), parent) != excluded.end()) continue;
    Record copy = r;
    copy.body["parent_id"] = s.refund_order[id];
    copies.push_back(std::move(copy));
    ids.push_back(id);
  }
  Rows rows;
  for (size_t i = 0; i < copies.size(); ++i) rows.emplace_back(ids[i], &copies[i]);
  ListSpec spec;
  spec.route = "/refunds";
  spec.orderby = {"date", "id", "include", "title", "slug", "modified"};
  return list_records(s, q, std::move(rows), spec);
}

Reply refund_list(Ctx& ctx, int64_t order_id, const Query& q) {
  Store& s = ctx.store;
  if (order_id == 0) return all_refunds(ctx, q);
  if (!s.orders.count(order_id)) return no_order();
  Rows rows;
  for (const auto& [id, r] : s.refunds)
    if (s.refund_order[id] == order_id) rows.emplace_back(id, &r);
  ListSpec spec;
  spec.route = route_of(order_id);
  spec.orderby = {"date", "id", "include", "title", "slug", "modified"};
  return list_records(s, q, std::move(rows), spec);
}

Reply refund_delete(Ctx& ctx, int64_t order_id, int64_t id, bool force) {
  Store& s = ctx.store;
  if (!s.orders.count(order_id)) return no_order();
  auto it = s.refunds.find(id);
  if (it == s.refunds.end() || s.refund_order[id] != order_id) return invalid_id();
  if (!force) return wc_error(501, "woocommerce_rest_trash_not_supported", "Refunds do not support trashing.");
  Reply r{200, it->second.body, {}};
  s.refunds.erase(it);
  s.refund_order.erase(id);
  Record& order = s.orders[order_id];
  Json& list = order.body["refunds"];
  list.erase(std::remove_if(list.begin(), list.end(), [&](const Json& e) { return e["id"] == id; }), list.end());
  s.touch(order, ctx.now);
  s.emit("order", order_id, "updated");
  return r;
}

Reply refund_update(Ctx&, int64_t, int64_t, const Json&) {
  return wc_error(404, "rest_no_route", "No route was found matching the URL and request method");
}

}  // namespace

Resource refunds_resource() { return Resource{"refunds", refund_create, refund_update, refund_delete, refund_get, refund_list}; }

}  // namespace woosim
