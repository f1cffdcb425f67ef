// Counts the records jq's binary floating point gets wrong, against the exact output of the same mapping
// (bench/README.md, transform benchmark).
//
//   jq_exactness ORDERS EXACT_OUT EXACT_REJECTS JQ_OUT
//
// EXACT_OUT/EXACT_REJECTS come from `syncloom map` or handwritten_simdjson, JQ_OUT from
// `jq -c -f bench/orders_bench.jq ORDERS`. Records are matched by externalId. Per record, every amount
// (shippingCost, discountRate, and each line's rate and amount) is compared: "inexact" when jq's number is not
// the exact decimal (29.349999999999998 for 29.35), "wrong to the cent" when it differs even after rounding
// jq's number half-even to cents. ORDERS is read to count what a float `!=` balance check (the mapping's `==`
// taken literally in jq) would do to the balanced orders.
#include <simdjson.h>

#include <cstdio>
#include <fstream>
#include <iostream>
#include <string>
#include <unordered_map>
#include <vector>

#include "syncloom/stdlib/decimal.hpp"

namespace {

using simdjson::ondemand::object;
using simdjson::ondemand::value;

struct Amounts {
  std::vector<std::string> numbers;  ///< in output order
};

/// Collects the raw text of every number under the amount keys, depth first.
void collect(value v, std::vector<std::string>& out, bool is_amount) {
  simdjson::ondemand::json_type type;
  if (v.type().get(type)) return;
  switch (type) {
    case simdjson::ondemand::json_type::object: {
      object o;
      if (v.get_object().get(o)) return;
      for (auto field : o) {
        std::string_view key;
        if (field.unescaped_key().get(key)) return;
        bool amount = key == "shippingCost" || key == "discountRate" || key == "rate" || key == "amount";
        collect(field.value(), out, amount);
      }
      break;
    }
    case simdjson::ondemand::json_type::array: {
      simdjson::ondemand::array a;
      if (v.get_array().get(a)) return;
      for (auto item : a) collect(item.value(), out, false);
      break;
    }
    case simdjson::ondemand::json_type::number:
      if (is_amount) {
        std::string_view raw = v.raw_json_token();
        while (!raw.empty() && (raw.back() == ' ' || raw.back() == ',' || raw.back() == '}' || raw.back() == ']')) raw.remove_suffix(1);
        out.emplace_back(raw);
      }
      break;
    default:
      break;
  }
}

/// externalId and amounts of one output line; false for a jq `{"rejected": ...}` line.
bool read_output(simdjson::ondemand::parser& parser, const std::string& line, std::string& id, Amounts& a) {
  simdjson::padded_string padded(line);
  simdjson::ondemand::document doc;
  if (parser.iterate(padded).get(doc)) return false;
  object o;
  if (doc.get_object().get(o)) return false;
  for (auto field : o) {
    std::string_view key;
    if (field.unescaped_key().get(key)) return false;
    if (key == "rejected") return false;
    if (key == "externalId") {
      std::string_view s;
      if (field.value().get_string().get(s)) return false;
      id = s;
    } else {
      collect(field.value(), a.numbers, key == "shippingCost" || key == "discountRate");
    }
  }
  return !id.empty();
}

bool parse(const std::string& s, sl_decimal& d) { return sl_decimal_parse(s.data(), s.size(), &d) == SL_OK; }

}  // namespace

