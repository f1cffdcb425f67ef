// What variations need from products: a variable product's variations list and price range follow its children.
#pragma once

#include "store.hpp"

namespace woosim {
/// Sets `variations`, price, price_html and purchasable of variable product `p` from its variations.
void sync_variable(const Store& store, Json& p);
/// The order-line name of variation `id`: "Parent - Black, M" (WooCommerce's generated variation title).
std::string variation_title(const Store& store, int64_t id);
}  // namespace woosim
