// The listener's counters as Prometheus text: one table of families, rendered in order.
#include "syncloom/service/listener_metrics.hpp"

#include <cstdint>
#include <initializer_list>
#include <string_view>

namespace syncloom::service {
namespace {

struct Sample {
  std::string_view labels;  // "" or `reason="..."`
  uint64_t value;
};

void family(std::string& out, std::string_view name, std::string_view type, std::string_view help,
            std::initializer_list<Sample> samples) {
  out.append("# HELP ").append(name).append(" ").append(help).append("\n");
  out.append("# TYPE ").append(name).append(" ").append(type).append("\n");
  for (const auto& s : samples) {
    out.append(name);
    if (!s.labels.empty()) out.append("{").append(s.labels).append("}");
    out.append(" ").append(std::to_string(s.value)).append("\n");
  }
}

}  // namespace

void append_prometheus(const ListenerStats& s, std::string& out) {
  family(out, "syncloom_http_connections_accepted_total", "counter", "Connections accepted.", {{"", s.connections_accepted}});
  family(out, "syncloom_http_connections_refused_total", "counter", "Connections refused over the connection limit (503).",
         {{"", s.connections_refused}});
  family(out, "syncloom_http_connections_open", "gauge", "Connections open now.", {{"", s.connections_open}});
  family(out, "syncloom_http_connections_idle_closed_total", "counter", "Keep-alive connections closed for idleness.",
         {{"", s.idle_closed}});
  family(out, "syncloom_http_requests_total", "counter", "Complete requests received.", {{"", s.requests}});
  family(out, "syncloom_http_requests_in_flight", "gauge", "Requests handed to a handler and not answered yet.",
         {{"", s.requests_in_flight}});
  family(out, "syncloom_http_responses_total", "counter", "Responses sent, by status class.",
         {{"class=\"2xx\"", s.responses_2xx}, {"class=\"4xx\"", s.responses_4xx}, {"class=\"5xx\"", s.responses_5xx}});
  family(out, "syncloom_http_rejected_requests_total", "counter", "Requests refused by the listener, by reason.",
         {{"reason=\"body_too_large\"", s.body_too_large},
          {"reason=\"header_too_large\"", s.header_too_large},
          {"reason=\"malformed\"", s.malformed},
          {"reason=\"timeout\"", s.request_timeouts},
          {"reason=\"not_found\"", s.not_found},
          {"reason=\"method_not_allowed\"", s.method_not_allowed},
          {"reason=\"unauthorized\"", s.unauthorized}});
  family(out, "syncloom_http_handler_timeouts_total", "counter", "Requests answered 503/504 because the handler did not answer in time.",
         {{"", s.handler_timeouts}});
  family(out, "syncloom_http_accept_errors_total", "counter", "Failed accepts (e.g. out of file descriptors).",
         {{"", s.accept_errors}});
  family(out, "syncloom_http_received_body_bytes_total", "counter", "Request body bytes received.", {{"", s.bytes_in}});
  family(out, "syncloom_http_sent_body_bytes_total", "counter", "Response body bytes sent.", {{"", s.bytes_out}});
}

}  // namespace syncloom::service
