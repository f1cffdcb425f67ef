// The WooCommerce and WordPress versions the simulator reports (order `version`, the webhook User-Agent).
#pragma once

namespace woosim {
inline constexpr const char* kWooCommerceVersion = "9.4.2";
inline constexpr const char* kWordPressVersion = "6.7.1";
}  // namespace woosim
