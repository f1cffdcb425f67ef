// The HTTP client: a pool of libcurl easy handles, each keeping its connection open for the next request.
//
// Why a pool of easy handles and not one multi handle: send() is synchronous and called from many threads;
// an easy handle used by one thread at a time needs no locking, and libcurl keeps the connection cache in
// the handle, so a handle taken back from the pool reuses its connection (CURLOPT_MAXCONNECTS 1: the pool
// size bounds the idle connections of the client).
#include <curl/curl.h>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <exception>
#include <mutex>
#include <string>
#include <vector>

#include "syncloom/http/client.hpp"
#include "transfer.hpp"

namespace syncloom::http {
namespace {

void global_init_once() {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

void replace_all(std::string& text, std::string_view needle, std::string_view with) {
  if (needle.empty()) return;
  for (size_t at = text.find(needle); at != std::string::npos; at = text.find(needle, at + with.size()))
    text.replace(at, needle.size(), with);
}

std::string log_line(const Request& request, const Response& response, bool injected) {
  std::string line = request.method + " " + redact_url(request.url) + " -> ";
  if (response.transport == Transport::kOk) {
    line += std::to_string(response.status);
  } else {
    line += transport_name(response.transport);
    if (!response.error.empty()) line += " (" + response.error + ")";
  }
  line += " " + std::to_string(static_cast<long long>(response.seconds * 1000 + 0.5)) + "ms";
  line += " " + std::to_string(response.body.size()) + "B";
  if (response.new_connection) line += " new-connection";
  if (injected) line += " injected";
  if (!request.correlation_id.empty()) line += " cid=" + request.correlation_id;
  for (const std::string& secret : request.redact) replace_all(line, secret, "[redacted]");
  return line;
}

}  // namespace

struct Client::Impl {
  ClientOptions options;
  std::mutex pool_mutex;
  std::vector<CURL*> idle;  // LIFO: the handle used last has the warmest connection
  std::atomic<uint64_t> requests{0};
  std::atomic<uint64_t> connections{0};
  std::atomic<uint64_t> microseconds{0};

  CURL* acquire() {
    {
      std::lock_guard lock(pool_mutex);
      if (!idle.empty()) {
        CURL* handle = idle.back();
        idle.pop_back();
        return handle;
      }
    }
    return curl_easy_init();
  }

  void release(CURL* handle) {
    {
      std::lock_guard lock(pool_mutex);
      if (idle.size() < std::max(1u, options.max_idle_connections)) {
        idle.push_back(handle);
        return;
      }
    }
    curl_easy_cleanup(handle);
  }
};

Client::Client(ClientOptions options) : impl_(std::make_unique<Impl>()) {
  global_init_once();
  impl_->options = std::move(options);
}

Client::~Client() {
  for (CURL* handle : impl_->idle) curl_easy_cleanup(handle);
}

const ClientOptions& Client::options() const { return impl_->options; }

ClientStats Client::stats() const {
  return {impl_->requests.load(), impl_->connections.load(), impl_->microseconds.load() / 1e6};
}

Response Client::send(const Request& request) {
  auto started = std::chrono::steady_clock::now();
  Response response;
  bool injected = false;
  try {
    const ClientOptions& options = impl_->options;
    std::optional<Response> fake;
    if (options.faults) fake = options.faults->before(request);
    if (fake) {
      response = std::move(*fake);
      injected = true;
    } else {
      CURL* handle = impl_->acquire();
      if (!handle) {
        response.transport = Transport::kOther;
        response.error = "libcurl could not create a handle";
      } else {
        response = detail::perform(handle, request, options);
        impl_->release(handle);
      }
      if (response.new_connection) impl_->connections.fetch_add(1);
      if (options.faults) options.faults->after(request, response);
    }
  } catch (const std::exception& e) {
    response = Response{};
    response.transport = Transport::kOther;
    response.error = e.what();
  } catch (...) {
    response = Response{};
    response.transport = Transport::kOther;
    response.error = "unknown failure";
  }
  if (response.transport != Transport::kOk) response.status = 0;
  std::chrono::duration<double> elapsed = std::chrono::steady_clock::now() - started;
  if (response.seconds == 0) response.seconds = elapsed.count();
  impl_->requests.fetch_add(1);
  impl_->microseconds.fetch_add(static_cast<uint64_t>(elapsed.count() * 1e6));
  if (impl_->options.log) {
    try {
      impl_->options.log(log_line(request, response, injected));
    } catch (...) {  // a failing log sink must not turn an answer into a crash
    }
  }
  return response;
}

bool is_idempotent(const Request& request) {
  if (request.idempotent) return *request.idempotent;
  return request.method != "POST" && request.method != "PATCH";
}

}  // namespace syncloom::http
