// Webhook verification and decoding.
#include "woocommerce/woo_webhook.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cstdint>

#include "syncloom/wire/value.hpp"
#include "woocommerce/woo_crypto.hpp"
#include "woocommerce/woo_shape.hpp"

namespace syncloom::connectors::woo {
namespace {

const std::string* find_header(std::span<const Header> headers, std::string_view name) {
  for (const Header& h : headers)
    if (h.name.size() == name.size() &&
        std::equal(h.name.begin(), h.name.end(), name.begin(),
                   [](unsigned char a, unsigned char b) { return std::tolower(a) == std::tolower(b); }))
      return &h.value;
  return nullptr;
}

bool is_ping(std::string_view body) {
  if (!body.starts_with("webhook_id=")) return false;
  std::string_view id = body.substr(11);
  return !id.empty() && std::all_of(id.begin(), id.end(), [](unsigned char c) { return std::isdigit(c); });
}

WebhookResult refuse(WebhookVerdict verdict, int status, std::string reason) {
  WebhookResult result;
  result.verdict = verdict;
  result.http_status = status;
  result.reason = std::move(reason);
  return result;
}

std::string id_text(const wire::Value& id) {
  if (id.is_number() || id.is_string()) return id.text();
  return {};
}

}  // namespace

std::string webhook_signature(std::string_view body, std::string_view secret) {
  return base64(hmac_sha256(secret, body));
}

WebhookResult receive_webhook(const WebhookDelivery& delivery, const Secret& secret, const schema::SystemSchema& schema) {
  const std::string* signature = find_header(delivery.headers, "X-WC-Webhook-Signature");
  // 1. The creation ping carries no X-WC-* header and no signature: answer 200, nothing to do.
  if (!signature) {
    if (is_ping(delivery.body) && !find_header(delivery.headers, "X-WC-Webhook-Topic")) {
      WebhookResult ping;
      ping.verdict = WebhookVerdict::kPing;
      return ping;
    }
    return refuse(WebhookVerdict::kUnsigned, 401, "no X-WC-Webhook-Signature header");
  }
  // 2. A body shorter than announced was cut off on the way: its signature cannot match anyway, and the
  // sender should learn that the delivery failed rather than that it was forged.
  if (const std::string* length = find_header(delivery.headers, "Content-Length")) {
    // Digits only; a number too large for size_t announces more than any body we hold (and must not
    // throw, as std::stoull would).
    uint64_t announced = 0;
    auto [end, ec] = std::from_chars(length->data(), length->data() + length->size(), announced);
    bool number = !length->empty() && end == length->data() + length->size() &&
                  (ec == std::errc() || ec == std::errc::result_out_of_range);
    if (ec == std::errc::result_out_of_range) announced = UINT64_MAX;
    if (number && announced > delivery.body.size())
      return refuse(WebhookVerdict::kTruncated, 400,
                    "body of " + std::to_string(delivery.body.size()) + " bytes, Content-Length " + *length);
  }
  // 3. The signature over the raw bytes, compared in constant time, before any parsing.
  if (secret.empty()) return refuse(WebhookVerdict::kForged, 401, "no webhook_secret configured");
  if (!constant_time_equal(webhook_signature(delivery.body, secret.reveal()), *signature))
    return refuse(WebhookVerdict::kForged, 401, "X-WC-Webhook-Signature does not match the body");

  // 4. Parse; JSON that stops early is a truncated delivery, anything else that is not a record malformed.
  auto parsed = wire::parse(delivery.body);
  if (!parsed.value) {
    // The parser reports an unterminated string at its opening quote, other cut-offs at the end.
    bool cut_off = parsed.offset >= delivery.body.size() || parsed.error.find("unterminated") != std::string::npos;
    return refuse(cut_off ? WebhookVerdict::kTruncated : WebhookVerdict::kMalformed, 400,
                  std::string(cut_off ? "cut-off JSON: " : "invalid JSON: ") + parsed.error);
  }
  const std::string* topic_header = find_header(delivery.headers, "X-WC-Webhook-Topic");
  std::string topic = topic_header ? *topic_header : "";
  if (std::find(schema.topics.begin(), schema.topics.end(), topic) == schema.topics.end())
    return refuse(WebhookVerdict::kMalformed, 200, "topic `" + topic + "` is not one the schema knows");
  std::string record = topic.substr(0, topic.find('.'));
  std::string event = topic.substr(topic.find('.') + 1);
  wire::Value& body = *parsed.value;
  std::string id = body.is_object() ? id_text(body.at("id")) : "";
  const schema::RecordSchema* record_schema = schema.find_record(record);
  if (id.empty() || !record_schema)
    return refuse(WebhookVerdict::kMalformed, 200, "a " + topic + " delivery without a record id");

  // 5. The event. The dedupe key never uses X-WC-Webhook-Delivery-ID (a hash of webhook id and second).
  Event out;
  out.topic = topic;
  out.record = record;
  out.id = id;
  out.deleted = event == "deleted";
  const wire::Value& modified = body.at("date_modified_gmt");
  if (modified.is_string() && !modified.text().empty()) {
    out.occurred_at = gmt_to_utc(modified.text());
    out.dedupe_key = record + ":" + id + ":" + modified.text();
  } else {
    out.dedupe_key = record + ":" + id + ":sha256:" + sha256_hex(delivery.body);
  }
  if (out.deleted) {
    wire::Value only_id = wire::Value::object();
    only_id.set("id", body.at("id"));
    out.json = wire::dump(only_id);
  } else {
    wire_to_shape(*record_schema->type, body);
    out.json = wire::dump(body);
  }
  WebhookResult result;
  result.events.push_back(std::move(out));
  return result;
}

}  // namespace syncloom::connectors::woo
