// The factory: a connector by its configuration's kind.
#include "syncloom/connectors/connector.hpp"

#include "tryton/tryton_connector.hpp"
#include "woocommerce/woocommerce_connector.hpp"

namespace syncloom::connectors {

std::vector<std::string> connector_kinds() {
  std::vector<std::string> kinds;
  kinds.emplace_back("tryton");
  kinds.emplace_back("woocommerce");
  return kinds;
}

Made make_connector(const SystemConfig& config, const Environment& environment) {
  Made made;
  std::string error;
  if (config.kind == "woocommerce") {
    made.connector = make_woocommerce_connector(config, environment, &error);
    if (!made.connector) made.error = error;
    return made;
  }
  if (config.kind == "tryton") {
    made.connector = make_tryton_connector(config, environment, &error);
    if (!made.connector) made.error = error;
    return made;
  }
  std::string kinds;
  for (const std::string& k : connector_kinds()) kinds += (kinds.empty() ? "" : ", ") + k;
  made.error = config.where("kind") + ": no connector for kind `" + config.kind + "`" +
               (kinds.empty() ? std::string() : " (this build has: " + kinds + ")") +
               "; NetSuite, Business Central, SAP Business One and Oracle Fusion follow (docs/design.md)";
  return made;
}

}  // namespace syncloom::connectors
