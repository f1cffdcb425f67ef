// Webhook topics: `resource.event` for order, product, customer and coupon (created, updated, deleted,
// restored; product.published), custom `action.*`, and the WordPress hooks each one listens to.
#pragma once

#include "json.hpp"

#include <string>

namespace woosim {

struct TopicInfo {
  std::string resource, event;
  Json hooks = Json::array();
};

/// False when WooCommerce would refuse the topic (wc_is_webhook_valid_topic).
bool parse_topic(const std::string& topic, TopicInfo& out);

}  // namespace woosim