int main(int argc, char** argv) {
  if (argc != 5) {
    std::cerr << "usage: jq_exactness ORDERS EXACT_OUT EXACT_REJECTS JQ_OUT\n";
    return 2;
  }
  simdjson::ondemand::parser parser;
  std::string line;

  // 1. The exact output, by externalId.
  std::unordered_map<std::string, Amounts> exact;
  std::ifstream exact_in(argv[2]);
  while (std::getline(exact_in, line)) {
    std::string id;
    Amounts a;
    if (read_output(parser, line, id, a)) exact.emplace(std::move(id), std::move(a));
  }
  size_t exact_rejects = 0;
  std::ifstream rej_in(argv[3]);
  while (std::getline(rej_in, line)) ++exact_rejects;

  // 2. jq's output against it.
  size_t jq_records = 0, jq_rejected = 0, missing_in_exact = 0, inexact = 0, wrong_cent = 0, amounts = 0,
         inexact_amounts = 0, wrong_cent_amounts = 0, shape = 0;
  std::ifstream jq_in(argv[4]);
  std::vector<std::string> examples;
  while (std::getline(jq_in, line)) {
    std::string id;
    Amounts a;
    if (!read_output(parser, line, id, a)) {
      ++jq_rejected;
      continue;
    }
    ++jq_records;
    auto it = exact.find(id);
    if (it == exact.end()) {
      ++missing_in_exact;
      continue;
    }
    const Amounts& e = it->second;
    if (e.numbers.size() != a.numbers.size()) {
      ++shape;
      continue;
    }
    bool rec_inexact = false, rec_wrong = false;
    for (size_t i = 0; i < e.numbers.size(); ++i) {
      sl_decimal x, y, y2;
      ++amounts;
      if (!parse(e.numbers[i], x) || !parse(a.numbers[i], y)) {
        rec_wrong = rec_inexact = true;
        continue;
      }
      int32_t c = 0;
      sl_decimal_compare(x, y, &c);
      if (c != 0) ++inexact_amounts, rec_inexact = true;
      sl_decimal_round(y, 2, SL_ROUND_HALF_EVEN, &y2);
      sl_decimal_compare(x, y2, &c);
      if (c != 0) {
        ++wrong_cent_amounts, rec_wrong = true;
        if (examples.size() < 5) examples.push_back(id + ": exact " + e.numbers[i] + ", jq " + a.numbers[i]);
      }
    }
    inexact += rec_inexact;
    wrong_cent += rec_wrong;
  }

  // 3. A literal float `!=` balance check, summed in jq's order, on the orders the exact check passes.
  size_t balanced = 0, float_rejects = 0;
  std::ifstream orders_in(argv[1]);
  while (std::getline(orders_in, line)) {
    simdjson::padded_string padded(line);
    simdjson::ondemand::document doc;
    if (parser.iterate(padded).get(doc)) continue;
    std::string_view status, total, ship, tax;
    int64_t id = 0;
    double items = 0;
    bool first = true;
    object o;
    if (doc.get_object().get(o)) continue;
    for (auto field : o) {
      std::string_view key;
      if (field.unescaped_key().get(key)) break;
      if (key == "id") { if (field.value().get_int64().get(id)) continue; }
      else if (key == "status") { if (field.value().get_string().get(status)) continue; }
      else if (key == "total") { if (field.value().get_string().get(total)) continue; }
      else if (key == "shipping_total") { if (field.value().get_string().get(ship)) continue; }
      else if (key == "total_tax") { if (field.value().get_string().get(tax)) continue; }
      else if (key == "line_items") {
        simdjson::ondemand::array arr;
        if (field.value().get_array().get(arr)) break;
        for (auto item : arr) {
          std::string_view t;
          if (item.find_field_unordered("total").get_string().get(t)) continue;
          double v = std::strtod(std::string(t).c_str(), nullptr);
          items = first ? v : items + v;
          first = false;
        }
      }
    }
    if (!exact.count("WOO-" + std::to_string(id))) continue;  // filtered or rejected by the exact check
    ++balanced;
    double rhs = items + std::strtod(std::string(ship).c_str(), nullptr) + std::strtod(std::string(tax).c_str(), nullptr);
    if (std::strtod(std::string(total).c_str(), nullptr) != rhs) ++float_rejects;
  }

  std::printf("exact: %zu records out, %zu rejected\n", exact.size(), exact_rejects);
  std::printf("jq: %zu records out, %zu rejected, %zu not in the exact output, %zu with a different shape\n", jq_records,
              jq_rejected, missing_in_exact, shape);
  std::printf("jq amounts compared: %zu; inexact %zu; wrong to the cent %zu\n", amounts, inexact_amounts, wrong_cent_amounts);
  std::printf("jq records inexact: %zu (%.2f%%); wrong to the cent: %zu (%.3f%%)\n", inexact,
              jq_records ? 100.0 * double(inexact) / double(jq_records) : 0.0, wrong_cent,
              jq_records ? 100.0 * double(wrong_cent) / double(jq_records) : 0.0);
  std::printf("a float != balance check would reject %zu of %zu balanced orders (%.1f%%)\n", float_rejects, balanced,
              balanced ? 100.0 * double(float_rejects) / double(balanced) : 0.0);
  for (const auto& e : examples) std::printf("  e.g. %s\n", e.c_str());
  return 0;
}
