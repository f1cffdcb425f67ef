// sort(xs[, descending]): a list of scalars in order; sl_list_sort_order also serves sort_by.
#include <algorithm>

#include "syncloom/stdlib/list.hpp"
#include "syncloom/stdlib/spec.hpp"

namespace syncloom::stdlib::specs {
namespace {
constexpr Example kExamples[] = {
    {"sort([3, 1, 2])", "[1,2,3]", nullptr, nullptr},
    {R"(sort(["b", "a", "Z", "ä"]))", R"(["Z","a","b","ä"])", nullptr, nullptr},
    {"sort([2.50, 10, 2.5, 1.0], descending)", "[10,2.50,2.5,1.0]", nullptr, nullptr},
    {"sort(line_items.sku)", R"(["A-1","B-2"])", nullptr, R"({"line_items": [{"sku": "B-2"}, {"sku": "A-1"}]})"},
    {R"(sort([billing.phone, "+49 30 1234"]))", R"(["+49 30 1234",null])", nullptr, R"({"billing": {"phone": null}})"},
    {"sort(refunds.total)", "[]", nullptr, R"({"refunds": []})"},
};
}  // namespace
extern const FunctionSpec kSort = {"sort", "list", "`[T][, descending] -> [T]`", "no",
                                   "the values in order (numbers, strings by code point, dates, timestamps, bools); stable, "
                                   "nulls last",
                                   kExamples};
}  // namespace syncloom::stdlib::specs

extern "C" sl_status sl_list_sort_order(const sl_key* keys, size_t n, bool descending, size_t* order) {
  for (size_t i = 0; i < n; ++i) order[i] = i;
  std::stable_sort(order, order + n, [&](size_t a, size_t b) {
    const sl_key* x = &keys[a];
    const sl_key* y = &keys[b];
    // Nulls stay last when the order is reversed.
    if (descending && x->kind != SL_KEY_NULL && y->kind != SL_KEY_NULL) return sl_key_compare(y, x) < 0;
    return sl_key_compare(x, y) < 0;
  });
  return SL_OK;
}
