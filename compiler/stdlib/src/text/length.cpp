// sl_text_length: `len(s)` counts code points, not bytes, so "Øster" is 5 like the user sees it.
#include "syncloom/stdlib/text.hpp"
#include "syncloom/stdlib/spec.hpp"

namespace syncloom::stdlib::specs {
namespace {
constexpr Example kExamples[] = {
    {R"~(len("Øster"))~", R"~(5)~", nullptr, nullptr},
    {R"~(len(line_items))~", R"~(2)~", nullptr, R"~({"line_items": [{"name": "Album", "total": "2.00", "quantity": 1}, {"name": "Beanie", "total": "1.5", "quantity": 6}], "refunds": [], "coupon_lines": []})~"},
};
}  // namespace
extern const FunctionSpec kLen = {"len", "text", R"~(`string -> int` (code points) or `[T] -> int`)~", "no",
                                     R"~(the number of code points of a string, or of elements of a list)~", kExamples};
}  // namespace syncloom::stdlib::specs

extern "C" sl_status sl_text_length(const char* s, size_t n, int64_t* out) {
  if (sl_status st = sl_text_validate(s, n); st != SL_OK) return st;
  int64_t count = 0;
  for (size_t i = 0; i < n; ++i)  // every byte that is not a continuation byte starts a code point
    if ((static_cast<unsigned char>(s[i]) & 0xC0) != 0x80) ++count;
  *out = count;
  return SL_OK;
}
