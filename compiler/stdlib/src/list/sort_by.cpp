// sort_by(xs, x => key[, descending]): a list in the order of a key computed from each element. The engines
// compute the keys with a `for` and order the elements by them with sl_list_sort_order (sort.cpp).
#include "syncloom/stdlib/spec.hpp"

namespace syncloom::stdlib::specs {
namespace {
constexpr Example kExamples[] = {
    {"for l in sort_by(line_items, l => l.sku) => l.name", R"(["Beanie","Album"])", nullptr,
     R"({"line_items": [{"sku": "WOO-B", "name": "Album"}, {"sku": "WOO-A", "name": "Beanie"}]})"},
    {"sort_by(line_items, l => l.total, descending).sku", R"(["B","C","A"])", nullptr,
     R"({"line_items": [{"sku": "A", "total": "2.00"}, {"sku": "B", "total": "18.00"}, {"sku": "C", "total": "18.0"}]})"},
    {R"(sort_by(["pear", "fig", "banana"], s => len(s)))", R"(["fig","pear","banana"])", nullptr, nullptr},
};
}  // namespace
extern const FunctionSpec kSortBy = {"sort_by", "list", "`[T], T => K[, descending] -> [T]`", "no",
                                     "the elements in the order of a key computed from each (keys ordered as by `sort`); stable, "
                                     "null keys last",
                                     kExamples};
}  // namespace syncloom::stdlib::specs
