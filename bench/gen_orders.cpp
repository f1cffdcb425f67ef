// Generates realistic WooCommerce orders as NDJSON for the transform benchmark (bench/README.md), deterministic
// by seed: the same N and seed give the same bytes on every machine.
//
//   gen_orders 200000 > orders.ndjson            # seed 1
//   gen_orders 1000 --seed 7 --stats > small.ndjson   # counts on stderr
//
// Shape follows /work/shared/woocommerce/samples/order.json (wc/v3). Money is integer cents internally and
// printed as strings with 2 decimals, so every balanced order balances exactly: total = sum(line totals) +
// shipping_total + total_tax. Every 200th order (index % 200 == 199) has its total off by one cent, to exercise
// the mapping's balance check.
#include <charconv>
#include <cinttypes>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <string_view>

namespace {

constexpr uint64_t kUnbalancedEvery = 200;

/// splitmix64: tiny, fast, and identical everywhere (std:: distributions are not specified bit for bit).
struct Rng {
  uint64_t s;
  uint64_t next() {
    uint64_t z = (s += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
  }
  /// Uniform in [0, n).
  uint64_t below(uint64_t n) { return next() % n; }
  template <size_t N>
  const char* pick(const char* const (&items)[N]) { return items[below(N)]; }
};

const char* const kProducts[] = {
    "Øster Kaffe 500 g", "Crème brûlée Set", "Ærø Honning", "Smørrebrød Platte", "Café au lait Becher",
    "Zürcher Geschnetzeltes (Fertiggericht)", "Piñata \"Fiesta\"", "Jalapeño Salsa", "Naïve Art Print A3",
    "Crêpe Pan 24 cm", "Tōkyō Green Tea", "Mäusespeck 1 kg", "Garlic Press", "Cast Iron Skillet",
    "Linen Napkins (4)", "Espresso Cups – Set of 6", "Brødkniv", "Fjällräven Backpack", "Łódź Pierogi Mix",
    "Ship Your Idea &ndash; Color: Black, Size: M", "Woo Single #1", "Hoodie with Logo", "Beanie",
};
const char* const kFirst[] = {"Søren", "Zoë", "Jürgen", "Ólafur", "Anaïs", "John", "Maria", "Chloé", "Björn",
                              "Ana", "Łukasz", "Émilie", "Peter", "Mette", "José"};
const char* const kLast[] = {"Hansen", "Müller", "Ødegaard", "Doe", "García", "Núñez", "Åberg", "Smith",
                             "Kowalski", "Lefèvre", "Jensen", "O'Brien", "Dvořák"};
const char* const kEmailUser[] = {"Soeren.Hansen", "zoe.MUELLER", "J.Doe", "maria.garcia", "Bjorn.Aberg",
                                  "ana.nunez", "Peter.Jensen", "mette", "Info", "luk.kowalski"};
const char* const kEmailDomain[] = {"Example.com", "example.COM", "Shop.Example.org", "mail.example.net",
                                    "EXAMPLE.dk"};
const char* const kCities[] = {"Ærøskøbing", "København", "Malmö", "Zürich", "Köln", "San Francisco",
                               "Kraków", "Besançon", "Reykjavík", "Odense", "A Coruña"};
const char* const kCountries[] = {"DK", "DK", "SE", "CH", "DE", "US", "PL", "FR", "IS", "DK", "ES"};
const char* const kNotes[] = {"", "", "", "", "Bitte \"nicht\" klingeln", "Leave at the door\nback entrance",
                              "Gift wrap, please 🎁", "Ring twice"};

struct Status {
  const char* name;
  int weight;  ///< out of 1000
};
// Most orders are processing, completed or on-hold; pending and the closed statuses are filtered out.
const Status kStatuses[] = {{"processing", 460}, {"completed", 300}, {"on-hold", 120}, {"pending", 80},
                            {"cancelled", 15},   {"refunded", 10},   {"failed", 15}};

struct TaxClass {
  const char* name;
  int rate_id;
  int basis_points;  ///< 1900 = 19 %
  const char* code;
  const char* label;
};
const TaxClass kTaxClasses[] = {{"", 1, 2500, "DK-MOMS-1", "Moms"},
                                {"reduced-rate", 2, 1200, "DK-RED-1", "Reduced"},
                                {"zero-rate", 3, 0, "DK-ZERO-1", "Zero"}};

/// cents * bp / 10000, rounded half up (what WooCommerce's wc_round_tax_total does for positive amounts).
int64_t tax_of(int64_t cents, int bp) { return (cents * bp + 5000) / 10000; }

class Writer {
 public:
  void raw(std::string_view s) { out_.append(s); }
  void key(const char* k) {
    out_ += '"';
    out_ += k;
    out_ += "\":";
  }
  void str(std::string_view s) {
    out_ += '"';
    for (char c : s) {
      if (c == '"' || c == '\\') out_ += '\\', out_ += c;
      else if (c == '\n') out_ += "\\n";
      else out_ += c;
    }
    out_ += '"';
  }
  void num(int64_t v) {
    char buf[24];
    auto [p, ec] = std::to_chars(buf, buf + sizeof buf, v);
    out_.append(buf, size_t(p - buf));
  }
  void real(double v) {
    char buf[32];
    auto [p, ec] = std::to_chars(buf, buf + sizeof buf, v);
    out_.append(buf, size_t(p - buf));
  }
  /// Money as WooCommerce sends it: a string with two decimals.
  void money(int64_t cents) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "\"%s%lld.%02lld\"", cents < 0 ? "-" : "", std::llabs(cents) / 100,
                  std::llabs(cents) % 100);
    out_ += buf;
  }
  void ts(int64_t epoch) {
    // Civil date from days (Howard Hinnant's algorithm), UTC, no offset: as WooCommerce writes *_gmt.
    int64_t days = epoch / 86400, secs = epoch % 86400;
    days += 719468;
    int64_t era = days / 146097, doe = days - era * 146097;
    int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int64_t y = yoe + era * 400, doy = doe - (365 * yoe + yoe / 4 - yoe / 100), mp = (5 * doy + 2) / 153;
    int64_t d = doy - (153 * mp + 2) / 5 + 1, m = mp < 10 ? mp + 3 : mp - 9;
    if (m <= 2) ++y;
    char buf[40];
    std::snprintf(buf, sizeof buf, "\"%04" PRId64 "-%02" PRId64 "-%02" PRId64 "T%02" PRId64 ":%02" PRId64 ":%02" PRId64 "\"",
                  y, m, d, secs / 3600, secs / 60 % 60, secs % 60);
    out_ += buf;
  }
  std::string& out() { return out_; }

