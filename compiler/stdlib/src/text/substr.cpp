// sl_text_substr: `substr(s, start[, n])` by code points; infallible by design, so ranges clamp instead of failing.
#include "syncloom/stdlib/text.hpp"
#include "utf8.hpp"
#include "syncloom/stdlib/spec.hpp"

namespace syncloom::stdlib::specs {
namespace {
constexpr Example kExamples[] = {
    {R"~(substr("94103-1234", 0, 5))~", R"~("94103")~", nullptr, nullptr},
    {R"~(substr("Øster", 1, 3))~", R"~("ste")~", nullptr, nullptr},
    {R"~(substr("abc", 5))~", R"~("")~", nullptr, nullptr},
};
}  // namespace
extern const FunctionSpec kSubstr = {"substr", "text", R"~(`string, int[, int] -> string`)~", "no",
                                     R"~(at most `n` code points from 0-based `start` (to the end without `n`); out-of-range positions clamp)~", kExamples};
}  // namespace syncloom::stdlib::specs

extern "C" sl_status sl_text_substr(const char* s, size_t n, int64_t start, int64_t count, size_t* start_byte,
                                    size_t* len) {
  using syncloom::stdlib::detail::skip_code_points;
  if (sl_status st = sl_text_validate(s, n); st != SL_OK) return st;
  size_t from = skip_code_points(s, n, 0, start < 0 ? 0 : start);
  size_t to = skip_code_points(s, n, from, count < 0 ? 0 : count);
  *start_byte = from;
  *len = to - from;
  return SL_OK;
}
