// Percent-encoding and the redaction of credentials from URLs before they reach a log.
#include <algorithm>
#include <array>
#include <cctype>
#include <string>
#include <string_view>

#include "syncloom/http/client.hpp"

namespace syncloom::http {
namespace {

bool is_unreserved(unsigned char c) {
  return std::isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~';
}

std::string lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return std::tolower(c); });
  return out;
}

bool ends_with(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

// Query parameters that carry a credential. Besides the named ones, anything that looks like a key, a
// secret, a token or a signature: a log line that hides too much is harmless, one that shows a secret is not.
bool is_credential_param(std::string_view raw_name) {
  std::string name = lower(raw_name);
  static constexpr std::array<std::string_view, 9> kNamed = {
      "consumer_key", "consumer_secret", "oauth_signature", "password", "passwd",
      "token",        "key",             "secret",          "signature"};
  if (std::find(kNamed.begin(), kNamed.end(), name) != kNamed.end()) return true;
  for (std::string_view suffix : {"_key", "_secret", "_token", "_password", "_signature", "apikey"})
    if (ends_with(name, suffix)) return true;
  return false;
}

}  // namespace

std::string url_encode(std::string_view text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(text.size() * 3);
  for (unsigned char c : text) {
    if (is_unreserved(c)) {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

std::string redact_url(std::string_view url) {
  std::string out;
  out.reserve(url.size());
  // 1. user:password@ in the authority.
  size_t scheme_end = url.find("://");
  size_t authority_start = scheme_end == std::string_view::npos ? 0 : scheme_end + 3;
  size_t authority_end = url.find_first_of("/?#", authority_start);
  if (authority_end == std::string_view::npos) authority_end = url.size();
  std::string_view authority = url.substr(authority_start, authority_end - authority_start);
  size_t at = authority.rfind('@');
  out.append(url.substr(0, authority_start));
  if (at != std::string_view::npos) {
    std::string_view userinfo = authority.substr(0, at);
    size_t colon = userinfo.find(':');
    out.append(userinfo.substr(0, colon));
    if (colon != std::string_view::npos) out.append(":[redacted]");
    out.append(authority.substr(at));
  } else {
    out.append(authority);
  }
  // 2. Credential query parameters.
  std::string_view rest = url.substr(authority_end);
  size_t query = rest.find('?');
  if (query == std::string_view::npos) {
    out.append(rest);
    return out;
  }
  out.append(rest.substr(0, query + 1));
  std::string_view params = rest.substr(query + 1);
  size_t fragment = params.find('#');
  std::string_view tail = fragment == std::string_view::npos ? std::string_view{} : params.substr(fragment);
  params = params.substr(0, fragment);
  bool first = true;
  while (true) {
    size_t amp = params.find('&');
    std::string_view param = params.substr(0, amp);
    if (!first) out += '&';
    first = false;
    size_t eq = param.find('=');
    if (eq != std::string_view::npos && is_credential_param(param.substr(0, eq))) {
      out.append(param.substr(0, eq + 1));
      out.append("[redacted]");
    } else {
      out.append(param);
    }
    if (amp == std::string_view::npos) break;
    params = params.substr(amp + 1);
  }
  out.append(tail);
  return out;
}

}  // namespace syncloom::http
