// Reading syncloom.yaml and building the connectors of the systems it names.
#include "open_systems.hpp"

#include <algorithm>
#include <iostream>
#include <mutex>

#include "syncloom/syncloom.hpp"

namespace syncloom::cli {

std::optional<OpenSystems> open_systems(const OpenOptions& options, std::ostream& err) {
  auto loaded = config::load_config(options.config_path, config::process_environment(), options.only);
  for (const auto& e : loaded.errors) err << "error: " << e << "\n";
  if (!loaded.config) return std::nullopt;
  OpenSystems open;
  open.config = std::move(*loaded.config);

  // The kinds come from the mappings' `system NAME: KIND` declarations.
  std::vector<config::DeclaredSystem> declared;
  bool ok = true;
  for (size_t i = 0; i < open.config.mappings.size(); ++i) {
    const std::string& path = open.config.mappings[i];
    auto compiled = compile_file(path);
    if (!compiled.mapping) {
      err << "error: " << open.config.file << ":" << open.config.mapping_lines[i] << ": mappings: " << path
          << " does not compile:\n" << compiled.diagnostics;
      ok = false;
      continue;
    }
    for (const auto& s : compiled.mapping->systems()) {
      declared.push_back({s.name, s.kind, path});
      auto& topics = open.topics[s.name];
      for (const auto& t : s.topics)
        if (std::find(topics.begin(), topics.end(), t) == topics.end()) topics.push_back(t);
    }
  }
  if (!ok) return std::nullopt;
  for (const auto& e : config::resolve_kinds(open.config, declared)) {
    err << "error: " << e << "\n";
    ok = false;
  }
  if (!ok) return std::nullopt;

  connectors::Environment environment;
  if (options.verbose) {
    auto log_mutex = std::make_shared<std::mutex>();
    environment.request_log = [log_mutex](std::string_view line) {
      std::lock_guard lock(*log_mutex);
      std::cerr << line << "\n";
    };
  }
  for (const auto& [name, system] : open.config.systems) {
    if (!options.only.empty() && name != options.only) continue;
    auto made = connectors::make_connector(system, environment);
    if (!made.connector) {
      err << "error: " << made.error << "\n";
      ok = false;
      continue;
    }
    open.connectors.emplace(name, std::move(made.connector));
  }
  if (!options.only.empty() && !open.config.systems.count(options.only)) {
    err << "error: " << open.config.file << ": no system `" << options.only << "` (systems:";
    for (const auto& [name, s] : open.config.systems) err << " " << name;
    err << ")\n";
    ok = false;
  }
  if (!ok) return std::nullopt;
  return open;
}

bool split_system_record(const std::string& text, std::string& system, std::string& record, std::ostream& err) {
  size_t dot = text.find('.');
  if (dot == std::string::npos || dot == 0 || dot + 1 == text.size()) {
    err << "error: `" << text << "`: expected SYSTEM.RECORD, such as woo.order or erp.salesOrder\n";
    return false;
  }
  system = text.substr(0, dot);
  record = text.substr(dot + 1);
  return true;
}

}  // namespace syncloom::cli
