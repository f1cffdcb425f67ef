// The topic table of WC_Webhook::get_topic_hooks.
#include "webhook_topics.hpp"

#include <map>
#include <vector>

namespace woosim {

bool parse_topic(const std::string& topic, TopicInfo& out) {
  static const std::map<std::string, std::vector<const char*>> hooks = {
      {"order.created", {"woocommerce_new_order"}},
      {"order.updated", {"woocommerce_update_order", "woocommerce_order_refunded"}},
      {"order.deleted", {"wp_trash_post"}},
      {"order.restored", {"untrashed_post"}},
      {"product.created", {"woocommerce_process_product_meta", "woocommerce_new_product", "woocommerce_new_product_variation"}},
      {"product.updated", {"woocommerce_process_product_meta", "woocommerce_update_product", "woocommerce_update_product_variation"}},
      {"product.deleted", {"wp_trash_post"}},
      {"product.restored", {"untrashed_post"}},
      {"product.published", {"woocommerce_product_published"}},
      {"customer.created", {"user_register", "woocommerce_created_customer", "woocommerce_new_customer"}},
      {"customer.updated", {"profile_update", "woocommerce_update_customer"}},
      {"customer.deleted", {"delete_user"}},
      {"coupon.created", {"woocommerce_process_shop_coupon_meta", "woocommerce_new_coupon"}},
      {"coupon.updated", {"woocommerce_process_shop_coupon_meta", "woocommerce_update_coupon"}},
      {"coupon.deleted", {"wp_trash_post"}},
      {"coupon.restored", {"untrashed_post"}},
  };
  size_t dot = topic.find('.');
  if (dot == std::string::npos || dot == 0 || dot + 1 == topic.size()) return false;
  out.resource = topic.substr(0, dot);
  out.event = topic.substr(dot + 1);
  out.hooks = Json::array();
  if (out.resource == "action") {
    if (out.event.rfind("woocommerce_", 0) != 0 && out.event.rfind("wc_", 0) != 0) return false;
    out.hooks.push_back(out.event);
    return true;
  }
  auto it = hooks.find(topic);
  if (it == hooks.end()) return false;
  for (const char* h : it->second) out.hooks.push_back(h);
  return true;
}

}  // namespace woosim
