// `syncloom connectors check --config C [--system NAME]`: per system, authenticate, read one record, and
// say what works and why not. Exit 0 when every step works, 1 when one does not, 2 on a bad configuration.
#include <algorithm>
#include <iostream>

#include "commands.hpp"
#include "open_systems.hpp"

namespace syncloom::cli {

void add_webhooks_subcommand(CLI::App& connectors, int& exit_code);

void add_connectors_command(CLI::App& app, int& exit_code) {
  auto* connectors = app.add_subcommand("connectors", "Check the systems syncloom.yaml names");
  connectors->require_subcommand(1);
  auto* check = connectors->add_subcommand("check", "Authenticate and read one record of each system");
  auto options = std::make_shared<OpenOptions>();
  options->config_path = "syncloom.yaml";
  check->add_option("--config,-c", options->config_path, "Configuration file")->capture_default_str();
  check->add_option("--system", options->only, "Check only this system");
  check->add_flag("--verbose,-v", options->verbose, "Print each request (credentials redacted) on stderr");
  add_webhooks_subcommand(*connectors, exit_code);
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

namespace {

struct WebhookOptions {
  OpenOptions open;
  std::string delivery_url;
  bool apply = false;
};

// Compares the system's webhooks with the topics the mappings listen to; with --apply, creates the missing
// ones (signed with the configured webhook_secret) and re-enables the ones the system disabled.
int run_webhooks(const WebhookOptions& options) {
  auto open = open_systems(options.open, std::cerr);
  if (!open) return kExitUsage;
  bool all_ok = true;
  for (const auto& [name, connector] : open->connectors) {
    std::vector<std::string> topics, polled;  // what webhooks carry, and what the service polls instead
    for (const std::string& topic : open->topics[name]) (connector->pushes(topic) ? topics : polled).push_back(topic);
    if (!polled.empty() && !topics.empty())
      std::cout << name << ": " << polled.size() << " topic" << (polled.size() == 1 ? "" : "s")
                << " no webhook carries, polled: " << polled.front() << (polled.size() > 1 ? ", ..." : "") << "\n";
    if (topics.empty()) topics = polled;
    auto listed = connector->subscriptions();
    if (!listed.outcome.ok()) {
      if (listed.outcome.kind == connectors::OutcomeKind::kPermanent && topics.empty()) continue;  // no webhooks here
      if (listed.outcome.code == "not_supported") {  // a system without webhooks: its topics are polled
        std::cout << name << " (" << connector->config().kind << "): " << topics.size()
                  << " topics in the mappings, polled (no webhooks)\n";
        continue;
      }
      std::cout << name << ": " << connectors::describe(listed.outcome) << "\n";
      all_ok = false;
      continue;
    }
    std::string url = options.delivery_url.empty() ? std::string() : options.delivery_url;
    std::cout << name << " (" << connector->config().kind << "): " << topics.size() << " topic"
              << (topics.size() == 1 ? "" : "s") << " in the mappings, " << listed.subscriptions.size() << " webhook"
              << (listed.subscriptions.size() == 1 ? "" : "s") << "\n";
    for (const std::string& topic : topics) {
      const connectors::Subscription* match = nullptr;
      for (const auto& sub : listed.subscriptions)
        if (sub.topic == topic && (url.empty() || sub.delivery_url == url) && (!match || sub.status == "active")) match = &sub;
      std::string action;
      bool fine = false;  // the topic has an active webhook once this command is done
      if (match && match->status == "active") {
        action = "ok (webhook " + match->id + ")";
        fine = true;
      } else if (match) {
        action = "webhook " + match->id + " is " + match->status + " after " + std::to_string(match->failures) + " failures: ";
        if (options.apply) {
          connectors::Written done = connector->reactivate(match->id);
          fine = done.outcome.ok();
          action += fine ? "re-enabled" : connectors::describe(done.outcome);
        } else {
          action += "re-enable with --apply";
        }
      } else if (url.empty()) {
        action = "missing (give --delivery-url to create it)";
      } else if (options.apply) {
        connectors::Written done = connector->subscribe(topic, url);
        fine = done.outcome.ok();
        action = fine ? "created (webhook " + done.id + ")" : connectors::describe(done.outcome);
      } else {
        action = "missing: create with --apply";
      }
      all_ok = all_ok && fine;
      std::cout << "  " << topic << ": " << action << "\n";
    }
    for (const auto& sub : listed.subscriptions)
      if (std::find(topics.begin(), topics.end(), sub.topic) == topics.end())
        std::cout << "  (webhook " << sub.id << ", " << sub.topic << ", " << sub.status << ": no mapping listens to it)\n";
  }
  return all_ok ? kExitOk : kExitFindings;
}

}  // namespace

void add_webhooks_subcommand(CLI::App& connectors, int& exit_code) {
  auto* cmd = connectors.add_subcommand("webhooks",
      "Compare each system's webhooks with the topics the mappings listen to; --apply creates and re-enables");
  auto options = std::make_shared<WebhookOptions>();
  options->open.config_path = "syncloom.yaml";
  cmd->add_option("--config,-c", options->open.config_path, "Configuration file")->capture_default_str();
  cmd->add_option("--system", options->open.only, "Only this system");
  cmd->add_option("--delivery-url", options->delivery_url,
                  "Where the system delivers: the sync service's POST /webhooks/SYSTEM (https://sync.example.com/webhooks/woo)");
  cmd->add_flag("--apply", options->apply, "Create the missing webhooks and re-enable disabled ones");
  cmd->add_flag("--verbose,-v", options->open.verbose, "Print each request (credentials redacted) on stderr");
  cmd->callback([options, &exit_code] { exit_code = run_webhooks(*options); });
}

}  // namespace syncloom::cli
