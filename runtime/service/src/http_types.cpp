// HttpRequest/HttpResponse helpers and the request log's JSON line.
#include "syncloom/service/http_types.hpp"

#include <cstdio>
#include <strings.h>

#include "syncloom/wire/value.hpp"

namespace syncloom::service {

std::optional<std::string_view> HttpRequest::header(std::string_view name) const {
  for (const auto& h : headers)
    if (h.name.size() == name.size() && strncasecmp(h.name.data(), name.data(), name.size()) == 0)
      return std::string_view(h.value);
  return std::nullopt;
}

HttpResponse HttpResponse::error(unsigned status, std::string_view message) {
  HttpResponse r;
  r.status = status;
  r.body = "{\"error\":";
  wire::append_quoted(message, r.body);
  r.body += '}';
  return r;
}

HttpResponse HttpResponse::text(unsigned status, std::string body, std::string content_type) {
  HttpResponse r;
  r.status = status;
  r.body = std::move(body);
  r.content_type = std::move(content_type);
  return r;
}

std::string to_json_line(const RequestLogEntry& e) {
  std::string out = "{\"method\":";
  wire::append_quoted(e.method, out);
  out += ",\"path\":";
  wire::append_quoted(e.path, out);
  char tail[160];
  std::snprintf(tail, sizeof tail, ",\"status\":%u,\"bytes_in\":%llu,\"bytes_out\":%llu,\"ms\":%.3f}", e.status,
                static_cast<unsigned long long>(e.bytes_in), static_cast<unsigned long long>(e.bytes_out), e.ms);
  out += tail;
  return out;
}

}  // namespace syncloom::service
