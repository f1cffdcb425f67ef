// The request fields products and variations share (prices, SKU, stock, tax, shipping, meta), and the
// fields WooCommerce derives from them (price, on_sale, purchasable, price_html).
#pragma once

#include "body_fields.hpp"
#include "store.hpp"

namespace woosim {

/// Applies the shared fields of `req` to `body`. `self` is the record's own id (0 when new), so that its
/// own SKU does not count as a duplicate. A duplicate SKU is `product_invalid_sku` (400).
Reply apply_product_fields(Store& store, Json& body, const Json& req, int64_t self);
/// price from sale/regular price, on_sale, purchasable and price_html for a simple product or a variation.
void derive_price(Json& body);
/// The `<span class="woocommerce-Price-amount amount">` markup of one amount.
std::string price_markup(const std::string& amount);

}  // namespace woosim
