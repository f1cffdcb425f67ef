// WC_Abstract_Order::calculate_totals() for the simulator: coupon discounts per line (percent, fixed_cart,
// fixed_product, in cents with WooCommerce's remainder spreading), per-line taxes, tax_lines and the order's
// money fields.
#pragma once

#include "reply.hpp"
#include "store.hpp"

namespace woosim {

/// Recomputes `order` (its line_items' subtotal/total/taxes/price, fee and shipping taxes, coupon_lines,
/// tax_lines and the totals) from its lines and the store's coupons. A coupon code the store lacks is an error
/// reply (`woocommerce_rest_invalid_coupon`); the order is then unchanged.
Reply calculate_totals(Store& store, Json& order);

}  // namespace woosim
