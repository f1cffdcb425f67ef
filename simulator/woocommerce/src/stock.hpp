// Stock fields of products and variations: manage_stock, stock_quantity (only when managed), the derived
// stock_status, backorders, backorders_allowed, backordered; and the stock moves orders and refunds make.
#pragma once

#include "body_fields.hpp"
#include "store.hpp"

namespace woosim {

/// Applies a request's stock fields to a product or variation body (inventory_delta, undocumented but in
/// WooCommerce's controllers, adds to the quantity when stock_quantity is not sent), then derives the rest.
void apply_stock_request(BodyCheck& check, Json& body, const Json& request);
/// Recomputes stock_status (when managed), backorders_allowed and backordered.
void derive_stock(Json& body);
/// Adds `delta` to the stock of the variation (when set) or the product, if it manages stock; bumps its
/// date_modified and emits product.updated. Unmanaged or unknown items are left alone.
void move_stock(Ctx& ctx, int64_t product_id, int64_t variation_id, int64_t delta);

}  // namespace woosim
