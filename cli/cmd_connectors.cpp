// `syncloom connectors check --config C [--system NAME]`: per system, authenticate, read one record, and
// say what works and why not. Exit 0 when every step works, 1 when one does not, 2 on a bad configuration.
#include <iostream>

#include "commands.hpp"
#include "open_systems.hpp"

namespace syncloom::cli {

void add_connectors_command(CLI::App& app, int& exit_code) {
  auto* connectors = app.add_subcommand("connectors", "Check the systems syncloom.yaml names");
  connectors->require_subcommand(1);
  auto* check = connectors->add_subcommand("check", "Authenticate and read one record of each system");
  auto options = std::make_shared<OpenOptions>();
  options->config_path = "syncloom.yaml";
  check->add_option("--config,-c", options->config_path, "Configuration file")->capture_default_str();
  check->add_option("--system", options->only, "Check only this system");
  check->add_flag("--verbose,-v", options->verbose, "Print each request (credentials redacted) on stderr");
  check->callback([options, &exit_code] {
    auto open = open_systems(*options, std::cerr);
    if (!open) {
      exit_code = kExitUsage;
      return;
    }
    bool all_ok = true;
    for (const auto& [name, connector] : open->connectors) {
      const auto& config = connector->config();
      std::cout << name << " (" << config.kind << ", " << config.url << ")\n";
      for (const auto& step : connector->check()) {
        bool ok = step.outcome.ok();
        all_ok = all_ok && ok;
        std::cout << "  " << (ok ? "ok  " : "FAIL") << "  " << step.what;
        if (!step.detail.empty()) std::cout << ": " << step.detail;
        if (!ok) std::cout << "\n        " << connectors::describe(step.outcome);
        std::cout << "\n";
      }
      auto stats = connector->stats();
      std::cout << "  " << stats.requests << " requests, " << stats.connections << " connection"
                << (stats.connections == 1 ? "" : "s") << "\n";
    }
    exit_code = all_ok ? kExitOk : kExitFindings;
  });
}

}  // namespace syncloom::cli
