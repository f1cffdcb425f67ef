// Asking the running service for what only it knows (connector budgets, circuits) for `syncloom status`.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "syncloom/config/config.hpp"
#include "syncloom/service/admin_json.hpp"

namespace syncloom::cli {

struct ServiceFigures {
  bool running = false;      ///< the service answered its admin status
  std::string url{};         ///< where it was asked ("" without a configuration)
  std::string note{};        ///< why the figures are missing, when they are
  std::vector<service::ConnectorStatus> connectors{};
  wire::Value extra = wire::Value::object();  ///< the service's own figures (workers, uptime, ...)
};

/// GET /v1/admin/status at the configuration's `listen:` with its admin token, with a short timeout.
/// Without a configuration, a token, or a service, the figures are empty and `note` says why.
ServiceFigures ask_service(const config::Config* config);

}  // namespace syncloom::cli
