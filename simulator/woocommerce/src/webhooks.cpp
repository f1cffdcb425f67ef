// wc/v3 webhooks: create (topic and delivery_url validated; an active webhook is pinged), update (a changed
// delivery URL pings again; re-activating keeps the failure count, as WooCommerce's controller does, so one
// more failure disables it again and a success clears it), delete (force only), get, list by status.
// The secret is write-only and never returned, as in WooCommerce.
#include "body_fields.hpp"
#include "delivery.hpp"
#include "listing.hpp"
#include "resource.hpp"
#include "webhook_topics.hpp"

#include <cstdio>

namespace woosim {
namespace {

Reply invalid_id(int status) { return wc_error(status, "woocommerce_rest_webhook_invalid_id", "Invalid ID."); }

std::string created_on(const SiteZone& zone, int64_t now) {
  // 'M d, Y @ h:i A' in site time.
  static const char* months[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  std::string local = zone.local(now);  // YYYY-MM-DDTHH:MM:SS
  int y = std::stoi(local.substr(0, 4)), mo = std::stoi(local.substr(5, 2)), d = std::stoi(local.substr(8, 2));
  int h = std::stoi(local.substr(11, 2)), mi = std::stoi(local.substr(14, 2));
  char buf[64];
  std::snprintf(buf, sizeof buf, "Webhook created on %s %02d, %04d @ %02d:%02d %s", months[mo - 1], d, y, h % 12 == 0 ? 12 : h % 12, mi,
                h < 12 ? "AM" : "PM");
  return buf;
}

Json new_webhook_body(Store& s, int64_t id) {
  Json w = Json::object();
  w["id"] = id;
  w["name"] = "";
  w["status"] = "active";
  w["topic"] = "";
  w["resource"] = "";
  w["event"] = "";
  w["hooks"] = Json::array();
  w["delivery_url"] = "";
  for (const char* d : {"date_created", "date_created_gmt", "date_modified", "date_modified_gmt"}) w[d] = nullptr;
  w["_links"] = s.links("/webhooks/" + std::to_string(id), "/webhooks");
  return w;
}

bool valid_url(const std::string& url) { return url.rfind("http://", 0) == 0 || url.rfind("https://", 0) == 0; }

Reply apply_request(Ctx& ctx, Json& w, const Json& req, bool& ping) {
  BodyCheck c;
  auto topic = c.str(req, "topic");
  auto url = c.str(req, "delivery_url");
  auto status = c.one_of(req, "status", {"active", "paused", "disabled"});
  auto name = c.str(req, "name");
  if (!c.ok()) return c.reply();
  if (topic) {
    TopicInfo info;
    if (!parse_topic(*topic, info))
      return wc_error(400, "woocommerce_rest_webhook_invalid_topic", "Webhook topic is required and must be valid.");
    w["topic"] = *topic;
    w["resource"] = info.resource;
    w["event"] = info.event;
    w["hooks"] = info.hooks;
  }
  if (url) {
    if (!valid_url(*url))
      return wc_error(400, "woocommerce_rest_webhook_invalid_delivery_url",
                      "Webhook delivery URL must be a valid URL starting with http:// or https://.");
    ping = ping || w["delivery_url"] != *url;
    w["delivery_url"] = *url;
  }
  if (status) w["status"] = *status;
  if (name) w["name"] = *name;
  return Reply{};
}

Reply webhook_create(Ctx& ctx, int64_t, const Json& req) {
  Store& s = ctx.store;
  if (!req.contains("topic") || !req.contains("delivery_url")) {
    std::vector<std::string> missing;
    for (const char* k : {"topic", "delivery_url"})
      if (!req.contains(k)) missing.push_back(k);
    return missing_params(missing);
  }
  int64_t id = s.next_webhook;
  Record rec;
  rec.body = new_webhook_body(s, id);
  s.stamp_new(rec, ctx.now);
  bool ping = true;
  Reply r = apply_request(ctx, rec.body, req, ping);
  if (!r.ok()) return r;
  if (rec.body["name"] == "") rec.body["name"] = created_on(*s.zone, ctx.now);
  BodyCheck c;
  std::string secret = c.str(req, "secret").value_or("");
  s.next_webhook++;
  s.hook_state[id] = WebhookState{secret.empty() ? s.default_webhook_secret : secret, 0, 0};
  auto& stored = s.webhooks[id] = std::move(rec);
  if (stored.body["status"] == "active" && s.deliveries) s.deliveries->enqueue_ping(id, stored.body["delivery_url"].get<std::string>());
  return created_reply(s, stored.body, "/webhooks");
}

Reply webhook_update(Ctx& ctx, int64_t, int64_t id, const Json& req) {
  Store& s = ctx.store;
  auto it = s.webhooks.find(id);
  if (it == s.webhooks.end()) return invalid_id(400);
  Json draft = it->second.body;
  bool ping = false;
  Reply r = apply_request(ctx, draft, req, ping);
  if (!r.ok()) return r;
  it->second.body = std::move(draft);
  BodyCheck c;
  if (auto secret = c.str(req, "secret"); secret && !secret->empty()) s.hook_state[id].secret = *secret;
  s.touch(it->second, ctx.now);
  if (ping && it->second.body["status"] == "active" && s.deliveries) s.deliveries->enqueue_ping(id, it->second.body["delivery_url"].get<std::string>());
  return Reply{200, it->second.body, {}};
}

Reply webhook_get(Ctx& ctx, int64_t, int64_t id) {
  auto it = ctx.store.webhooks.find(id);
  if (it == ctx.store.webhooks.end()) return invalid_id(404);
  return Reply{200, it->second.body, {}};
}

Reply webhook_list(Ctx& ctx, int64_t, const Query& q) {
  Store& s = ctx.store;
  std::vector<InvalidParam> bad;
  auto status = enum_param(q, "status", {"all", "active", "paused", "disabled"}, bad);
  if (!bad.empty()) return invalid_params(bad);
  Rows rows;
  for (const auto& [id, r] : s.webhooks)
    if (status.empty() || status.front() == "all" || r.body["status"] == status.front()) rows.emplace_back(id, &r);
  ListSpec spec;
  spec.route = "/webhooks";
  spec.orderby = {"date", "id", "include", "title"};
  spec.title = [](const Record& r) { return r.body["name"].get<std::string>(); };
  spec.search = spec.title;
  return list_records(s, q, std::move(rows), spec);
}

Reply webhook_delete(Ctx& ctx, int64_t, int64_t id, bool force) {
  Store& s = ctx.store;
  auto it = s.webhooks.find(id);
  if (it == s.webhooks.end()) return invalid_id(404);
  if (!force) return wc_error(501, "woocommerce_rest_trash_not_supported", "Webhooks do not support trashing.");
  Reply r{200, it->second.body, {}};
  s.webhooks.erase(it);
  s.hook_state.erase(id);
  return r;
}

}  // namespace

Resource webhooks_resource() { return Resource{"webhooks", webhook_create, webhook_update, webhook_delete, webhook_get, webhook_list}; }

}  // namespace woosim