 private:
  std::string out_;
};

struct Line {
  const char* name;
  int64_t product_id, variation_id, quantity, subtotal, total, subtotal_tax, total_tax;
  const TaxClass* tax;
  bool has_sku, has_attributes;
};

struct Stats {
  uint64_t by_status[std::size(kStatuses)] = {};
  uint64_t unbalanced = 0, unbalanced_passing = 0, lines = 0, discounted_lines = 0;
};

bool passes_filter(const char* status) {
  return !std::strcmp(status, "processing") || !std::strcmp(status, "completed") || !std::strcmp(status, "on-hold");
}

void write_order(uint64_t index, Rng& rng, Writer& w, Stats& stats) {
  // 1. Choose the order's parts.
  int roll = int(rng.below(1000)), status_index = 0;
  for (int acc = 0; status_index < int(std::size(kStatuses)); ++status_index) {
    acc += kStatuses[status_index].weight;
    if (roll < acc) break;
  }
  const char* status = kStatuses[status_index].name;
  ++stats.by_status[status_index];
  int64_t id = 100000 + int64_t(index);
  int64_t created = 1704067200 + int64_t(rng.below(366 * 86400));  // during 2024
  bool guest = rng.below(5) == 0;
  int64_t customer_id = guest ? 0 : 1 + int64_t(rng.below(50000));
  int coupon_percent = rng.below(4) == 0 ? int(5 * (1 + rng.below(4))) : 0;  // 5 to 20 % on some orders

  Line lines[8];
  int n_lines = 1 + int(rng.below(8));
  int64_t items_total = 0, items_subtotal = 0, cart_tax = 0, items_subtotal_tax = 0;
  for (int i = 0; i < n_lines; ++i) {
    Line& l = lines[i];
    l.product_id = 10 + int64_t(rng.below(5000));
    l.name = kProducts[l.product_id % std::size(kProducts)];
    l.variation_id = rng.below(3) == 0 ? l.product_id + 1 + int64_t(rng.below(20)) : 0;
    l.quantity = rng.below(3) == 0 ? 2 + int64_t(rng.below(7)) : 1;
    int64_t unit = 99 + int64_t(rng.below(15000));
    l.subtotal = unit * l.quantity;
    // A coupon, or an odd per-line markdown, makes subtotal > total; the result need not divide by quantity.
    int percent = coupon_percent ? coupon_percent : (rng.below(10) == 0 ? 3 : 0);
    l.total = l.subtotal - (l.subtotal * percent + 50) / 100;
    l.tax = &kTaxClasses[rng.below(10) < 7 ? 0 : rng.below(2) + 1];
    l.subtotal_tax = tax_of(l.subtotal, l.tax->basis_points);
    l.total_tax = tax_of(l.total, l.tax->basis_points);
    l.has_sku = rng.below(10) != 0;
    l.has_attributes = l.variation_id != 0;
    items_total += l.total;
    items_subtotal += l.subtotal;
    cart_tax += l.total_tax;
    items_subtotal_tax += l.subtotal_tax;
    ++stats.lines;
    if (l.total != l.subtotal) ++stats.discounted_lines;
  }
  static const char* const kShipMethods[][2] = {
      {"flat_rate", "Flat Rate"}, {"free_shipping", "Free shipping"}, {"local_pickup", "Local pickup"}};
  int ship_kind = int(rng.below(10) < 6 ? 0 : rng.below(2) + 1);
  bool has_shipping = rng.below(20) != 0;
  int64_t shipping_total = has_shipping && ship_kind == 0 ? 390 + 100 * int64_t(rng.below(8)) : 0;
  int64_t shipping_tax = tax_of(shipping_total, kTaxClasses[0].basis_points);
  int64_t total_tax = cart_tax + shipping_tax;
  int64_t total = items_total + shipping_total + total_tax;
  if (index % kUnbalancedEvery == kUnbalancedEvery - 1) {
    total += 1;  // deliberately unbalanced
    ++stats.unbalanced;
    if (passes_filter(status)) ++stats.unbalanced_passing;
  }
  size_t first = rng.below(std::size(kFirst)), last = rng.below(std::size(kLast)), city = rng.below(std::size(kCities));

  // 2. Write it, in the field order of the wc/v3 REST API.
  w.raw("{");
  w.key("id"), w.num(id);
  w.raw(","), w.key("parent_id"), w.num(0);
  w.raw(","), w.key("number"), w.str(std::to_string(id));
  w.raw(","), w.key("order_key"), w.str("wc_order_" + std::to_string(rng.next() % 0xFFFFFFFFFFFULL));
  w.raw(",\"created_via\":\"checkout\",\"version\":\"8.9.1\"");
  w.raw(","), w.key("status"), w.str(status);
  w.raw(",\"currency\":\"DKK\"");
  w.raw(","), w.key("date_created"), w.ts(created + 3600);
  w.raw(","), w.key("date_created_gmt"), w.ts(created);
  w.raw(","), w.key("date_modified"), w.ts(created + 3600 + 120);
  w.raw(","), w.key("date_modified_gmt"), w.ts(created + 120);
  w.raw(","), w.key("discount_total"), w.money(items_subtotal - items_total);
  w.raw(","), w.key("discount_tax"), w.money(items_subtotal_tax - cart_tax);
  w.raw(","), w.key("shipping_total"), w.money(shipping_total);
  w.raw(","), w.key("shipping_tax"), w.money(shipping_tax);
  w.raw(","), w.key("cart_tax"), w.money(cart_tax);
  w.raw(","), w.key("total"), w.money(total);
  w.raw(","), w.key("total_tax"), w.money(total_tax);
  w.raw(",\"prices_include_tax\":false");
  w.raw(","), w.key("customer_id"), w.num(customer_id);
  w.raw(",\"customer_ip_address\":\"203.0.113.");
  w.num(int64_t(rng.below(250)));
  w.raw("\",\"customer_user_agent\":\"Mozilla/5.0 (X11; Linux x86_64; rv:126.0) Gecko/20100101 Firefox/126.0\"");
  w.raw(","), w.key("customer_note"), w.str(kNotes[rng.below(std::size(kNotes))]);
  for (const char* which : {"billing", "shipping"}) {
    bool billing = which[0] == 'b';
    w.raw(","), w.key(which), w.raw("{");
    w.key("first_name"), w.str(kFirst[first]);
    w.raw(","), w.key("last_name"), w.str(kLast[last]);
    w.raw(","), w.key("company"), w.str(rng.below(8) == 0 ? "Øresund Trading ApS" : "");
    w.raw(","), w.key("address_1"), w.str("Vestergade " + std::to_string(1 + rng.below(120)));
    w.raw(",\"address_2\":\"\"");
    w.raw(","), w.key("city"), w.str(kCities[city]);
    w.raw(",\"state\":\"\"");
    w.raw(","), w.key("postcode"), w.str(std::to_string(1000 + rng.below(8999)));
    w.raw(","), w.key("country"), w.str(kCountries[city]);
    if (billing) {
      w.raw(","), w.key("email");
      w.str(std::string(kEmailUser[rng.below(std::size(kEmailUser))]) + std::to_string(rng.below(100)) + "@" +
            kEmailDomain[rng.below(std::size(kEmailDomain))]);
    }
    w.raw(","), w.key("phone"), w.str("+45 " + std::to_string(20000000 + rng.below(79999999)));
    w.raw("}");
  }
  bool paid = std::strcmp(status, "pending") != 0 && std::strcmp(status, "failed") != 0;
  w.raw(",\"payment_method\":\"stripe\",\"payment_method_title\":\"Credit card (Stripe)\"");
  w.raw(","), w.key("transaction_id"), w.str(paid ? "pi_" + std::to_string(rng.next() % 100000000000ULL) : "");
  w.raw(","), w.key("date_paid");
  paid ? w.ts(created + 3600 + 60) : w.raw("null");
  w.raw(","), w.key("date_paid_gmt");
  paid ? w.ts(created + 60) : w.raw("null");
  bool completed = std::strcmp(status, "completed") == 0;
  w.raw(","), w.key("date_completed");
  completed ? w.ts(created + 3600 + 86400) : w.raw("null");
  w.raw(","), w.key("date_completed_gmt");
  completed ? w.ts(created + 86400) : w.raw("null");
  w.raw(",\"cart_hash\":\"5b1e1bd0c4e2e0b1f4f1c56f0e4c0a77\"");
  w.raw(",\"meta_data\":[{\"id\":");
  w.num(id * 10 + 1);
  w.raw(",\"key\":\"_wc_order_attribution_source_type\",\"value\":\"");
  w.raw(rng.below(2) ? "organic" : "typein");
  w.raw("\"},{\"id\":");
  w.num(id * 10 + 2);
  w.raw(",\"key\":\"is_vat_exempt\",\"value\":\"no\"}]");

  w.raw(",\"line_items\":[");
  for (int i = 0; i < n_lines; ++i) {
    const Line& l = lines[i];
    if (i) w.raw(",");
    w.raw("{"), w.key("id"), w.num(id * 100 + i);
    w.raw(","), w.key("name"), w.str(l.name);
    w.raw(","), w.key("product_id"), w.num(l.product_id);
    w.raw(","), w.key("variation_id"), w.num(l.variation_id);
    w.raw(","), w.key("quantity"), w.num(l.quantity);
    w.raw(","), w.key("tax_class"), w.str(l.tax->name);
    w.raw(","), w.key("subtotal"), w.money(l.subtotal);
    w.raw(","), w.key("subtotal_tax"), w.money(l.subtotal_tax);
    w.raw(","), w.key("total"), w.money(l.total);
    w.raw(","), w.key("total_tax"), w.money(l.total_tax);
    w.raw(",\"taxes\":[{\"id\":"), w.num(l.tax->rate_id);
    w.raw(","), w.key("total"), w.money(l.total_tax);
    w.raw(","), w.key("subtotal"), w.money(l.subtotal_tax);
    w.raw("}]");
    w.raw(",\"meta_data\":[");
    if (l.has_attributes) {
      w.raw("{\"id\":"), w.num(id * 100 + 50 + i);
      w.raw(",\"key\":\"pa_color\",\"value\":\"");
      w.raw(l.variation_id % 2 ? "sort" : "grøn");
      w.raw("\",\"display_key\":\"Farve\",\"display_value\":\"");
      w.raw(l.variation_id % 2 ? "Sort" : "Grøn");
      w.raw("\"}");
    }
    w.raw("]");
    w.raw(","), w.key("sku"), w.str(l.has_sku ? "SKU-" + std::to_string(l.product_id) : "");
    // The unit price after discounts, a JSON number (WooCommerce computes it in floating point).
    w.raw(","), w.key("price"), w.real(double(l.total) / 100.0 / double(l.quantity));
    w.raw(",\"parent_name\":null}");
  }
  w.raw("]");

  // One tax line per rate used, items and shipping.
  w.raw(",\"tax_lines\":[");
  bool first_tax = true;
  for (const TaxClass& tc : kTaxClasses) {
    int64_t sum = 0;
    bool used = false;
    for (int i = 0; i < n_lines; ++i)
      if (lines[i].tax == &tc) sum += lines[i].total_tax, used = true;
    int64_t ship = &tc == &kTaxClasses[0] ? shipping_tax : 0;
    if (!used && ship == 0) continue;
    if (!first_tax) w.raw(",");
    first_tax = false;
    w.raw("{\"id\":"), w.num(id * 10 + 5 + tc.rate_id);
    w.raw(","), w.key("rate_code"), w.str(tc.code);
    w.raw(","), w.key("rate_id"), w.num(tc.rate_id);
    w.raw(","), w.key("label"), w.str(tc.label);
    w.raw(",\"compound\":false");
    w.raw(","), w.key("tax_total"), w.money(sum);
    w.raw(","), w.key("shipping_tax_total"), w.money(ship);
    w.raw(",\"rate_percent\":"), w.num(tc.basis_points / 100);
    w.raw(",\"meta_data\":[]}");
  }
  w.raw("]");
  w.raw(",\"shipping_lines\":[");
  if (has_shipping) {
    w.raw("{\"id\":"), w.num(id * 10 + 9);
    w.raw(","), w.key("method_title"), w.str(kShipMethods[ship_kind][1]);
    w.raw(","), w.key("method_id"), w.str(kShipMethods[ship_kind][0]);
    w.raw(",\"instance_id\":\"1\"");
    w.raw(","), w.key("total"), w.money(shipping_total);
    w.raw(","), w.key("total_tax"), w.money(shipping_tax);
    w.raw(",\"taxes\":[");
    if (shipping_tax) w.raw("{\"id\":1,\"total\":"), w.money(shipping_tax), w.raw(",\"subtotal\":\"\"}");
    w.raw("],\"meta_data\":[{\"id\":"), w.num(id * 10 + 8);
    w.raw(",\"key\":\"Varer\",\"value\":"), w.str(lines[0].name);
    w.raw("}]}");
  }
  w.raw("]");
  w.raw(",\"fee_lines\":[]");
  w.raw(",\"coupon_lines\":[");
  if (coupon_percent) {
    w.raw("{\"id\":"), w.num(id * 10 + 7);
    w.raw(","), w.key("code"), w.str("sommer" + std::to_string(coupon_percent));
    w.raw(","), w.key("discount"), w.money(items_subtotal - items_total);
    w.raw(","), w.key("discount_tax"), w.money(items_subtotal_tax - cart_tax);
    w.raw(",\"meta_data\":[]}");
  }
  w.raw("]");
  w.raw(",\"refunds\":[]");
  w.raw(",\"payment_url\":\"https://shop.example.dk/checkout/order-pay/"), w.num(id);
  w.raw("/\",\"_links\":{\"self\":[{\"href\":\"https://shop.example.dk/wp-json/wc/v3/orders/"), w.num(id);
  w.raw("\"}],\"collection\":[{\"href\":\"https://shop.example.dk/wp-json/wc/v3/orders\"}]}}\n");
}

