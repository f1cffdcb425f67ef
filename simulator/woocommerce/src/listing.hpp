// Collection GETs as WooCommerce's CRUD controllers answer them: argument validation, date windows,
// include/exclude/search, ordering with id as the tie-break, per_page/page/offset paging, X-WP-Total,
// X-WP-TotalPages and a Link header with rel next/prev.
#pragma once

#include "reply.hpp"
#include "store.hpp"

#include <functional>
#include <string>
#include <vector>

namespace woosim {

struct ListSpec {
  std::string route;                           ///< "/orders", for the Link header
  std::vector<std::string> orderby;            ///< allowed orderby values
  std::string default_orderby = "date";
  std::string default_order = "desc";
  std::function<std::string(const Record&)> title;   ///< orderby title/name
  std::function<std::string(const Record&)> slug;    ///< orderby slug
  std::function<std::string(const Record&)> search;  ///< text `search` looks in (lower-cased here)
};

using Rows = std::vector<std::pair<int64_t, const Record*>>;

/// Validates and applies the common list arguments to `rows` (already filtered by the resource's own
/// arguments) and answers the page.
Reply list_records(const Store& store, const Query& q, Rows rows, const ListSpec& spec);

/// Integer argument: nullopt when absent; sets `bad` (rest_invalid_type) when not an integer.
std::optional<int64_t> int_param(const Query& q, const std::string& key, std::vector<InvalidParam>& bad);
/// An enum argument (single value or list), checked against `allowed`.
std::vector<std::string> enum_param(const Query& q, const std::string& key, const std::vector<std::string>& allowed,
                                    std::vector<InvalidParam>& bad);

/// `_fields=a,b`: keeps only the listed top-level fields.
void apply_fields(Json& body, const Query& q);

}  // namespace woosim
