// One request on one libcurl easy handle: options, callbacks, and the mapping of libcurl's result codes.
#pragma once
#include <curl/curl.h>

#include "syncloom/http/client.hpp"

namespace syncloom::http::detail {

/// Performs `request` on `handle` (reset first; its connection cache survives the reset).
Response perform(CURL* handle, const Request& request, const ClientOptions& options);

/// The no-proxy list: the environment's no_proxy plus loopback, which is never proxied.
std::string no_proxy_list();

}  // namespace syncloom::http::detail
