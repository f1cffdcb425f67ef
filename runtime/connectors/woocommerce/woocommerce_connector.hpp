// The WooCommerce REST v3 connector's factory (docs/connectors.md "WooCommerce").
#pragma once
#include <memory>
#include <string>

#include "syncloom/connectors/connector.hpp"

namespace syncloom::connectors {

/// Builds the connector from `systems.NAME` (url, consumer_key, consumer_secret, webhook_secret, auth:
/// basic|oauth1|query, api_root). Null and `error` (naming the setting) when the configuration is unusable.
/// Contacts nothing: the first call does.
std::unique_ptr<Connector> make_woocommerce_connector(const SystemConfig& config, const Environment& environment,
                                                      std::string* error);

}  // namespace syncloom::connectors
