// What a route handler answers: status, JSON body and extra headers; and WordPress/WooCommerce error bodies.
#pragma once

#include "json.hpp"

#include <map>
#include <string>
#include <utility>
#include <vector>

namespace woosim {

struct Reply {
  int status = 200;
  Json body;
  std::vector<std::pair<std::string, std::string>> headers;
  bool ok() const { return status < 400; }
};

/// `{"code":..,"message":..,"data":{"status":..}}`, the WP_Error shape (samples/error-*.json); `data` extras
/// (params, details) are appended after status.
Reply wc_error(int status, const std::string& code, const std::string& message, const Json& data_extra = Json());

/// WordPress's argument validation failure: 400 `rest_invalid_param` naming each parameter.
struct InvalidParam {
  std::string param, code, message;
};
Reply invalid_params(const std::vector<InvalidParam>& bad);
/// 400 `rest_missing_callback_param` for required arguments left out.
Reply missing_params(const std::vector<std::string>& names);

/// Request query parameters in arrival order (a key may repeat: `status[]=a&status[]=b`).
using Query = std::vector<std::pair<std::string, std::string>>;
/// The value of `key`, or "" (first wins).
std::string query_get(const Query& q, const std::string& key);
bool query_has(const Query& q, const std::string& key);
/// Values of `key` given as `key=a,b`, `key[]=a&key[]=b` or `key[0]=a`.
std::vector<std::string> query_list(const Query& q, const std::string& key);

/// The non-empty segments of a '/'-separated path.
std::vector<std::string> path_segments(const std::string& path);

}  // namespace woosim
