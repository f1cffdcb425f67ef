// Systems take their kind from the mappings that name them; `kind:` is for systems no mapping declares.
#include "syncloom/config/config.hpp"

namespace syncloom::config {

std::vector<std::string> resolve_kinds(Config& config, const std::vector<DeclaredSystem>& declared) {
  std::vector<std::string> errors;
  for (const DeclaredSystem& d : declared) {
    auto it = config.systems.find(d.name);
    if (it == config.systems.end()) {
      errors.push_back(config.file + ": systems." + d.name + ": missing: " + d.mapping + " uses system `" + d.name +
                       "` (" + d.kind + ")");
      continue;
    }
    connectors::SystemConfig& system = it->second;
    if (!system.kind.empty() && system.kind != d.kind) {
      errors.push_back(system.where("kind") + ": `" + system.kind + "`, but " + d.mapping + " declares `" + d.name +
                       "` as " + d.kind);
      continue;
    }
    system.kind = d.kind;
  }
  for (auto& [name, system] : config.systems)
    if (system.kind.empty())
      errors.push_back(system.where("kind") + ": missing: no mapping declares `" + name +
                       "`, so give its kind (woocommerce, tryton, ...)");
  return errors;
}

}  // namespace syncloom::config
