// sl_key_compare: the one order of sort, sort_by, distinct and group_by (nulls last, decimals by value).
#include "syncloom/stdlib/list.hpp"

namespace {

template <typename T>
int32_t three_way(T a, T b) {
  return a < b ? -1 : a > b ? 1 : 0;
}

}  // namespace

extern "C" int32_t sl_key_compare(const sl_key* a, const sl_key* b) {
  if (a->kind == SL_KEY_NULL || b->kind == SL_KEY_NULL) return three_way(a->kind == SL_KEY_NULL, b->kind == SL_KEY_NULL);
  auto as_decimal = [](const sl_key* k) { return k->kind == SL_KEY_INT ? sl_decimal_from_int64(k->i) : k->d; };
  if ((a->kind == SL_KEY_DECIMAL || b->kind == SL_KEY_DECIMAL) && (a->kind == SL_KEY_INT || b->kind == SL_KEY_INT || a->kind == b->kind)) {
    int32_t c = 0;
    sl_decimal_compare(as_decimal(a), as_decimal(b), &c);
    return c;
  }
  if (a->kind != b->kind) return three_way(int32_t(a->kind), int32_t(b->kind));
  switch (a->kind) {
    case SL_KEY_FLOAT: return three_way(a->f, b->f);
    case SL_KEY_STRING: {
      // Byte order of UTF-8 is code point order.
      size_t common = a->n < b->n ? a->n : b->n;
      for (size_t i = 0; i < common; ++i)
        if (a->s[i] != b->s[i]) return three_way(static_cast<unsigned char>(a->s[i]), static_cast<unsigned char>(b->s[i]));
      return three_way(a->n, b->n);
    }
    default: return three_way(a->i, b->i);  // bool, int, date, timestamp
  }
}
