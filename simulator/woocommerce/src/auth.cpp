// authenticate(): Basic, query keys, OAuth 1.0a, scopes.
#include "auth.hpp"

#include "crypto.hpp"

#include <algorithm>
#include <map>
#include <regex>

namespace woosim {
namespace {

Reply auth_error(const std::string& message) { return wc_error(401, "woocommerce_rest_authentication_error", message); }

std::string base64_decode(const std::string& in) {
  static const std::string chars = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  int val = 0, bits = -8;
  for (char c : in) {
    size_t pos = chars.find(c);
    if (pos == std::string::npos) break;
    val = (val << 6) + static_cast<int>(pos);
    bits += 6;
    if (bits >= 0) { out += static_cast<char>((val >> bits) & 0xFF); bits -= 8; }
  }
  return out;
}

// PHP's $_GET as an array: `a[]=x&a[]=y` and `a[k]=x` become nested entries; a plain key repeated keeps the last.
using PhpParams = std::map<std::string, std::vector<std::pair<std::string, std::string>>>;  // key -> [(index, value)]

void add_php_param(PhpParams& out, const std::string& key, const std::string& value) {
  size_t open = key.find('[');
  if (open != std::string::npos && open > 0 && key.back() == ']') {
    std::string base = key.substr(0, open), index = key.substr(open + 1, key.size() - open - 2);
    auto& list = out[base];
    if (index.empty()) index = std::to_string(list.size());
    list.emplace_back(index, value);
  } else {
    out[key] = {{"", value}};
  }
}

// The OAuth signature base string WC_REST_Authentication::check_oauth_signature builds.
std::string string_to_sign(const AuthRequest& r, const std::string& site, const PhpParams& params) {
  std::string host = site.substr(site.find("://") + 3);
  std::string base = std::string(r.https ? "https" : "http") + "://" + host + r.raw_path;
  std::vector<std::string> parts;
  for (const auto& [key, values] : params) {  // std::map: keys in strcmp order, as uksort($params, 'strcmp')
    if (key == "oauth_signature") continue;
    for (const auto& [index, value] : values) {
      std::string k = index.empty() && values.size() == 1 && values[0].first.empty() ? rfc3986(key)
                                                                                    : rfc3986(key) + "%5B" + rfc3986(index) + "%5D";
      parts.push_back(rfc3986(k + "=" + rfc3986(value)));
    }
  }
  std::string joined;
  for (size_t i = 0; i < parts.size(); ++i) joined += (i ? "%26" : "") + parts[i];
  return r.method + "&" + rfc3986(base) + "&" + joined;
}

std::optional<Reply> check_oauth(Store& store, const AuthRequest& r, int64_t now, bool& authenticated, ApiKey*& key_out) {
  PhpParams params;
  for (const auto& [k, v] : r.query) add_php_param(params, k, v);
  for (const auto& [k, v] : r.form) add_php_param(params, k, v);
  std::string header = r.authorization;
  header.erase(0, header.find_first_not_of(' '));
  if (header.rfind("OAuth ", 0) == 0) {
    static const std::regex re(R"re((oauth_[a-z_-]*)=(:?"([^"]*)"|([^,]*)))re");
    for (auto it = std::sregex_iterator(header.begin(), header.end(), re); it != std::sregex_iterator(); ++it) {
      const auto& m = *it;
      std::string value = m[3].length() ? m[3].str() : m[4].str();
      std::string decoded;  // urldecode: '+' is a space
      for (char c : value) decoded += c == '+' ? ' ' : c;
      params[m[1].str()] = {{"", raw_url_decode(decoded)}};
    }
  }
  auto get = [&](const std::string& k) -> std::string {
    auto it = params.find(k);
    return it == params.end() || it->second.empty() ? "" : it->second[0].second;
  };
  const char* names[] = {"oauth_consumer_key", "oauth_timestamp", "oauth_nonce", "oauth_signature", "oauth_signature_method"};
  std::vector<std::string> missing;
  for (const char* n : names)
    if (get(n).empty()) missing.push_back(n);
  if (missing.size() == 5) return std::nullopt;  // not trying OAuth at all
  if (!missing.empty()) {
    std::string list;
    for (const auto& m : missing) list += (list.empty() ? "" : ", ") + m;
    return wc_error(401, "woocommerce_rest_authentication_missing_parameter",
                    std::string(missing.size() == 1 ? "Missing OAuth parameter " : "Missing OAuth parameters ") + list);
  }
  auto kit = store.keys.find(get("oauth_consumer_key"));
  if (kit == store.keys.end()) return auth_error("Consumer key is invalid.");
  std::string method = get("oauth_signature_method");
  std::string base = string_to_sign(r, store.site, params);
  if (method != "HMAC-SHA1" && method != "HMAC-SHA256") return auth_error("Invalid signature - signature method is invalid.");
  std::string given = get("oauth_signature");
  std::replace(given.begin(), given.end(), ' ', '+');
  given = raw_url_decode(given);
  std::string expected = base64(hmac(method == "HMAC-SHA1" ? "sha1" : "sha256", kit->second.secret + "&", base));
  if (!same_bytes(expected, given)) return auth_error("Invalid signature - provided signature does not match.");
  std::string ts = get("oauth_timestamp");
  bool numeric = !ts.empty() && ts.size() < 16 && std::all_of(ts.begin(), ts.end(), ::isdigit);
  int64_t t = numeric ? std::stoll(ts) : 0;
  if (!numeric || t < now - 900 || t > now + 900) return auth_error("Invalid timestamp.");
  auto& nonces = kit->second.nonces;
  for (auto it = nonces.begin(); it != nonces.end();) it = it->second < now - 900 ? nonces.erase(it) : std::next(it);
  std::string nonce = get("oauth_nonce");
  if (nonces.count(nonce)) return auth_error("Invalid nonce - nonce has already been used.");
  nonces[nonce] = t;
  authenticated = true;
  key_out = &kit->second;
  return std::nullopt;
}

}  // namespace

std::string rfc3986(const std::string& s) {
  static const char* hex = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : s) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') out += static_cast<char>(c);
    else { out += '%'; out += hex[c >> 4]; out += hex[c & 15]; }
  }
  return out;
}

