// pad_right(s, width[, fill]): left-aligns text to a width in code points (fixed-width ERP fields).
#include "pad.hpp"
#include "syncloom/stdlib/spec.hpp"

namespace syncloom::stdlib::specs {
namespace {
constexpr Example kExamples[] = {
    {R"(pad_right("SKU", 6, "."))", R"("SKU...")", nullptr, nullptr},
    {R"(pad_right("ab", 4) + "|")", R"("ab  |")", nullptr, nullptr},
    {R"(pad_right("straße", 3))", R"("straße")", nullptr, nullptr},
};
}  // namespace
extern const FunctionSpec kPadRight = {"pad_right", "text", "`string, int[, string] -> string`", "no",
                                       "pads on the right with `fill` (one code point, default a space) to `width` code points; "
                                       "longer text is unchanged",
                                       kExamples};
}  // namespace syncloom::stdlib::specs

extern "C" sl_status sl_text_pad_right(const char* s, size_t n, int64_t width, const char* fill, size_t fill_n, sl_buffer* out) {
  return syncloom::stdlib::detail::pad(s, n, width, fill, fill_n, false, out);
}
