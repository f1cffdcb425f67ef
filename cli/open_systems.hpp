// Shared by the commands that talk to systems (connectors check, pull, push): read syncloom.yaml, take
// each system's kind from the mappings, and build the connectors.
#pragma once
#include <iosfwd>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "syncloom/config/config.hpp"
#include "syncloom/connectors/connector.hpp"

namespace syncloom::cli {

struct OpenSystems {
  config::Config config;
  std::map<std::string, std::unique_ptr<connectors::Connector>, std::less<>> connectors;
  /// Per system, the topics the mappings listen to there (MappedSystem::topics, over every mapping).
  std::map<std::string, std::vector<std::string>, std::less<>> topics;
};

struct OpenOptions {
  std::string config_path;
  bool verbose = false;  ///< request log lines (credentials redacted) on stderr
  std::string only;      ///< build only this system's connector ("" = all)
};

/// Nullopt after printing every error to `err` (the caller exits kExitUsage).
std::optional<OpenSystems> open_systems(const OpenOptions& options, std::ostream& err);

/// Splits "woo.order" into system and record; false after printing an error.
bool split_system_record(const std::string& text, std::string& system, std::string& record, std::ostream& err);

/// Calls `attempt` until it is not retryable, at most `tries` times, waiting as the outcome asks
/// (Retry-After) or 0.5 s, 1 s, 2 s ...: the CLI's small courtesy; the sync service has the real policy.
template <class Result, class Attempt>
Result with_retries(Attempt attempt, int tries = 4);

}  // namespace syncloom::cli

#include <chrono>
#include <thread>

namespace syncloom::cli {

template <class Result, class Attempt>
Result with_retries(Attempt attempt, int tries) {
  std::chrono::milliseconds wait(500);
  for (int i = 1;; ++i) {
    Result result = attempt();
    if (result.outcome.kind != connectors::OutcomeKind::kRetryable || i >= tries) return result;
    std::this_thread::sleep_for(result.outcome.retry_after ? std::min(*result.outcome.retry_after, std::chrono::milliseconds(30000)) : wait);
    wait *= 2;
  }
}

}  // namespace syncloom::cli
