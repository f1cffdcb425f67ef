// calculate_totals and its coupon arithmetic. Everything is exact: amounts in cents as int64 for the
// discount split (as WC_Discounts does), Money for the rest.
#include "order_totals.hpp"

#include "tax.hpp"

#include <vector>

namespace woosim {
namespace {

int64_t cents(const Money& m) { return (m * Money::of_int(100)).round(0).to_int().value_or(0); }
Money from_cents(int64_t c) { return Money::of_int(c).div(Money::of_int(100), 2); }
std::string str_or(const Json& j, const char* key, const std::string& fallback = "") {
  return j.contains(key) && j[key].is_string() ? j[key].get<std::string>() : fallback;
}

const Json* find_coupon(const Store& store, const std::string& code) {
  for (const auto& [id, r] : store.coupons)
    if (r.body["code"] == code && !store.trashed_coupons.count(id)) return &r.body;
  return nullptr;
}

// Spreads `remainder` cents one at a time over items that still have something to discount.
void spread(std::vector<int64_t>& discount, const std::vector<int64_t>& room, int64_t remainder) {
  while (remainder > 0) {
    bool moved = false;
    for (size_t i = 0; i < discount.size() && remainder > 0; ++i) {
      if (discount[i] < room[i]) { ++discount[i]; --remainder; moved = true; }
    }
    if (!moved) break;
  }
}

// One coupon's discount per line, in cents, given each line's original and still-undiscounted price.
std::vector<int64_t> coupon_discounts(const Json& coupon, const std::vector<int64_t>& price,
                                      const std::vector<int64_t>& left, const std::vector<int64_t>& qty) {
  std::vector<int64_t> d(price.size(), 0);
  std::string type = str_or(coupon, "discount_type", "fixed_cart");
  Money amount = Money::parse_or_zero(str_or(coupon, "amount", "0"));
  if (type == "percent") {
    int64_t sum_price = 0, sum = 0;
    for (size_t i = 0; i < price.size(); ++i) {
      d[i] = std::min(left[i], (Money::of_int(price[i]) * amount).div(Money::of_int(100), 6).floor(0).to_int().value_or(0));
      sum_price += price[i];
      sum += d[i];
    }
    int64_t target = (Money::of_int(sum_price) * amount).div(Money::of_int(100), 0).to_int().value_or(0);
    spread(d, left, target - sum);
  } else if (type == "fixed_product") {
    int64_t each = cents(amount);
    for (size_t i = 0; i < price.size(); ++i) d[i] = std::min(left[i], each * qty[i]);
  } else {  // fixed_cart
    int64_t total = 0, sum = 0;
    for (int64_t l : left) total += l;
    int64_t amount_c = std::min(cents(amount), total);
    for (size_t i = 0; i < price.size() && total > 0; ++i) {
      d[i] = std::min(left[i], (Money::of_int(left[i]) * Money::of_int(amount_c)).div(Money::of_int(total), 6).floor(0).to_int().value_or(0));
      sum += d[i];
    }
    spread(d, left, amount_c - sum);
  }
  return d;
}

bool line_taxable(const Store& store, const Json& line) {
  int64_t vid = line.value("variation_id", int64_t{0}), pid = line.value("product_id", int64_t{0});
  const Json* product = nullptr;
  if (vid && store.variations.count(vid)) product = &store.variations.at(vid).body;
  else if (store.products.count(pid)) product = &store.products.at(pid).body;
  std::string status = product ? str_or(*product, "tax_status", "taxable") : "taxable";
  return TaxRate::applies(status, str_or(line, "tax_class"));
}

Json tax_entry(const Money& total, const Money* subtotal) {
  return Json{{"id", TaxRate::id}, {"total", total.trimmed()}, {"subtotal", subtotal ? Json(subtotal->trimmed()) : Json("")}};
}

}  // namespace

Reply calculate_totals(Store& store, Json& order) {
  Json& lines = order["line_items"];
  std::vector<int64_t> price, left, qty;
  for (auto& line : lines) {
    int64_t q = line.value("quantity", int64_t{1});
    price.push_back(cents(Money::parse_or_zero(str_or(line, "subtotal", "0"))));
    left.push_back(price.back());
    qty.push_back(q);
  }
  std::vector<int64_t> discount(price.size(), 0);
  for (auto& coupon_line : order["coupon_lines"]) {
    std::string code = str_or(coupon_line, "code");
    const Json* coupon = find_coupon(store, code);
    if (!coupon) return wc_error(400, "woocommerce_rest_invalid_coupon", "Coupon \"" + code + "\" does not exist!");
    std::vector<int64_t> d = coupon_discounts(*coupon, price, left, qty);
    Money coupon_total, coupon_tax;
    for (size_t i = 0; i < d.size(); ++i) {
      left[i] -= d[i];
      discount[i] += d[i];
      coupon_total = coupon_total + from_cents(d[i]);
      if (line_taxable(store, lines[i])) coupon_tax = coupon_tax + TaxRate::on(from_cents(d[i]));
    }
    coupon_line["discount"] = coupon_total.str2();
    coupon_line["discount_tax"] = coupon_tax.str2();
  }

  Money subtotal_sum, total_sum, subtotal_tax_sum, cart_tax, shipping_total, fees_total;
  for (size_t i = 0; i < price.size(); ++i) {
    Json& line = lines[i];
    Money subtotal = from_cents(price[i]), total = from_cents(price[i] - discount[i]);
    bool taxable = line_taxable(store, line);
    Money subtotal_tax = taxable ? TaxRate::on(subtotal) : Money(), total_tax = taxable ? TaxRate::on(total) : Money();
    line["subtotal"] = subtotal.str2();
    line["subtotal_tax"] = subtotal_tax.str2();
    line["total"] = total.str2();
    line["total_tax"] = total_tax.str2();
    line["taxes"] = taxable ? Json::array({tax_entry(total_tax, &subtotal_tax)}) : Json::array();
    // WooCommerce's price is total / quantity as a PHP float; here the exact quotient to 10 places, trimmed.
    line["price"] = exact_number(qty[i] ? total.div(Money::of_int(qty[i]), 10).trimmed() : "0");
    subtotal_sum = subtotal_sum + subtotal;
    total_sum = total_sum + total;
    subtotal_tax_sum = subtotal_tax_sum + subtotal_tax;
    cart_tax = cart_tax + total_tax;
  }
  for (auto& fee : order["fee_lines"]) {
    Money total = Money::parse_or_zero(str_or(fee, "total", "0")).round(2);
    bool taxable = TaxRate::applies(str_or(fee, "tax_status", "taxable"), str_or(fee, "tax_class"));
    Money tax = taxable ? TaxRate::on(total) : Money();
    fee["total"] = total.str2();
    fee["total_tax"] = tax.str2();
    fee["taxes"] = taxable ? Json::array({tax_entry(tax, nullptr)}) : Json::array();
    fees_total = fees_total + total;
    cart_tax = cart_tax + tax;
  }
  for (auto& ship : order["shipping_lines"]) {
    Money total = Money::parse_or_zero(str_or(ship, "total", "0")).round(2);
    ship["total"] = total.str2();
    ship["total_tax"] = "0.00";
    ship["taxes"] = Json::array();
    shipping_total = shipping_total + total;
  }

  bool any_taxed = false;
  for (auto& line : lines) any_taxed = any_taxed || !line["taxes"].empty();
  for (auto& fee : order["fee_lines"]) any_taxed = any_taxed || !fee["taxes"].empty();
  Json tax_lines = Json::array();
  if (any_taxed) {
    int64_t id = 0;
    if (!order["tax_lines"].empty()) id = order["tax_lines"][0].value("id", int64_t{0});
    if (!id) id = store.next_item++;
    tax_lines.push_back(Json{{"id", id}, {"rate_code", TaxRate::code}, {"rate_id", TaxRate::id},
                             {"label", TaxRate::label}, {"compound", false}, {"tax_total", cart_tax.str2()},
                             {"shipping_tax_total", "0.00"}, {"meta_data", Json::array()}});
  }
  order["tax_lines"] = tax_lines;
  order["discount_total"] = (subtotal_sum - total_sum).str2();
  // discount_tax counts product lines only: take the fee taxes back out of cart_tax for it.
  Money fee_tax;
  for (auto& fee : order["fee_lines"]) fee_tax = fee_tax + Money::parse_or_zero(str_or(fee, "total_tax", "0"));
  order["discount_tax"] = (subtotal_tax_sum - (cart_tax - fee_tax)).str2();
  order["shipping_total"] = shipping_total.str2();
  order["shipping_tax"] = "0.00";
  order["cart_tax"] = cart_tax.str2();
  order["total"] = (total_sum + fees_total + shipping_total + cart_tax).str2();
  order["total_tax"] = cart_tax.str2();
  return Reply{};
}

}  // namespace woosim
