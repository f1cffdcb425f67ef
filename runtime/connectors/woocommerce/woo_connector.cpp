// The WooCommerce connector: construction from syncloom.yaml, support, webhooks (receiving, polling,
// management) and `connectors check`.
#include "woocommerce/woo_connector.hpp"

#include "common/shape.hpp"
#include "woocommerce/woo_shape.hpp"
#include "woocommerce/woo_webhook.hpp"
#include "woocommerce/woocommerce_connector.hpp"

namespace syncloom::connectors {

std::unique_ptr<Connector> make_woocommerce_connector(const SystemConfig& config, const Environment& environment,
                                                      std::string* error) {
  auto fail = [&](std::string message) -> std::unique_ptr<Connector> {
    if (error) *error = std::move(message);
    return nullptr;
  };
  std::string url = config.url;
  while (url.ends_with("/")) url.pop_back();
  if (!url.starts_with("http://") && !url.starts_with("https://"))
    return fail(config.where("url") + ": `" + http::redact_url(url) + "` is not an http:// or https:// URL");
  woo::ApiSettings api;
  api.base_url = url;
  api.api_root = config.get("api_root", "/wp-json/wc/v3");
  auto mode = woo::parse_auth_mode(config.get("auth"), url);
  if (!mode) return fail(config.where("auth") + ": `" + config.get("auth") + "` is not one of basic, oauth1, query");
  if (*mode != woo::AuthMode::kOAuth1 && url.starts_with("http://"))
    return fail(config.where("auth") + ": " + woo::auth_mode_name(*mode) +
                " sends the keys in clear and WooCommerce accepts it over HTTPS only; use oauth1 for a plain-HTTP store");
  api.auth = *mode;
  api.consumer_key = config.secret("consumer_key");
  api.consumer_secret = config.secret("consumer_secret");
  if (api.consumer_key.empty()) return fail(config.where("consumer_key") + ": missing (the ck_... key of a REST API key)");
  if (api.consumer_secret.empty()) return fail(config.where("consumer_secret") + ": missing (the cs_... secret of a REST API key)");
  api.budget = config.budget;
  api.http.connect_timeout = config.connect_timeout;
  api.http.timeout = config.timeout;
  api.http.max_body_bytes = config.max_body_bytes;
  api.http.verify_tls = config.verify_tls;
  api.http.ca_file = config.get("ca_file");
  api.http.log = environment.request_log;
  api.http.faults = environment.faults;
  std::string why;
  auto schema = shape::load_system_schema("woocommerce", environment.schema_dir, &why);
  if (!schema) return fail("systems." + config.name + ": the woocommerce schema: " + why);
  return std::make_unique<woo::WooConnector>(config, std::move(schema), std::move(api), config.secret("webhook_secret"));
}

namespace woo {

WooConnector::WooConnector(SystemConfig config, std::shared_ptr<const schema::SystemSchema> schema, ApiSettings api,
                           Secret webhook_secret)
    : config_(std::move(config)), schema_(std::move(schema)), api_(std::move(api)), webhook_secret_(std::move(webhook_secret)) {}

std::vector<RecordSupport> WooConnector::support() const {
  std::vector<RecordSupport> out;
  for (const Resource& r : resources()) {
    RecordSupport s;
    s.record = r.record;
    s.get = true;
    s.find = !r.find_params.empty();
    s.list = !r.collection.empty();
    s.changes = s.list;
    s.create = s.update = s.upsert = true;
    s.batch_limit = r.batch ? 100 : 0;
    for (const auto& [relation, record] : r.relations) s.relations.push_back(relation);
    s.find_fields.push_back("id");
    for (const auto& [field, param] : r.find_params) s.find_fields.push_back(field);
    out.push_back(std::move(s));
  }
  return out;
}

WebhookResult WooConnector::receive(const WebhookDelivery& delivery) {
  WebhookResult result = receive_webhook(delivery, webhook_secret_, *schema_);
  api_.count_webhook(result.verdict);
  return result;
}

EventPage WooConnector::poll(const PollQuery& query) {
  EventPage out;
  std::string record = query.topic.substr(0, query.topic.find('.'));
  Page page = list({.record = record, .since = query.since, .overlap = query.overlap, .page = query.page, .filters = {}});
  out.outcome = page.outcome;
  out.next_page = page.next_page;
  out.high_water = page.high_water;
  for (Fetched& f : page.records) {
    Event event;
    event.topic = query.topic;
    event.record = record;
    event.id = f.id;
    event.occurred_at = f.version;
    event.dedupe_key = record + ":" + f.id + ":" + utc_to_gmt(f.version);
    event.json = std::move(f.json);
    out.events.push_back(std::move(event));
  }
  return out;
}

// WooCommerce's webhook topics are `resource.event` of orders, products, customers and coupons, and custom
// `action.*` hooks (API-FACTS.md, "Webhooks"). Refunds have none: `refund.created` is polled from GET /refunds.
std::string WooConnector::record_version(std::string_view, std::string_view json) const {
  auto parsed = wire::parse(json);
  if (!parsed.value || !parsed.value->is_object()) return {};
  const wire::Value& modified = parsed.value->at("date_modified_gmt");
  return modified.is_string() ? modified.text() : std::string();
}

bool WooConnector::pushes(std::string_view topic) const {
  if (topic.starts_with("action.")) return true;
  std::string_view resource = topic.substr(0, topic.find('.'));
  return resource == "order" || resource == "product" || resource == "customer" || resource == "coupon";
}

Subscriptions WooConnector::subscriptions() {
  Subscriptions out;
  for (unsigned page = 1;; ++page) {
    Reply reply = api_.call({.path = "webhooks", .query = {{"per_page", "100"}, {"page", std::to_string(page)}}});
    if (!reply.answer.outcome.ok()) {
      out.outcome = reply.answer.outcome;
      return out;
    }
    const wire::Value& items = reply.answer.body;
    for (const wire::Value& item : items.items()) {
      Subscription s;
      s.id = item.at("id").text();
      s.topic = item.at("topic").text();
      s.delivery_url = item.at("delivery_url").text();
      s.status = item.at("status").text();
      if (auto failures = item.at("failure_count").as_int64()) s.failures = static_cast<uint64_t>(*failures);
      out.subscriptions.push_back(std::move(s));
    }
    if (!items.is_array() || items.size() < 100) return out;
  }
}

namespace {

Written webhook_written(Reply reply) {
  Written written;
  written.outcome = reply.answer.outcome;
  if (!written.outcome.ok()) return written;
  written.id = reply.answer.body.at("id").text();
  written.json = wire::dump(reply.answer.body);
  return written;
}

}  // namespace

Written WooConnector::subscribe(std::string_view topic, std::string_view delivery_url) {
  if (webhook_secret_.empty()) {
    Written w;
    w.outcome = Outcome::permanent(config_.where("webhook_secret") + ": missing; a webhook without our secret cannot be verified",
                                   "missing_secret", "webhook_secret");
    return w;
  }
  // Always our own secret: WooCommerce otherwise generates one it never returns.
  wire::Value body = wire::Value::object();
  body.set("name", wire::Value::string("syncloom " + std::string(topic)));
  body.set("topic", wire::Value::string(std::string(topic)));
  body.set("delivery_url", wire::Value::string(std::string(delivery_url)));
  body.set("secret", wire::Value::string(std::string(webhook_secret_.reveal())));
  body.set("status", wire::Value::string("active"));
  Reply reply = api_.call({.method = "POST", .path = "webhooks", .body = wire::dump(body)});
  Written written = webhook_written(std::move(reply));
  written.created = written.outcome.ok();
  written.json.clear();  // the answer may echo the secret
  return written;
}

Written WooConnector::reactivate(std::string_view subscription_id) {
  Reply reply = api_.call({.method = "PUT", .path = "webhooks/" + std::string(subscription_id), .body = R"({"status":"active"})"});
  Written written = webhook_written(std::move(reply));
  written.json.clear();
  return written;
}

std::vector<CheckStep> WooConnector::check() {
  std::vector<CheckStep> steps;
  for (const char* collection : {"orders", "products"}) {
    Reply reply = api_.call({.path = collection, .query = {{"per_page", "1"}}});
    CheckStep step{std::string("authenticate (") + auth_mode_name(api_.settings().auth) + ") and read " + collection,
                   reply.answer.outcome, ""};
    if (step.outcome.ok()) {
      const std::string* total = reply.header("X-WP-Total");
      step.detail = (total ? *total : std::string("?")) + " " + collection;
    }
    steps.push_back(std::move(step));
  }
  Subscriptions subs = subscriptions();
  CheckStep hooks{"list webhooks", subs.outcome, ""};
  if (subs.outcome.ok()) {
    size_t disabled = 0;
    for (const Subscription& s : subs.subscriptions) disabled += s.status == "disabled";
    hooks.detail = std::to_string(subs.subscriptions.size()) + " webhooks, " + std::to_string(disabled) + " disabled";
  }
  steps.push_back(std::move(hooks));
  return steps;
}

}  // namespace woo
}  // namespace syncloom::connectors
