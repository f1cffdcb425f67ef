// The line arrays of an order request (line_items, shipping_lines, fee_lines, coupon_lines) merged into an
// order body as WooCommerce's prepare_line_items/update_*_lines do: rows with an id are updated (quantity 0 or
// a null name/method/code removes them), rows without are added.
#pragma once

#include "body_fields.hpp"
#include "store.hpp"

namespace woosim {

/// Merges every line array `request` carries into `order`; an unknown product or item id is an error reply
/// (status 400), otherwise `ok()`.
Reply merge_order_lines(Store& store, Json& order, const Json& request);

}  // namespace woosim
