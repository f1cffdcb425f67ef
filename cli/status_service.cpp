// GET /v1/admin/status from the running service, answered within a second or reported as not running.
#include "status_service.hpp"

#include "syncloom/http/client.hpp"

namespace syncloom::cli {
namespace {

// A listen address to connect to: the wildcard addresses are reached on loopback.
std::string connect_host(const std::string& host) {
  if (host == "0.0.0.0" || host.empty()) return "127.0.0.1";
  if (host == "::" || host == "[::]") return "[::1]";
  if (host.find(':') != std::string::npos && host.front() != '[') return "[" + host + "]";
  return host;
}

}  // namespace

ServiceFigures ask_service(const config::Config* config) {
  ServiceFigures figures;
  if (!config) {
    figures.note = "service figures unavailable: no configuration (--config) to find the service";
    return figures;
  }
  const auto& svc = config->service;
  std::string base = "http://" + connect_host(svc.listen_host) + ":" + std::to_string(svc.listen_port);
  figures.url = base;
  if (svc.admin_token.empty()) {
    figures.note = "connector figures unavailable: no admin token (`admin_token:` in " + config->file +
                   ", and its variable set here)";
    return figures;
  }
  http::Client client({.connect_timeout = std::chrono::milliseconds(500), .timeout = std::chrono::milliseconds(2000),
                       .max_body_bytes = 16u << 20});
  auto answer = client.send({.method = "GET", .url = base + "/v1/admin/status",
                             .headers = {{"Authorization", "Bearer " + std::string(svc.admin_token.reveal())}}});
  if (answer.transport == http::Transport::kConnect || answer.transport == http::Transport::kResolve) {
    figures.note = "service not running: connector figures unavailable (nothing answers at " + base + ")";
    return figures;
  }
  if (answer.transport != http::Transport::kOk) {
    figures.note = "service not answering at " + base + " (" + http::transport_name(answer.transport) +
                   "): connector figures unavailable";
    return figures;
  }
  if (answer.status == 401 || answer.status == 403) {
    figures.note = "the service at " + base + " refused the admin token (HTTP " + std::to_string(answer.status) +
                   "): connector figures unavailable";
    return figures;
  }
  auto parsed = wire::parse(answer.body);
  if (answer.status != 200 || !parsed.value || !parsed.value->at("connectors").is_array()) {
    figures.note = "the service at " + base + " answered HTTP " + std::to_string(answer.status) +
                   " without a status document: connector figures unavailable";
    return figures;
  }
  figures.running = true;
  for (const auto& c : parsed.value->at("connectors").items()) {
    if (auto status = service::connector_status_from_json(c)) figures.connectors.push_back(std::move(*status));
  }
  if (parsed.value->at("service").is_object()) figures.extra = parsed.value->at("service");
  return figures;
}

}  // namespace syncloom::cli
