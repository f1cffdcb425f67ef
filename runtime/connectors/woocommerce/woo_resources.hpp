// Which wc/v3 endpoint serves each record of the woocommerce schema, and how it is searched and paged.
#pragma once
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace syncloom::connectors::woo {

struct Resource {
  std::string record;      ///< schema record: "order"
  std::string collection;  ///< top-level endpoint ("orders"); "" when only reachable below a parent
  std::string parent;      ///< parent collection of a nested record ("products" for variations)
  std::string nested;      ///< its endpoint below the parent ("variations", "refunds", "notes")
  bool by_modified = false;  ///< lists support modified_after and orderby=modified (keyset paging)
  bool batch = false;        ///< <collection>/batch exists
  /// find(): schema field -> query parameter (the answers are then filtered for an exact match).
  std::vector<std::pair<std::string, std::string>> find_params;
  /// related(): relation name -> nested record.
  std::vector<std::pair<std::string, std::string>> relations;
  /// The listing of every record when `collection` is empty (GET /refunds, WooCommerce 9.0+), listed by id
  /// with `after` (created after) for a delta; a get or a write still goes below the parent.
  std::string listing = {};
};

/// Null for a record this connector does not serve.
const Resource* find_resource(std::string_view record);
const std::vector<Resource>& resources();

/// "orders", or "products/22/variations" for a nested record with its parent's id.
std::string collection_path(const Resource& resource, std::string_view parent_id);

}  // namespace syncloom::connectors::woo
