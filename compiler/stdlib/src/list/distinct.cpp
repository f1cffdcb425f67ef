// distinct(xs): the first occurrence of each value, by `==`; sl_list_group also serves group_by.
#include <algorithm>
#include <vector>

#include "syncloom/stdlib/list.hpp"
#include "syncloom/stdlib/spec.hpp"

namespace syncloom::stdlib::specs {
namespace {
constexpr Example kExamples[] = {
    {R"(distinct(["b", "a", "b", "c", "a"]))", R"(["b","a","c"])", nullptr, nullptr},
    {"distinct([1.0, 1.00, 2, 1])", "[1.0,2]", nullptr, nullptr},
    {"distinct(for l in line_items => l.tax_class)", R"(["reduced-rate",""])", nullptr,
     R"({"line_items": [{"tax_class": "reduced-rate"}, {"tax_class": ""}, {"tax_class": "reduced-rate"}]})"},
    {"count(distinct(line_items.product_id))", "2", nullptr,
     R"({"line_items": [{"product_id": 93}, {"product_id": 22}, {"product_id": 93}]})"},
};
}  // namespace
extern const FunctionSpec kDistinct = {"distinct", "list", "`[T] -> [T]`", "no",
                                       "each value once, at its first occurrence, equal as by `==` (1.0 and 1.00 are one value)",
                                       kExamples};
}  // namespace syncloom::stdlib::specs

extern "C" sl_status sl_list_group(const sl_key* keys, size_t n, size_t* group_of, size_t* groups) {
  // Sort indices stably, so each run of equal keys starts at its first appearance; then number the runs in the
  // order of those first appearances.
  std::vector<size_t> order(n);
  sl_list_sort_order(keys, n, false, order.data());
  std::vector<std::pair<size_t, size_t>> runs;  // (first index, start of the run in `order`)
  for (size_t i = 0; i < n; ++i)
    if (i == 0 || sl_key_compare(&keys[order[i - 1]], &keys[order[i]]) != 0) runs.push_back({order[i], i});
  std::sort(runs.begin(), runs.end());
  std::vector<size_t> run_group(n);
  for (size_t g = 0; g < runs.size(); ++g) run_group[runs[g].second] = g;
  size_t current = 0;
  for (size_t i = 0; i < n; ++i) {
    if (i == 0 || sl_key_compare(&keys[order[i - 1]], &keys[order[i]]) != 0) current = run_group[i];
    group_of[order[i]] = current;
  }
  *groups = runs.size();
  return SL_OK;
}
