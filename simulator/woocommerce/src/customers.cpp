// wc/v3 customers (WordPress users with the customer role): create (email required and unique), update,
// delete (force only), get, list with email/role/search filters ordered by name, id, include or registered_date.
#include "body_fields.hpp"
#include "crypto.hpp"
#include "listing.hpp"
#include "resource.hpp"

#include <algorithm>
#include <cctype>

namespace woosim {
namespace {

Reply invalid_id(int status) { return wc_error(status, "woocommerce_rest_invalid_id", "Invalid resource ID."); }

Json new_customer_body(Store& s, int64_t id) {
  Json c = Json::object();
  c["id"] = id;
  for (const char* d : {"date_created", "date_created_gmt", "date_modified", "date_modified_gmt"}) c[d] = nullptr;
  c["email"] = "";
  c["first_name"] = "";
  c["last_name"] = "";
  c["role"] = "customer";
  c["username"] = "";
  c["billing"] = empty_address(true);
  c["shipping"] = empty_address(false);
  c["is_paying_customer"] = false;
  c["avatar_url"] = "";
  c["meta_data"] = Json::array();
  c["_links"] = s.links("/customers/" + std::to_string(id), "/customers");
  return c;
}

bool email_taken(const Store& s, const std::string& email, int64_t self) {
  for (const auto& [id, r] : s.customers)
    if (id != self && lowercase(r.body["email"].get<std::string>()) == lowercase(email)) return true;
  return false;
}

Reply apply_request(Store& s, Json& c, const Json& req, int64_t id) {
  BodyCheck check;
  auto email = check.str(req, "email");
  for (const char* k : {"first_name", "last_name"})
    if (auto v = check.str(req, k)) c[k] = *v;
  auto username = check.str(req, "username");
  if (!check.ok()) return check.reply();
  if (email) {
    if (email->find('@') == std::string::npos) return wc_error(400, "rest_invalid_param", "Invalid parameter(s): email", Json{{"params", Json{{"email", "Invalid email address."}}}});
    if (email_taken(s, *email, id))
      return wc_error(400, "registration-error-email-exists",
                      "An account is already registered with your email address. <a href=\"#\" class=\"showlogin\">Please log in.</a>");
    c["email"] = *email;
    c["avatar_url"] = "https://secure.gravatar.com/avatar/" + md5_hex(lowercase(*email)) + "?s=96&d=mm&r=g";
  }
  if (username && c["username"] == "") c["username"] = *username;
  if (c["username"] == "") c["username"] = c["email"].get<std::string>().substr(0, c["email"].get<std::string>().find('@'));
  if (req.contains("billing")) merge_address(c["billing"], req["billing"]);
  if (req.contains("shipping")) merge_address(c["shipping"], req["shipping"]);
  if (req.contains("meta_data")) merge_meta(s, c["meta_data"], req["meta_data"]);
  return Reply{};
}

Reply customer_create(Ctx& ctx, int64_t, const Json& req) {
  Store& s = ctx.store;
  if (req.contains("id")) return wc_error(400, "woocommerce_rest_customer_exists", "Cannot create existing resource.");
  if (!req.contains("email") || !req["email"].is_string() || req["email"].get<std::string>().empty()) return missing_params({"email"});
  SequenceGuard ids(s);
  int64_t id = s.next_user++;
  Record rec;
  rec.body = new_customer_body(s, id);
  s.stamp_new(rec, ctx.now);
  Reply r = apply_request(s, rec.body, req, id);
  if (!r.ok()) return r;
  ids.commit();
  auto& stored = s.customers[id] = std::move(rec);
  s.emit("customer", id, "created");
  return created_reply(s, stored.body, "/customers");
}

Reply customer_update(Ctx& ctx, int64_t, int64_t id, const Json& req) {
  return update_record(ctx, ctx.store.customers, id, invalid_id(400), "customer",
                       [&](Json& draft) { return apply_request(ctx.store, draft, req, id); });
}

Reply customer_get(Ctx& ctx, int64_t, int64_t id) {
  auto it = ctx.store.customers.find(id);
  if (it == ctx.store.customers.end()) return invalid_id(404);
  return Reply{200, it->second.body, {}};
}

Reply customer_list(Ctx& ctx, int64_t, const Query& q) {
  Store& s = ctx.store;
  std::vector<InvalidParam> bad;
  auto roles = enum_param(q, "role", {"all", "administrator", "editor", "author", "contributor", "subscriber", "customer", "shop_manager"}, bad);
  if (!bad.empty()) return invalid_params(bad);
  std::string email = lowercase(query_get(q, "email"));
  std::string role = roles.empty() ? "customer" : roles.front();
  Rows rows;
  for (const auto& [id, r] : s.customers) {
    if (!email.empty() && lowercase(r.body["email"].get<std::string>()) != email) continue;
    if (role != "all" && r.body["role"] != role) continue;
    rows.emplace_back(id, &r);
  }
  ListSpec spec;
  spec.route = "/customers";
  spec.orderby = {"id", "include", "name", "registered_date"};
  spec.default_orderby = "name";
  spec.default_order = "asc";
  spec.title = [](const Record& r) { return r.body["username"].get<std::string>(); };  // WP_User_Query orders "name" by display name = login
  spec.search = [](const Record& r) {
    return r.body["email"].get<std::string>() + " " + r.body["username"].get<std::string>() + " " +
           r.body["first_name"].get<std::string>() + " " + r.body["last_name"].get<std::string>();
  };
  return list_records(s, q, std::move(rows), spec);
}

Reply customer_delete(Ctx& ctx, int64_t, int64_t id, bool force) {
  Store& s = ctx.store;
  auto it = s.customers.find(id);
  if (it == s.customers.end()) return invalid_id(404);
  if (!force) return wc_error(501, "woocommerce_rest_trash_not_supported", "Customers do not support trashing.");
  Reply r{200, it->second.body, {}};
  s.customers.erase(it);
  s.emit("customer", id, "deleted", Json{{"id", id}});
  return r;
}

}  // namespace

Resource customers_resource() {
  return Resource{"customers", customer_create, customer_update, customer_delete, customer_get, customer_list};
}

}  // namespace woosim
