// The wc/v3 namespace: matches a request to a route (or rest_no_route), authenticates it, checks the
// route's permission and runs the handler.
#pragma once

#include "auth.hpp"
#include "reply.hpp"
#include "store.hpp"

namespace woosim {

struct ApiRequest {
  AuthRequest auth;    ///< method, raw path, query, form, Authorization, https
  std::string route;   ///< the path after /wp-json, decoded ("/wc/v3/orders/5")
  Json body;           ///< the JSON (or form) body merged with nothing; null when empty
  bool bad_json = false;
};

/// Answers one request under /wp-json (the caller holds the store lock).
Reply route_request(Store& store, const ApiRequest& request);

}  // namespace woosim
