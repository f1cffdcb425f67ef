// Shared by the operations commands (`syncloom dlq ...`, `syncloom status`): which store to open (the
// config's `store:` or --store), opening it without creating one, and the actor their actions are audited as.
#pragma once
#include <iosfwd>
#include <memory>
#include <optional>
#include <string>

#include <CLI/CLI.hpp>

#include "syncloom/config/config.hpp"
#include "syncloom/store/store.hpp"

namespace syncloom::cli {

struct StoreAccess {
  std::string config_path = "syncloom.yaml";
  std::string store_path;  ///< --store: wins over the config's `store:`
  std::string format = "text";
};

/// Adds --config/-c and --store to `cmd`; with `format`, also --format text|json.
void add_store_options(CLI::App* cmd, StoreAccess& access, bool format);

struct OpenedStore {
  std::unique_ptr<store::Store> store;
  std::string path;
  std::optional<config::Config> config;  ///< when read (no --store, or --config given explicitly)
};

/// Reads the config's service keys (no system's credentials needed) unless --store alone is given, and
/// opens the store; an absent file is an error, not a new empty store. Nullopt after printing the error.
/// With `read_only`, the store is opened without migrating and refuses every write (`syncloom replay`).
std::optional<OpenedStore> open_store(const StoreAccess& access, bool config_given, std::ostream& err,
                                      bool read_only = false);

/// "cli:" and the user's login name ($USER, $LOGNAME, or the password database).
std::string cli_actor();

/// Prints a store error as "error: MESSAGE".
void print_store_error(const store::Error& error, std::ostream& err);

}  // namespace syncloom::cli