std::string raw_url_decode(const std::string& s) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%' && i + 2 < s.size() && std::isxdigit(static_cast<unsigned char>(s[i + 1])) && std::isxdigit(static_cast<unsigned char>(s[i + 2]))) {
      out += static_cast<char>(std::stoi(s.substr(i + 1, 2), nullptr, 16));
      i += 2;
    } else {
      out += s[i];
    }
  }
  return out;
}

AuthResult authenticate(Store& store, const AuthRequest& r, int64_t now) {
  AuthResult result;
  ApiKey* key = nullptr;
  if (r.https) {
    std::string ck = query_get(r.query, "consumer_key"), cs = query_get(r.query, "consumer_secret");
    if ((ck.empty() || cs.empty()) && r.authorization.rfind("Basic ", 0) == 0) {
      std::string pair = base64_decode(r.authorization.substr(6));
      size_t colon = pair.find(':');
      ck = colon == std::string::npos ? "" : pair.substr(0, colon);
      cs = colon == std::string::npos ? "" : pair.substr(colon + 1);
    }
    if (!ck.empty() && !cs.empty()) {
      auto it = store.keys.find(ck);
      if (it != store.keys.end()) {
        if (!same_bytes(it->second.secret, cs)) {
          Reply e = auth_error("Consumer secret is invalid.");
          e.headers.emplace_back("WWW-Authenticate", "Basic realm=\"WooCommerce API. Use a consumer key in the username field and a consumer secret in the password field.\"");
          result.error = e;
        } else {
          key = &it->second;
          result.authenticated = true;
        }
      }
    }
  }
  if (!result.authenticated) {
    bool ok = false;
    auto error = check_oauth(store, r, now, ok, key);
    if (error) result.error = error;  // an OAuth failure replaces any Basic one, as set_error does
    result.authenticated = ok;
  }
  if (result.error && !result.authenticated) return result;
  result.error.reset();
  if (result.authenticated && key) {
    const std::string& p = key->permissions;
    if (r.method == "GET" || r.method == "HEAD") {
      if (p != "read" && p != "read_write") result.error = auth_error("The API key provided does not have read permissions.");
    } else if (r.method == "POST" || r.method == "PUT" || r.method == "PATCH" || r.method == "DELETE") {
      if (p != "write" && p != "read_write") result.error = auth_error("The API key provided does not have write permissions.");
    } else if (r.method != "OPTIONS") {
      result.error = auth_error("Unknown request method.");
    }
    if (result.error) result.authenticated = false;
  }
  return result;
}

}  // namespace woosim
