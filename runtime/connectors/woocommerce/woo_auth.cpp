// OAuth 1.0a signature base strings and signing; auth mode names.
#include "woocommerce/woo_auth.hpp"

#include <algorithm>
#include <cctype>

#include "woocommerce/woo_crypto.hpp"

namespace syncloom::connectors::woo {

using http::url_encode;

std::optional<AuthMode> parse_auth_mode(std::string_view text, std::string_view base_url) {
  if (text.empty()) return base_url.starts_with("https://") ? AuthMode::kBasic : AuthMode::kOAuth1;
  if (text == "basic") return AuthMode::kBasic;
  if (text == "oauth1" || text == "oauth") return AuthMode::kOAuth1;
  if (text == "query") return AuthMode::kQuery;
  return std::nullopt;
}

const char* auth_mode_name(AuthMode mode) {
  switch (mode) {
    case AuthMode::kBasic: return "basic";
    case AuthMode::kOAuth1: return "oauth1";
    case AuthMode::kQuery: return "query";
  }
  return "basic";
}

namespace {

// Scheme and host lower case, default ports dropped (RFC 5849 §3.4.1.2).
std::string base_uri(std::string_view url) {
  size_t scheme_end = url.find("://");
  if (scheme_end == std::string_view::npos) return std::string(url);
  std::string scheme(url.substr(0, scheme_end));
  std::transform(scheme.begin(), scheme.end(), scheme.begin(), [](unsigned char c) { return std::tolower(c); });
  size_t host_start = scheme_end + 3;
  size_t path_start = url.find('/', host_start);
  std::string host(url.substr(host_start, path_start == std::string_view::npos ? url.npos : path_start - host_start));
  std::transform(host.begin(), host.end(), host.begin(), [](unsigned char c) { return std::tolower(c); });
  if ((scheme == "http" && host.ends_with(":80")) || (scheme == "https" && host.ends_with(":443")))
    host.erase(host.rfind(':'));
  std::string path = path_start == std::string_view::npos ? "/" : std::string(url.substr(path_start));
  return scheme + "://" + host + path;
}

}  // namespace

std::string oauth1_base_string(std::string_view method, std::string_view url, const Params& params) {
  std::vector<std::pair<std::string, std::string>> encoded;
  encoded.reserve(params.size());
  for (const auto& [name, value] : params) encoded.emplace_back(url_encode(name), url_encode(value));
  std::sort(encoded.begin(), encoded.end());  // by encoded name, then encoded value (§3.4.1.3.2)
  std::string normalized;
  for (const auto& [name, value] : encoded) {
    if (!normalized.empty()) normalized += '&';
    normalized += name + "=" + value;
  }
  std::string upper(method);
  std::transform(upper.begin(), upper.end(), upper.begin(), [](unsigned char c) { return std::toupper(c); });
  return upper + "&" + url_encode(base_uri(url)) + "&" + url_encode(normalized);
}

void oauth1_sign(std::string_view method, std::string_view url, Params& params, std::string_view consumer_key,
                 std::string_view consumer_secret, int64_t timestamp, std::string_view nonce) {
  params.emplace_back("oauth_consumer_key", std::string(consumer_key));
  params.emplace_back("oauth_nonce", std::string(nonce));
  params.emplace_back("oauth_signature_method", "HMAC-SHA256");
  params.emplace_back("oauth_timestamp", std::to_string(timestamp));
  // One-legged: no token, so the key is the consumer secret followed by "&" (RFC 5849 §3.4.2).
  std::string key = url_encode(consumer_secret) + "&";
  params.emplace_back("oauth_signature", base64(hmac_sha256(key, oauth1_base_string(method, url, params))));
}

std::string encode_query(const Params& params) {
  std::string out;
  for (const auto& [name, value] : params) {
    if (!out.empty()) out += '&';
    out += url_encode(name) + "=" + url_encode(value);
  }
  return out;
}

}  // namespace syncloom::connectors::woo
