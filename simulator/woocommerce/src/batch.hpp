// POST <resource>/batch: {create, update, delete} with at most 100 items in all (413 beyond), each item
// answered in place (the record, or {"id":N,"error":{code,message,data}} inside the 200); delete is always forced.
#pragma once

#include "resource.hpp"

namespace woosim {

inline constexpr size_t kBatchLimit = 100;  ///< woocommerce_rest_batch_items_limit

Reply run_batch(Ctx& ctx, const Resource& resource, int64_t parent, const Json& body);

}  // namespace woosim
