// sl_text_trim: `trim(s)` strips Unicode White_Space (no-break and ideographic spaces come from copy-paste in
// names and addresses), returning a slice of the input.
#include "syncloom/stdlib/text.hpp"
#include "utf8.hpp"
#include "syncloom/stdlib/spec.hpp"

namespace syncloom::stdlib::specs {
namespace {
constexpr Example kExamples[] = {
    {R"~(trim("\u{A0} Øster \t"))~", R"~("Øster")~", nullptr, nullptr},
    {R"~(trim(billing.first_name + " " + billing.last_name))~", R"~("John")~", nullptr, R"~({"billing": {"first_name": "John", "last_name": ""}})~"},
};
}  // namespace
extern const FunctionSpec kTrim = {"trim", "text", R"~(`string -> string`)~", "no",
                                     R"~(strips leading and trailing Unicode white space, no-break spaces included)~", kExamples};
}  // namespace syncloom::stdlib::specs

namespace {

bool is_white_space(char32_t cp) {
  return (cp >= 0x09 && cp <= 0x0D) || cp == 0x20 || cp == 0x85 || cp == 0xA0 || cp == 0x1680 ||
         (cp >= 0x2000 && cp <= 0x200A) || cp == 0x2028 || cp == 0x2029 || cp == 0x202F || cp == 0x205F ||
         cp == 0x3000;
}

}  // namespace

extern "C" sl_status sl_text_trim(const char* s, size_t n, size_t* start, size_t* len) {
  using namespace syncloom::stdlib::detail;
  if (sl_status st = sl_text_validate(s, n); st != SL_OK) return st;
  // Forward over the whole text, remembering where the last non-space code point ends.
  size_t first = n, end = 0;
  for (size_t i = 0; i < n;) {
    char32_t cp = 0;
    size_t k = decode_utf8(s, n, i, &cp);
    if (!is_white_space(cp)) {
      if (first == n) first = i;
      end = i + k;
    }
    i += k;
  }
  *start = first == n ? 0 : first;
  *len = first == n ? 0 : end - first;
  return SL_OK;
}
