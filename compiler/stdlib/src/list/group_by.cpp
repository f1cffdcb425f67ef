// group_by(xs, x => key): the elements grouped by a key, as `{key, items}` in order of first appearance. The
// engines compute the keys with a `for` and group by them with sl_list_group (distinct.cpp).
#include "syncloom/stdlib/spec.hpp"

namespace syncloom::stdlib::specs {
namespace {
constexpr Example kExamples[] = {
    {"for g in group_by(line_items, l => l.tax_class) => g.key", R"(["standard","reduced-rate"])", nullptr,
     R"({"line_items": [{"tax_class": "standard"}, {"tax_class": "reduced-rate"}, {"tax_class": "standard"}]})"},
    {"for g in group_by(line_items, l => l.tax_class) => sum(g.items.total)", "[5.00,12.50]", nullptr,
     R"({"line_items": [{"tax_class": "a", "total": "2.00"}, {"tax_class": "b", "total": "12.50"}, {"tax_class": "a", "total": "3.00"}]})"},
    {R"(for g in group_by(["apple", "avocado", "banana"], s => substr(s, 0, 1)) => string(count(g.items)) + g.key)", R"(["2a","1b"])",
     nullptr, nullptr},
};
}  // namespace
extern const FunctionSpec kGroupBy = {"group_by", "list", "`[T], T => K -> [{key: K, items: [T]}]`", "no",
                                      "the elements grouped by a key computed from each, groups in order of first appearance "
                                      "(keys equal as by `==`)",
                                      kExamples};
}  // namespace syncloom::stdlib::specs
