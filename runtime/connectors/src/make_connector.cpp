// The factory: a connector by its configuration's kind.
#include "syncloom/connectors/connector.hpp"

#if __has_include("woocommerce/woocommerce_connector.hpp")
#include "woocommerce/woocommerce_connector.hpp"
#define SYNCLOOM_HAVE_WOOCOMMERCE 1
#endif
#if __has_include("tryton/tryton_connector.hpp")
#include "tryton/tryton_connector.hpp"
#define SYNCLOOM_HAVE_TRYTON 1
#endif

namespace syncloom::connectors {

std::vector<std::string> connector_kinds() {
  std::vector<std::string> kinds;
#ifdef SYNCLOOM_HAVE_TRYTON
  kinds.emplace_back("tryton");
#endif
#ifdef SYNCLOOM_HAVE_WOOCOMMERCE
  kinds.emplace_back("woocommerce");
#endif
  return kinds;
}

Made make_connector(const SystemConfig& config, const Environment& environment) {
  Made made;
  [[maybe_unused]] std::string error;
#ifdef SYNCLOOM_HAVE_WOOCOMMERCE
  if (config.kind == "woocommerce") {
    made.connector = make_woocommerce_connector(config, environment, &error);
    if (!made.connector) made.error = error;
    return made;
  }
#endif
#ifdef SYNCLOOM_HAVE_TRYTON
  if (config.kind == "tryton") {
    made.connector = make_tryton_connector(config, environment, &error);
    if (!made.connector) made.error = error;
    return made;
  }
#endif
  (void)environment;
  std::string kinds;
  for (const std::string& k : connector_kinds()) kinds += (kinds.empty() ? "" : ", ") + k;
  made.error = config.where("kind") + ": no connector for kind `" + config.kind + "`" +
               (kinds.empty() ? std::string() : " (this build has: " + kinds + ")") +
               "; NetSuite, Business Central, SAP Business One and Oracle Fusion follow (docs/design.md)";
  return made;
}

}  // namespace syncloom::connectors
