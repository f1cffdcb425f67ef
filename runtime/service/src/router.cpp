// Route patterns: literal segments, `{name}` for one segment, a last `*` for the rest.
#include "route_match.hpp"

#include <algorithm>

namespace syncloom::service {

void Router::add(std::string method, std::string pattern, Handler handler, RouteOptions options) {
  routes_.push_back({std::move(method), std::move(pattern), std::move(handler), options});
}

namespace detail {
namespace {

// Whether `path` matches `pattern`; the captured segment (or rest) goes to `param`.
bool path_matches(std::string_view pattern, std::string_view path, std::string& param) {
  size_t pi = 0, si = 0;
  while (pi < pattern.size()) {
    if (pattern[pi] == '*' && pi + 1 == pattern.size()) {
      if (si >= path.size()) return false;
      param.assign(path.substr(si));
      return true;
    }
    if (pattern[pi] == '{') {
      size_t close = pattern.find('}', pi);
      size_t end = path.find('/', si);
      if (end == std::string_view::npos) end = path.size();
      if (end == si) return false;  // an empty segment is not a name
      param.assign(path.substr(si, end - si));
      pi = close + 1;
      si = end;
      continue;
    }
    if (si >= path.size() || pattern[pi] != path[si]) return false;
    ++pi;
    ++si;
  }
  return si == path.size();
}

}  // namespace

RouteMatch match_route(const std::vector<Router::Route>& routes, std::string_view method, std::string_view path) {
  RouteMatch m;
  for (const auto& r : routes) {
    std::string param;
    if (!path_matches(r.pattern, path, param)) continue;
    if (r.method == method) {
      m.route = &r;
      m.param = std::move(param);
      return m;
    }
    if (std::find(m.allowed.begin(), m.allowed.end(), r.method) == m.allowed.end()) m.allowed.push_back(r.method);
  }
  return m;
}

}  // namespace detail
}  // namespace syncloom::service
