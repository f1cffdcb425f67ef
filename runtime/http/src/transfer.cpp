// One request on one libcurl easy handle: options, callbacks, and the mapping of libcurl's result codes.
#include "transfer.hpp"

#include <cstdlib>
#include <string>

namespace syncloom::http::detail {
namespace {

struct Exchange {
  Response* response;
  uint64_t max_body_bytes;
  bool too_large = false;
};

size_t on_body(char* data, size_t size, size_t count, void* user) {
  auto* exchange = static_cast<Exchange*>(user);
  size_t bytes = size * count;
  if (exchange->response->body.size() + bytes > exchange->max_body_bytes) {
    exchange->too_large = true;
    return 0;  // stops the transfer: CURLE_WRITE_ERROR
  }
  exchange->response->body.append(data, bytes);
  return bytes;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r' || s.back() == '\n'))
    s.remove_suffix(1);
  return s;
}

size_t on_header(char* data, size_t size, size_t count, void* user) {
  auto* exchange = static_cast<Exchange*>(user);
  size_t bytes = size * count;
  std::string_view line(data, bytes);
  // A status line starts a new header block (after "100 Continue" or a proxy's CONNECT answer): keep only
  // the final answer's headers.
  if (line.starts_with("HTTP/")) {
    exchange->response->headers.clear();
    return bytes;
  }
  size_t colon = line.find(':');
  if (colon == std::string_view::npos) return bytes;
  exchange->response->headers.push_back(
      {std::string(trim(line.substr(0, colon))), std::string(trim(line.substr(colon + 1)))});
  return bytes;
}

Transport classify(CURLcode code) {
  switch (code) {
    case CURLE_OK: return Transport::kOk;
    case CURLE_OPERATION_TIMEDOUT: return Transport::kTimeout;
    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_COULDNT_RESOLVE_PROXY: return Transport::kResolve;
    case CURLE_COULDNT_CONNECT:
    case CURLE_SEND_ERROR:
    case CURLE_RECV_ERROR:
    case CURLE_GOT_NOTHING: return Transport::kConnect;
    case CURLE_PARTIAL_FILE: return Transport::kTruncated;
    case CURLE_FILESIZE_EXCEEDED: return Transport::kTooLarge;
    case CURLE_SSL_CONNECT_ERROR:
    case CURLE_PEER_FAILED_VERIFICATION:
    case CURLE_SSL_CERTPROBLEM:
    case CURLE_SSL_CIPHER:
    case CURLE_SSL_CACERT_BADFILE:
    case CURLE_SSL_ISSUER_ERROR:
    case CURLE_SSL_PINNEDPUBKEYNOTMATCH:
    case CURLE_SSL_INVALIDCERTSTATUS: return Transport::kTls;
    default: return Transport::kOther;
  }
}

void set_method(CURL* handle, const Request& request) {
  const std::string& method = request.method;
  bool sends_body = !request.body.empty() || method == "POST" || method == "PUT" || method == "PATCH";
  if (method == "GET" && request.body.empty()) {
    curl_easy_setopt(handle, CURLOPT_HTTPGET, 1L);
    return;
  }
  if (method == "HEAD") {
    curl_easy_setopt(handle, CURLOPT_NOBODY, 1L);
    return;
  }
  if (sends_body) {
    curl_easy_setopt(handle, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(request.body.size()));
    curl_easy_setopt(handle, CURLOPT_POSTFIELDS, request.body.data());
  }
  if (method != "POST") curl_easy_setopt(handle, CURLOPT_CUSTOMREQUEST, method.c_str());
}

}  // namespace

std::string no_proxy_list() {
  std::string list;
  for (const char* name : {"no_proxy", "NO_PROXY"}) {
    if (const char* value = std::getenv(name); value && *value) {
      list = value;
      break;
    }
  }
  if (list == "*") return list;
  if (!list.empty()) list += ",";
  return list + "127.0.0.1,localhost,::1";
}

Response perform(CURL* handle, const Request& request, const ClientOptions& options) {
  Response response;
  Exchange exchange{&response, options.max_body_bytes};
  char error[CURL_ERROR_SIZE] = {0};
  std::string no_proxy = no_proxy_list();

  curl_easy_reset(handle);
  curl_easy_setopt(handle, CURLOPT_URL, request.url.c_str());
  // libcurl resends a request on a fresh connection when the reused one died before answering, even a
  // POST the server had received and committed. Never reused, a connection is never resent on.
  if (!is_idempotent(request)) curl_easy_setopt(handle, CURLOPT_FRESH_CONNECT, 1L);
  curl_easy_setopt(handle, CURLOPT_NOSIGNAL, 1L);  // threads: no SIGALRM for name resolution timeouts
  curl_easy_setopt(handle, CURLOPT_ERRORBUFFER, error);
  curl_easy_setopt(handle, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(handle, CURLOPT_FOLLOWLOCATION, 0L);  // a redirect is an answer the caller judges
  curl_easy_setopt(handle, CURLOPT_MAXCONNECTS, 1L);
  curl_easy_setopt(handle, CURLOPT_TCP_KEEPALIVE, 1L);
  curl_easy_setopt(handle, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(options.connect_timeout.count()));
  auto timeout = request.timeout.count() > 0 ? request.timeout : options.timeout;
  curl_easy_setopt(handle, CURLOPT_TIMEOUT_MS, static_cast<long>(timeout.count()));
  curl_easy_setopt(handle, CURLOPT_SSL_VERIFYPEER, options.verify_tls ? 1L : 0L);
  curl_easy_setopt(handle, CURLOPT_SSL_VERIFYHOST, options.verify_tls ? 2L : 0L);
  if (!options.ca_file.empty()) curl_easy_setopt(handle, CURLOPT_CAINFO, options.ca_file.c_str());
  curl_easy_setopt(handle, CURLOPT_NOPROXY, no_proxy.c_str());  // the rest of the proxy setup: libcurl's env
  curl_easy_setopt(handle, CURLOPT_ACCEPT_ENCODING, "");        // every encoding this libcurl decodes
  curl_easy_setopt(handle, CURLOPT_USERAGENT, options.user_agent.c_str());
  curl_easy_setopt(handle, CURLOPT_MAXFILESIZE_LARGE, static_cast<curl_off_t>(options.max_body_bytes));
  curl_easy_setopt(handle, CURLOPT_WRITEFUNCTION, on_body);
  curl_easy_setopt(handle, CURLOPT_WRITEDATA, &exchange);
  curl_easy_setopt(handle, CURLOPT_HEADERFUNCTION, on_header);
  curl_easy_setopt(handle, CURLOPT_HEADERDATA, &exchange);
  set_method(handle, request);

  curl_slist* headers = curl_slist_append(nullptr, "Expect:");  // no 100-continue round trip
  for (const Header& header : request.headers) {
    std::string line = header.name + (header.value.empty() ? ";" : ": " + header.value);
    headers = curl_slist_append(headers, line.c_str());
  }
  curl_easy_setopt(handle, CURLOPT_HTTPHEADER, headers);

  CURLcode code = curl_easy_perform(handle);
  curl_slist_free_all(headers);

  long status = 0, connects = 0;
  double total = 0;
  curl_easy_getinfo(handle, CURLINFO_RESPONSE_CODE, &status);
  curl_easy_getinfo(handle, CURLINFO_NUM_CONNECTS, &connects);
  curl_easy_getinfo(handle, CURLINFO_TOTAL_TIME, &total);
  response.status = static_cast<int>(status);
  response.new_connection = connects > 0;
  response.seconds = total;
  response.transport = exchange.too_large ? Transport::kTooLarge : classify(code);
  if (response.transport == Transport::kTooLarge) {
    response.error = "body over " + std::to_string(options.max_body_bytes) + " bytes";
  } else if (code != CURLE_OK) {
    response.error = error[0] ? error : curl_easy_strerror(code);
  }
  // The handle goes back to the pool: it must not point at this frame's memory.
  curl_easy_setopt(handle, CURLOPT_ERRORBUFFER, nullptr);
  return response;
}

}  // namespace syncloom::http::detail
