// Verifying and decoding WooCommerce webhook deliveries: the signature is checked over the raw bytes,
// in constant time, before anything is parsed.
#pragma once
#include "syncloom/connectors/connector.hpp"
#include "syncloom/schema/schema.hpp"

namespace syncloom::connectors::woo {

/// Verifies `delivery` against `secret` and turns it into events in the schema's shape.
/// Order: ping (unsigned `webhook_id=N` form body) -> unsigned -> Content-Length longer than the body
/// (truncated) -> signature (forged) -> JSON (cut-off: truncated; other errors or an unknown topic:
/// malformed) -> the event, deduplicated by resource, id and date_modified_gmt (else a body hash).
WebhookResult receive_webhook(const WebhookDelivery& delivery, const Secret& secret, const schema::SystemSchema& schema);

/// base64(HMAC-SHA256(body, secret)): what X-WC-Webhook-Signature carries.
std::string webhook_signature(std::string_view body, std::string_view secret);

}  // namespace syncloom::connectors::woo