int usage() {
  std::fprintf(stderr, "usage: gen_orders N [--seed S] [--stats]\n");
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  uint64_t n = 0, seed = 1;
  bool stats_wanted = false, have_n = false;
  for (int i = 1; i < argc; ++i) {
    std::string_view a = argv[i];
    if (a == "--seed" && i + 1 < argc) seed = std::strtoull(argv[++i], nullptr, 10);
    else if (a == "--stats") stats_wanted = true;
    else if (!a.empty() && a[0] != '-') n = std::strtoull(argv[i], nullptr, 10), have_n = true;
    else return usage();
  }
  if (!have_n) return usage();
  Rng rng{seed};
  Stats stats;
  Writer w;
  for (uint64_t i = 0; i < n; ++i) {
    write_order(i, rng, w, stats);
    if (w.out().size() > (1 << 20)) {
      std::fwrite(w.out().data(), 1, w.out().size(), stdout);
      w.out().clear();
    }
  }
  std::fwrite(w.out().data(), 1, w.out().size(), stdout);
  if (std::fflush(stdout) != 0) return 1;
  if (stats_wanted) {
    uint64_t passing = 0;
    std::fprintf(stderr, "orders %" PRIu64 ", lines %" PRIu64 " (%" PRIu64 " discounted)\n", n, stats.lines, stats.discounted_lines);
    for (size_t i = 0; i < std::size(kStatuses); ++i) {
      std::fprintf(stderr, "  %-10s %" PRIu64 "\n", kStatuses[i].name, stats.by_status[i]);
      if (passes_filter(kStatuses[i].name)) passing += stats.by_status[i];
    }
    std::fprintf(stderr, "pass the status filter: %" PRIu64 "\n", passing);
    std::fprintf(stderr, "unbalanced: %" PRIu64 " (%" PRIu64 " pass the filter: expected rejections)\n", stats.unbalanced,
                 stats.unbalanced_passing);
    std::fprintf(stderr, "expected output records: %" PRIu64 "\n", passing - stats.unbalanced_passing);
  }
  return 0;
}
