// The wc/v3 endpoints of the woocommerce schema's records.
#include "woocommerce/woo_resources.hpp"

namespace syncloom::connectors::woo {

const std::vector<Resource>& resources() {
  // Customers have no modified_after in wc/v3: they are listed by id (docs/connectors.md "Paging").
  static const std::vector<Resource> kResources = {
      {"order", "orders", "", "", true, true, {{"number", "search"}}, {{"refunds", "refund"}, {"notes", "order_note"}}},
      {"product", "products", "", "", true, true, {{"sku", "sku"}, {"slug", "slug"}}, {{"variations", "variation"}}},
      {"variation", "", "products", "variations", true, true, {{"sku", "sku"}}, {}},
      {"customer", "customers", "", "", false, true, {{"email", "email"}}, {}},
      {"coupon", "coupons", "", "", true, true, {{"code", "code"}}, {}},
      {"refund", "", "orders", "refunds", false, false, {}, {}, "refunds"},
      {"order_note", "", "orders", "notes", false, false, {}, {}},
  };
  return kResources;
}

const Resource* find_resource(std::string_view record) {
  for (const Resource& r : resources())
    if (r.record == record) return &r;
  return nullptr;
}

std::string collection_path(const Resource& resource, std::string_view parent_id) {
  if (!resource.collection.empty()) return resource.collection;
  return resource.parent + "/" + std::string(parent_id) + "/" + resource.nested;
}

}  // namespace syncloom::connectors::woo
