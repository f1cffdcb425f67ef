// The configuration file (syncloom.yaml): which mappings to run and how to reach each system they name.
//
//   auto loaded = syncloom::config::load_config("syncloom.yaml");
//   if (!loaded.errors.empty()) { for (auto& e : loaded.errors) std::cerr << e << "\n"; return 2; }
//   // loaded.config->systems.at("erp").url, .settings.at("database").value, .secret("password") ...
//
// Every error names the file, the line and the key: `syncloom.yaml:9: systems.erp.url: ...`. Values may
// be `${VAR}` (or contain it) from the environment; a variable that is not set is an error naming it.
// Secrets (password, consumer_secret, tokens, ...) must come from the environment, and no error message
// ever contains a value.
#pragma once
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "syncloom/connectors/system_config.hpp"

namespace syncloom::config {

/// What `syncloom run` needs besides the systems (docs/design.md, "Configuration").
struct ServiceConfig {
  std::string store = "syncloom.db";  ///< `store: PATH`: the SQLite file, resolved against the file's directory
  std::string listen_host = "127.0.0.1";  ///< `listen: HOST:PORT`; loopback unless the file says otherwise
  int listen_port = 8080;
  connectors::Secret admin_token;     ///< `admin_token: ${VAR}`: the bearer token of the admin API (empty: API off)
  unsigned workers = 4;               ///< work items in flight per target system at most (and at most its concurrency budget)
  std::chrono::milliseconds ref_wait{300000};  ///< how long an item waits for a ref() to another domain
  std::chrono::milliseconds poll_interval{5000};  ///< between polls of a system without webhooks (Tryton)
  std::chrono::milliseconds lease{15000};      ///< a work item's lease, renewed while it runs; a killed worker's
                                               ///< items are taken over this long after it died
  std::chrono::milliseconds realtime_deadline{30000};  ///< POST /v1/sync answers 504 after this
  std::string log_level = "info";     ///< debug, info, warn or error
  /// How long inbox events are kept for `syncloom replay` (and then pruned, unless still needed).
  std::chrono::milliseconds retention{30LL * 86'400'000};
  /// `reconcile: repair | report`: whether the mapping's scheduled reconcile passes queue repairs of the
  /// drift they find (the default) or only report it (a first deployment, an audit).
  bool reconcile_repair = true;
};

struct Config {
  std::string file;                   ///< the path it was read from
  ServiceConfig service;
  std::vector<std::string> mappings;  ///< resolved against the file's directory
  std::vector<int> mapping_lines;     ///< parallel to `mappings`
  std::map<std::string, connectors::SystemConfig, std::less<>> systems;
};

struct Loaded {
  std::optional<Config> config;     ///< set when there are no errors
  std::vector<std::string> errors;  ///< every problem found, each with file, line and key
};

/// Looks a variable up in the environment; tests pass their own.
using EnvLookup = std::function<std::optional<std::string>(std::string_view name)>;
EnvLookup process_environment();

/// With `only_system`, the variables of other systems need not be set (`syncloom pull woo.order` needs no
/// Tryton password), nor the admin token's (left empty when unset); everything else is still checked.
/// `kNoSystem` names none: the commands that read only the service's keys (`syncloom dlq`, `status`).
inline constexpr std::string_view kNoSystem = "-";
Loaded load_config(const std::string& path, const EnvLookup& env = process_environment(),
                   std::string_view only_system = {});
Loaded load_config_text(std::string_view yaml, const std::string& path, const EnvLookup& env = process_environment(),
                        std::string_view only_system = {});

/// Replaces every `${NAME}` in `value` (`$$` is a literal `$`). On a variable that is not set, or a
/// malformed reference, returns nullopt and sets `error` ("environment variable WOO_KEY is not set").
std::optional<std::string> substitute(std::string_view value, const EnvLookup& env, std::string* error,
                                      bool* used_variable = nullptr);

/// Keys whose values are credentials: never printed, and required to come from the environment.
bool is_secret_key(std::string_view key);

/// The system names and kinds the mappings declare: {"woo", "woocommerce"}.
struct DeclaredSystem {
  std::string name, kind, mapping;
};

/// Gives each configured system the kind its mappings declare, checks an explicit `kind:` against it,
/// and reports systems the mappings use that the file does not configure. Returns the errors.
std::vector<std::string> resolve_kinds(Config& config, const std::vector<DeclaredSystem>& declared);

}  // namespace syncloom::config
