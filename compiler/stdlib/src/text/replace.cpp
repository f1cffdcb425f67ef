// sl_text_replace: `replace(s, from, to)`, every non-overlapping occurrence; byte search is safe on valid UTF-8
// because a code point's encoding never matches in the middle of another's.
#include <initializer_list>
#include <string_view>
#include <utility>

#include "syncloom/stdlib/text.hpp"
#include "syncloom/stdlib/spec.hpp"

namespace syncloom::stdlib::specs {
namespace {
constexpr Example kExamples[] = {
    {R"~(replace("WOO 12 3", " ", "-"))~", R"~("WOO-12-3")~", nullptr, nullptr},
    {R"~(replace("aaa", "aa", "b"))~", R"~("ba")~", nullptr, nullptr},
};
}  // namespace
extern const FunctionSpec kReplace = {"replace", "text", R"~(`string, string, string -> string`)~", "no",
                                     R"~(every non-overlapping occurrence of `from` replaced by `to`, left to right)~", kExamples};
}  // namespace syncloom::stdlib::specs

extern "C" sl_status sl_text_replace(const char* s, size_t n, const char* from, size_t from_n, const char* to,
                                     size_t to_n, sl_buffer* out) {
  for (auto [p, len] : {std::pair{s, n}, std::pair{from, from_n}, std::pair{to, to_n}})
    if (sl_status st = sl_text_validate(p, len); st != SL_OK) return st;
  size_t rollback = out->len;
  std::string_view text(s, n), needle(from, from_n);
  size_t pos = 0;
  sl_status st = SL_OK;
  while (st == SL_OK && !needle.empty()) {
    size_t hit = text.find(needle, pos);
    if (hit == std::string_view::npos) break;
    st = sl_buffer_append(out, s + pos, hit - pos);
    if (st == SL_OK) st = sl_buffer_append(out, to, to_n);
    pos = hit + needle.size();
  }
  if (st == SL_OK) st = sl_buffer_append(out, s + pos, n - pos);
  if (st != SL_OK) out->len = rollback;
  return st;
}
