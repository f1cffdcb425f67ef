// seed_store: a splitmix64 stream drives every choice; records go through the same create paths as the API.
#include "seed.hpp"

#include "body_fields.hpp"
#include "delivery.hpp"
#include "money.hpp"
#include "resource.hpp"

#include <vector>

namespace woosim {
namespace {

class Rng {
 public:
  explicit Rng(uint64_t seed) : state_(seed * 0x9E3779B97F4A7C15ull + 0x632BE59BD9B4E019ull) {}
  uint64_t next() {
    uint64_t z = (state_ += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
  }
  int64_t between(int64_t lo, int64_t hi) { return lo + static_cast<int64_t>(next() % static_cast<uint64_t>(hi - lo + 1)); }
  template <typename T, size_t N>
  const T& pick(const T (&a)[N]) { return a[next() % N]; }

 private:
  uint64_t state_;
};

const char* kFirst[] = {"John", "Jane", "Ana", "Luis", "Mei", "Omar", "Sofia", "Kenji", "Ines", "Paul", "Zoe", "Ravi"};
const char* kLast[] = {"Doe", "Smith", "Garcia", "Chen", "Haddad", "Rossi", "Tanaka", "Silva", "Novak", "Okafor"};
const char* kCity[] = {"San Francisco", "Los Angeles", "San Diego", "Sacramento", "Oakland", "Fresno"};
const char* kAdjective[] = {"Premium", "Classic", "Organic", "Vintage", "Deluxe", "Eco", "Urban", "Alpine"};
const char* kNoun[] = {"T-Shirt", "Mug", "Notebook", "Cap", "Poster", "Tote Bag", "Candle", "Scarf", "Socks"};
const char* kColors[] = {"Black", "Green", "Blue", "Red"};
const char* kSizes[] = {"S", "M", "L"};

Json address(Rng& rng, const std::string& first, const std::string& last, bool contact, const std::string& email) {
  Json a{{"first_name", first}, {"last_name", last}, {"company", ""},
         {"address_1", std::to_string(rng.between(100, 999)) + " Market St"}, {"address_2", ""},
         {"city", rng.pick(kCity)}, {"state", "CA"}, {"postcode", std::to_string(rng.between(90001, 96162))}, {"country", "US"}};
  if (contact) { a["email"] = email; a["phone"] = "(555) 555-" + std::to_string(rng.between(1000, 9999)); }
  return a;
}

std::string price(Rng& rng) { return Money::of_int(rng.between(300, 9999)).div(Money::of_int(100), 2).str2(); }

int64_t created_id(const Reply& r) { return r.ok() ? r.body["id"].get<int64_t>() : 0; }

}  // namespace

Json seed_store(Store& s, uint64_t seed, const SeedCounts& n) {
  DeliveryQueue* deliveries = s.deliveries;
  s.deliveries = nullptr;  // seeding is not a change anyone is told about
  s.clear();
  Rng rng(seed);
  int64_t t = 1709283600;  // 2024-03-01T09:00:00Z
  auto tick = [&] { t += rng.between(60, 7200); return t; };
  Ctx ctx{s, t};
  auto at = [&]() -> Ctx& { ctx.now = tick(); return ctx; };

  std::vector<std::string> coupon_codes;
  for (int64_t i = 0; i < n.coupons; ++i) {
    bool percent = i % 2 == 0;
    std::string code = percent ? "save" + std::to_string(5 * (i + 2)) : std::to_string(i + 4) + "off";
    Json req{{"code", code}, {"discount_type", percent ? "percent" : "fixed_cart"},
             {"amount", percent ? std::to_string(5 * (i + 2)) + ".00" : std::to_string(i + 4) + ".00"}};
    if (created_id(coupons_resource().create(at(), 0, req))) coupon_codes.push_back(code);
  }
  std::vector<int64_t> customers;
  for (int64_t i = 0; i < n.customers; ++i) {
    std::string first = rng.pick(kFirst), last = rng.pick(kLast);
    std::string email = first + "." + last + std::to_string(i + 1) + "@example.com";
    email = lowercase(email);
    Json req{{"email", email}, {"first_name", first}, {"last_name", last}, {"billing", address(rng, first, last, true, email)}};
    req["shipping"] = address(rng, first, last, false, "");
    if (int64_t id = created_id(customers_resource().create(at(), 0, req))) customers.push_back(id);
  }
  struct Sellable { int64_t product, variation; };
  std::vector<Sellable> sellable;
  for (int64_t i = 0; i < n.products; ++i) {
    std::string name = std::string(rng.pick(kAdjective)) + " " + rng.pick(kNoun);
    bool managed = rng.between(0, 2) != 0;
    Json req{{"name", name}, {"type", "simple"}, {"regular_price", price(rng)}, {"sku", "WS-" + std::to_string(1001 + i)},
             {"manage_stock", managed}, {"description", "<p>" + name + ".</p>"}, {"categories", Json::array({Json{{"id", 15}}})}};
    if (managed) req["stock_quantity"] = rng.between(0, 40);
    if (rng.between(0, 4) == 0) req["sale_price"] = Money::parse_or_zero(req["regular_price"].get<std::string>()).div(Money::of_int(2), 2).str2();
    if (int64_t id = created_id(products_resource().create(at(), 0, req))) sellable.push_back({id, 0});
  }
  for (int64_t i = 0; i < n.variable_products; ++i) {
    std::string name = std::string(rng.pick(kAdjective)) + " Hoodie";
    Json attrs = Json::array({Json{{"id", 0}, {"name", "Color"}, {"position", 0}, {"visible", true}, {"variation", true}, {"options", Json::array({kColors[i % 4], kColors[(i + 1) % 4]})}},
                              Json{{"id", 0}, {"name", "Size"}, {"position", 1}, {"visible", true}, {"variation", true}, {"options", Json::array({"S", "M"})}}});
    Json req{{"name", name}, {"type", "variable"}, {"sku", "WV-" + std::to_string(2001 + i)}, {"attributes", attrs},
             {"categories", Json::array({Json{{"id", 9}}})}};
    int64_t pid = created_id(products_resource().create(at(), 0, req));
    if (!pid) continue;
    std::string base = price(rng);
    for (int c = 0; c < 2; ++c)
      for (int z = 0; z < 2; ++z) {
        Json v{{"regular_price", base}, {"sku", "WV-" + std::to_string(2001 + i) + "-" + std::to_string(c * 2 + z + 1)},
               {"manage_stock", true}, {"stock_quantity", rng.between(0, 25)},
               {"attributes", Json::array({Json{{"id", 0}, {"name", "Color"}, {"option", kColors[(i + c) % 4]}}, Json{{"id", 0}, {"name", "Size"}, {"option", kSizes[z]}}})}};
        if (int64_t vid = created_id(variations_resource().create(at(), pid, v))) sellable.push_back({pid, vid});
      }
  }
  const char* statuses[] = {"processing", "processing", "completed", "completed", "on-hold", "pending", "cancelled"};
  std::vector<int64_t> paid_orders;
  for (int64_t i = 0; i < n.orders && !sellable.empty(); ++i) {
    bool guest = customers.empty() || rng.between(0, 4) == 0;
    int64_t customer = guest ? 0 : customers[rng.next() % customers.size()];
    Json billing = customer ? s.customers[customer].body["billing"] : address(rng, rng.pick(kFirst), rng.pick(kLast), true, "guest" + std::to_string(i + 1) + "@example.com");
    Json shipping = billing;
    shipping.erase("email");
    shipping.erase("phone");
    Json lines = Json::array();
    int64_t count = rng.between(1, 3);
    for (int64_t k = 0; k < count; ++k) {
      const Sellable& item = sellable[rng.next() % sellable.size()];
      lines.push_back(Json{{"product_id", item.product}, {"variation_id", item.variation}, {"quantity", rng.between(1, 3)}});
    }
    std::string status = rng.pick(statuses);
    Json req{{"status", status}, {"customer_id", customer}, {"billing", billing}, {"shipping", shipping},
             {"payment_method", "bacs"}, {"payment_method_title", "Direct Bank Transfer"}, {"line_items", lines}};
    int64_t ship = rng.between(0, 2);
    req["shipping_lines"] = Json::array({Json{{"method_id", ship ? "flat_rate" : "free_shipping"}, {"method_title", ship ? "Flat Rate" : "Free shipping"},
                                              {"total", ship == 2 ? "10.00" : ship == 1 ? "5.00" : "0.00"}}});
    if (!coupon_codes.empty() && rng.between(0, 5) == 0) req["coupon_lines"] = Json::array({Json{{"code", coupon_codes[rng.next() % coupon_codes.size()]}}});
    int64_t id = created_id(orders_resource().create(at(), 0, req));
    if (id && (status == "processing" || status == "completed")) paid_orders.push_back(id);
  }
  int64_t refunds = 0;
  for (size_t k = 0; refunds < n.refunds && k < paid_orders.size(); ++k) {
    const Json& order = s.orders[paid_orders[k]].body;
    const Json& line = order["line_items"][0];
    Json req{{"api_refund", false}, {"reason", "Seeded refund"}};
    if (rng.between(0, 1) == 0) {
      req["line_items"] = Json::array({Json{{"id", line["id"]}, {"quantity", line["quantity"]}, {"refund_total", line["total"]},
                                            {"refund_tax", Json::array({Json{{"id", 75}, {"refund_total", line["total_tax"]}}})}}});
    } else {
      req["amount"] = "1.00";
    }
    if (created_id(refunds_resource().create(at(), paid_orders[k], req))) ++refunds;
  }
  s.deliveries = deliveries;
  return Json{{"seed", seed}, {"coupons", s.coupons.size()}, {"customers", s.customers.size()}, {"products", s.products.size()},
              {"variations", s.variations.size()}, {"orders", s.orders.size()}, {"refunds", s.refunds.size()}};
}

}  // namespace woosim
