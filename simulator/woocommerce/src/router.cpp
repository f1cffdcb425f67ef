// route_request: the route table, the namespace index and the permission errors of unauthenticated calls.
#include "router.hpp"

#include "batch.hpp"
#include "listing.hpp"
#include "resource.hpp"

#include <algorithm>
#include <cctype>
#include <vector>

namespace woosim {
namespace {

enum class Op { list, create, get, update, remove, batch };

struct Match {
  const Resource* resource = nullptr;
  Op op = Op::get;
  int64_t parent = 0, id = 0;
};

struct Routes {
  Resource orders = orders_resource(), refunds = refunds_resource(), products = products_resource(),
           variations = variations_resource(), customers = customers_resource(), coupons = coupons_resource(),
           webhooks = webhooks_resource();
};

const Routes& routes() {
  static const Routes r;  // immutable after construction: shared by all threads
  return r;
}

bool is_id(const std::string& s) { return !s.empty() && s.size() < 18 && std::all_of(s.begin(), s.end(), ::isdigit); }

// Op for a collection (`item` false) or an item route and an HTTP method; false when the method has no handler.
bool op_for(const std::string& method, bool item, bool batch, Op& op, bool deletable = true, bool updatable = true) {
  if (batch) { op = Op::batch; return method == "POST" || method == "PUT" || method == "PATCH"; }
  if (!item) {
    if (method == "GET" || method == "HEAD") { op = Op::list; return true; }
    if (method == "POST") { op = Op::create; return true; }
    return false;
  }
  if (method == "GET" || method == "HEAD") { op = Op::get; return true; }
  if (updatable && (method == "POST" || method == "PUT" || method == "PATCH")) { op = Op::update; return true; }
  if (deletable && method == "DELETE") { op = Op::remove; return true; }
  return false;
}

bool match(const std::vector<std::string>& seg, const std::string& method, Match& m) {
  const Routes& r = routes();
  if (seg.size() < 3) return false;
  const std::string& name = seg[2];
  const Resource* top = name == "orders" ? &r.orders : name == "products" ? &r.products : name == "customers" ? &r.customers
                        : name == "coupons" ? &r.coupons : name == "webhooks" ? &r.webhooks : nullptr;
  size_t n = seg.size();
  if (!top && name == "refunds" && n == 3) {  // GET /refunds: every order's refunds (WooCommerce 9.0+)
    m.resource = &r.refunds;
    m.parent = 0;
    return method == "GET" || method == "HEAD" ? (m.op = Op::list, true) : false;
  }
  if (!top) return false;
  if (n == 3) { m.resource = top; return op_for(method, false, false, m.op); }
  if (n == 4 && seg[3] == "batch") { m.resource = top; return op_for(method, false, true, m.op); }
  if (!is_id(seg[3])) return false;
  int64_t first = std::stoll(seg[3]);
  if (n == 4) { m.resource = top; m.id = first; return op_for(method, true, false, m.op); }
  const Resource* child = name == "orders" && seg[4] == "refunds" ? &r.refunds : name == "products" && seg[4] == "variations" ? &r.variations : nullptr;
  if (!child) return false;
  m.resource = child;
  m.parent = first;
  if (n == 5) return op_for(method, false, false, m.op);
  if (n == 6 && seg[5] == "batch" && child == &r.variations) return op_for(method, false, true, m.op);
  if (n == 6 && is_id(seg[5])) {
    m.id = std::stoll(seg[5]);
    return op_for(method, true, false, m.op, true, child == &r.variations);
  }
  return false;
}

Reply no_route() { return wc_error(404, "rest_no_route", "No route was found matching the URL and request method"); }

Reply forbidden(Op op) {
  switch (op) {
    case Op::list: return wc_error(401, "woocommerce_rest_cannot_view", "Sorry, you cannot list resources.");
    case Op::get: return wc_error(401, "woocommerce_rest_cannot_view", "Sorry, you cannot view this resource.");
    case Op::create: return wc_error(401, "woocommerce_rest_cannot_create", "Sorry, you are not allowed to create resources.");
    case Op::update: return wc_error(401, "woocommerce_rest_cannot_edit", "Sorry, you are not allowed to edit this resource.");
    case Op::remove: return wc_error(401, "woocommerce_rest_cannot_delete", "Sorry, you are not allowed to delete this resource.");
    case Op::batch: return wc_error(401, "woocommerce_rest_cannot_batch", "Sorry, you are not allowed to batch manipulate this resource.");
  }
  return no_route();
}

// GET /wp-json/wc/v3: the namespace and its routes, as WordPress's index lists them (args left out).
Reply index(const Store& s) {
  struct R { const char* route; std::vector<const char*> methods; bool link; };
  const R table[] = {
      {"/wc/v3", {"GET"}, true},
      {"/wc/v3/coupons", {"GET", "POST"}, true}, {"/wc/v3/coupons/(?P<id>[\\d]+)", {"GET", "POST", "PUT", "PATCH", "DELETE"}, false},
      {"/wc/v3/coupons/batch", {"POST", "PUT", "PATCH"}, true},
      {"/wc/v3/customers", {"GET", "POST"}, true}, {"/wc/v3/customers/(?P<id>[\\d]+)", {"GET", "POST", "PUT", "PATCH", "DELETE"}, false},
      {"/wc/v3/customers/batch", {"POST", "PUT", "PATCH"}, true},
      {"/wc/v3/orders", {"GET", "POST"}, true}, {"/wc/v3/orders/(?P<id>[\\d]+)", {"GET", "POST", "PUT", "PATCH", "DELETE"}, false},
      {"/wc/v3/orders/batch", {"POST", "PUT", "PATCH"}, true},
      {"/wc/v3/orders/(?P<order_id>[\\d]+)/refunds", {"GET", "POST"}, false},
      {"/wc/v3/refunds", {"GET"}, true},
      {"/wc/v3/orders/(?P<order_id>[\\d]+)/refunds/(?P<id>[\\d]+)", {"GET", "DELETE"}, false},
      {"/wc/v3/products", {"GET", "POST"}, true}, {"/wc/v3/products/(?P<id>[\\d]+)", {"GET", "POST", "PUT", "PATCH", "DELETE"}, false},
      {"/wc/v3/products/batch", {"POST", "PUT", "PATCH"}, true},
      {"/wc/v3/products/(?P<product_id>[\\d]+)/variations", {"GET", "POST"}, false},
      {"/wc/v3/products/(?P<product_id>[\\d]+)/variations/(?P<id>[\\d]+)", {"GET", "POST", "PUT", "PATCH", "DELETE"}, false},
      {"/wc/v3/products/(?P<product_id>[\\d]+)/variations/batch", {"POST", "PUT", "PATCH"}, false},
      {"/wc/v3/webhooks", {"GET", "POST"}, true}, {"/wc/v3/webhooks/(?P<id>[\\d]+)", {"GET", "POST", "PUT", "PATCH", "DELETE"}, false},
      {"/wc/v3/webhooks/batch", {"POST", "PUT", "PATCH"}, true},
  };
  Json routes_json = Json::object();
  for (const auto& r : table) {
    Json entry{{"namespace", "wc/v3"}, {"methods", Json::array()}, {"endpoints", Json::array()}};
    for (const char* m : r.methods) entry["methods"].push_back(m);
    entry["endpoints"].push_back(Json{{"methods", entry["methods"]}, {"args", Json::object()}});
    if (r.link) entry["_links"] = Json{{"self", Json::array({Json{{"href", s.site + "/wp-json" + r.route}}})}};
    routes_json[r.route] = entry;
  }
  Json body{{"namespace", "wc/v3"}, {"routes", routes_json},
            {"_links", Json{{"up", Json::array({Json{{"href", s.site + "/wp-json/"}}})}}}};
  return Reply{200, body, {}};
}

bool truthy(const std::string& v) { return v == "true" || v == "1" || v == "yes"; }

}  // namespace

Reply route_request(Store& store, const ApiRequest& req) {
  int64_t now = store.clock->now();
  AuthResult auth = authenticate(store, req.auth, now);
  if (auth.error) return *auth.error;  // WordPress checks authentication before it matches routes
  std::vector<std::string> seg = path_segments(req.route);
  if (seg.size() == 2 && seg[0] == "wc" && seg[1] == "v3" && (req.auth.method == "GET" || req.auth.method == "HEAD")) return index(store);
  Match m;
  if (seg.size() < 2 || seg[0] != "wc" || seg[1] != "v3" || !match(seg, req.auth.method, m)) return no_route();
  Ctx ctx{store, now};
  if (!auth.authenticated) {
    // WordPress validates a route's arguments before its permission callback: a bad per_page is a 400 even
    // without credentials. Lists are read-only, so running one to learn that is safe.
    if (m.op == Op::list) {
      Reply r = m.resource->list(ctx, m.parent, req.auth.query);
      if (r.status == 400) return r;
    }
    return forbidden(m.op);
  }
  if (req.bad_json)
    return wc_error(400, "rest_invalid_json", "Invalid JSON body passed.", Json{{"json_error_code", 4}, {"json_error_message", "Syntax error"}});
  // WordPress merges query arguments into the body's: `?status=completed` works on a PUT as well.
  Json body = req.body.is_object() ? req.body : Json::object();
  for (const auto& [k, v] : req.auth.query)
    if (!body.contains(k) && k.rfind("oauth_", 0) != 0 && k != "consumer_key" && k != "consumer_secret" && k.find('[') == std::string::npos)
      body[k] = v;
  Reply r;
  switch (m.op) {
    case Op::list: r = m.resource->list(ctx, m.parent, req.auth.query); break;
    case Op::create: r = m.resource->create(ctx, m.parent, body); break;
    case Op::get: r = m.resource->get(ctx, m.parent, m.id); break;
    case Op::update: r = m.resource->update(ctx, m.parent, m.id, body); break;
    case Op::remove: {
      std::string force = body.contains("force") ? (body["force"].is_boolean() ? (body["force"].get<bool>() ? "true" : "false") : body["force"].is_string() ? body["force"].get<std::string>() : "") : "";
      r = m.resource->remove(ctx, m.parent, m.id, truthy(force));
      break;
    }
    case Op::batch: r = run_batch(ctx, *m.resource, m.parent, req.body); break;
  }
  if (r.ok() && m.op != Op::list) apply_fields(r.body, req.auth.query);
  return r;
}

}  // namespace woosim
