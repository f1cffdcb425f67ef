// WC_REST_Authentication: Basic auth and query-string keys only over HTTPS, OAuth 1.0a one-legged
// (HMAC-SHA1/SHA256, key `secret&`, timestamp within 15 minutes, single-use nonces) otherwise, then the
// key's read/write scope. Error bodies are WooCommerce's.
#pragma once

#include "reply.hpp"
#include "store.hpp"

#include <optional>
#include <string>

namespace woosim {

struct AuthRequest {
  std::string method;          ///< GET, POST, PUT, PATCH, DELETE, OPTIONS, HEAD
  std::string raw_path;        ///< the path as sent, before any decoding
  Query query;                 ///< decoded query parameters
  Query form;                  ///< decoded form body parameters (x-www-form-urlencoded), else empty
  std::string authorization;   ///< the Authorization header
  bool https = false;          ///< whether the request counts as HTTPS (X-Forwarded-Proto or --assume-https)
};

struct AuthResult {
  bool authenticated = false;   ///< a key was accepted (and its scope allows the method)
  std::optional<Reply> error;   ///< a 401 to answer instead of running the route
};

/// Authenticates against the store's keys (the caller holds the store lock: nonces are recorded).
AuthResult authenticate(Store& store, const AuthRequest& request, int64_t now);

/// RFC 3986 percent-encoding as wc_rest_urlencode_rfc3986 does it (rawurlencode, '~' kept).
std::string rfc3986(const std::string& s);
/// Percent-decoding ('+' stays '+': PHP's rawurldecode).
std::string raw_url_decode(const std::string& s);

}  // namespace woosim
