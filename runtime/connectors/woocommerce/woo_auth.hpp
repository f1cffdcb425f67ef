// WooCommerce authentication: Basic over HTTPS, OAuth 1.0a one-legged (HMAC-SHA256) over plain HTTP, or
// the keys in the query string (for HTTPS hosts that strip the Authorization header).
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "syncloom/http/client.hpp"

namespace syncloom::connectors::woo {

enum class AuthMode : unsigned char {
  kBasic,   ///< Authorization: Basic base64(ck:cs); HTTPS only (WordPress refuses it over HTTP)
  kOAuth1,  ///< oauth_* query parameters signed with HMAC-SHA256, key "cs&"; plain HTTP
  kQuery,   ///< consumer_key / consumer_secret query parameters; HTTPS only
};

/// "basic", "oauth1", "query"; "" chooses by the URL scheme (https: basic, http: oauth1).
std::optional<AuthMode> parse_auth_mode(std::string_view text, std::string_view base_url);
const char* auth_mode_name(AuthMode mode);

using Params = std::vector<std::pair<std::string, std::string>>;  ///< unencoded name/value pairs

/// RFC 5849 §3.4.1: METHOD & enc(base URI) & enc(sorted "enc(k)=enc(v)" joined by "&"). `url` is the
/// request URL without its query; its scheme and host are lower-cased and a default port dropped.
std::string oauth1_base_string(std::string_view method, std::string_view url, const Params& params);

/// Adds oauth_consumer_key, _timestamp, _nonce, _signature_method (HMAC-SHA256) and _signature to
/// `params`, signing them together with the request's own query parameters.
void oauth1_sign(std::string_view method, std::string_view url, Params& params, std::string_view consumer_key,
                 std::string_view consumer_secret, int64_t timestamp, std::string_view nonce);

/// "a=1&b=x%20y": each name and value percent-encoded (RFC 3986).
std::string encode_query(const Params& params);

}  // namespace syncloom::connectors::woo
