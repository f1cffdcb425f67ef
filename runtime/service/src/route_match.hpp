// Matching a request's method and path against the registered routes (404 / 405 / a route).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "syncloom/service/http_listener.hpp"

namespace syncloom::service::detail {

struct RouteMatch {
  const Router::Route* route = nullptr;  ///< null: 404 when `allowed` is empty, else 405
  std::string param{};
  std::vector<std::string> allowed{};    ///< methods the path is served under (the Allow header of a 405)
};

RouteMatch match_route(const std::vector<Router::Route>& routes, std::string_view method, std::string_view path);

}  // namespace syncloom::service::detail
