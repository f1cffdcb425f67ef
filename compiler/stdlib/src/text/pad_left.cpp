// pad_left(s, width[, fill]): right-aligns text to a width in code points (ERP codes with leading zeros).
#include "pad.hpp"
#include "syncloom/stdlib/spec.hpp"

namespace syncloom::stdlib::specs {
namespace {
constexpr Example kExamples[] = {
    {R"(pad_left(string(id), 8, "0"))", R"("00000727")", nullptr, R"({"id": 727})"},
    {R"(pad_left("42", 5))", R"("   42")", nullptr, nullptr},
    {R"(pad_left("Øster", 7, "·"))", R"("··Øster")", nullptr, nullptr},
    {R"(pad_left("123456", 4, "0"))", R"("123456")", nullptr, nullptr},
    {R"(pad_left(billing.phone, 12, "0"))", "null", nullptr, R"({"billing": {"phone": null}})"},
};
}  // namespace
extern const FunctionSpec kPadLeft = {"pad_left", "text", "`string, int[, string] -> string`", "no",
                                      "pads on the left with `fill` (one code point, default a space) to `width` code points; "
                                      "longer text is unchanged",
                                      kExamples};
}  // namespace syncloom::stdlib::specs

extern "C" sl_status sl_text_pad_left(const char* s, size_t n, int64_t width, const char* fill, size_t fill_n, sl_buffer* out) {
  return syncloom::stdlib::detail::pad(s, n, width, fill, fill_n, true, out);
}
