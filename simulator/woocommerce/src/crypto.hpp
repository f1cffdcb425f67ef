// The digests WooCommerce uses: HMAC-SHA1/SHA256 (OAuth 1.0a, webhook signatures), MD5 (gravatar urls,
// delivery ids), base64, and a constant-time comparison (hash_equals).
#pragma once

#include <string>

namespace woosim {

/// Raw HMAC digest; `algorithm` is "sha1" or "sha256" (empty result for anything else).
std::string hmac(const std::string& algorithm, const std::string& key, const std::string& data);
std::string base64(const std::string& bytes);
std::string md5_hex(const std::string& data);
/// PHP's hash_equals: compares without leaking where the first difference is.
bool same_bytes(const std::string& a, const std::string& b);
/// base64(HMAC-SHA256(body, secret)): WC_Webhook::generate_signature.
inline std::string webhook_signature(const std::string& body, const std::string& secret) {
  return base64(hmac("sha256", secret, body));
}

}  // namespace woosim
