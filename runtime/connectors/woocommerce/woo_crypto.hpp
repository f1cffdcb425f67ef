// HMAC-SHA256, SHA-256 and base64 (OpenSSL) for OAuth 1.0a signatures and webhook verification.
#pragma once
#include <string>
#include <string_view>

namespace syncloom::connectors::woo {

/// The raw 32-byte HMAC-SHA256 digest of `data` under `key`.
std::string hmac_sha256(std::string_view key, std::string_view data);
/// Hex of SHA-256 (dedupe keys of deliveries without a modification instant).
std::string sha256_hex(std::string_view data);
/// Standard base64 with padding.
std::string base64(std::string_view bytes);
/// 32 hex characters from the system's random source (OAuth nonces).
std::string random_nonce();

}  // namespace syncloom::connectors::woo
