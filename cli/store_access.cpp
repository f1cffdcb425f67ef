// Opening the durable store for the operations commands.
#include "store_access.hpp"

#include <pwd.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <iostream>

namespace syncloom::cli {

void add_store_options(CLI::App* cmd, StoreAccess& access, bool format) {
  cmd->add_option("--config,-c", access.config_path, "Configuration file (its `store:` names the store)")->capture_default_str();
  cmd->add_option("--store", access.store_path, "The store's SQLite file, instead of the configuration's `store:`");
  if (format) cmd->add_option("--format", access.format, "text or json")->check(CLI::IsMember({"text", "json"}))->capture_default_str();
}

std::optional<OpenedStore> open_store(const StoreAccess& access, bool config_given, std::ostream& err, bool read_only) {
  OpenedStore opened;
  if (access.store_path.empty() || config_given) {
    auto loaded = config::load_config(access.config_path, config::process_environment(), config::kNoSystem);
    for (const auto& e : loaded.errors) err << "error: " << e << "\n";
    if (!loaded.config) return std::nullopt;
    opened.config = std::move(*loaded.config);
  }
  opened.path = access.store_path.empty() ? opened.config->service.store : access.store_path;
  std::error_code ec;
  if (!store::is_postgres_url(opened.path) && !std::filesystem::is_regular_file(opened.path, ec)) {
    err << "error: " << opened.path << ": no store there";
    if (access.store_path.empty()) err << " (" << access.config_path << "'s `store:`; has `syncloom run` started?)";
    err << "\n";
    return std::nullopt;
  }
  auto store = store::open_store(opened.path, {.read_only = read_only});
  if (!store) {
    print_store_error(store.error(), err);
    return std::nullopt;
  }
  opened.store = std::move(*store);
  return opened;
}

std::string cli_actor() {
  for (const char* name : {"USER", "LOGNAME"})
    if (const char* value = std::getenv(name); value && *value) return std::string("cli:") + value;
  if (const passwd* pw = ::getpwuid(::getuid()); pw && pw->pw_name) return std::string("cli:") + pw->pw_name;
  return "cli:uid-" + std::to_string(::getuid());
}

void print_store_error(const store::Error& error, std::ostream& err) { err << "error: " << error.message << "\n"; }

}  // namespace syncloom::cli
