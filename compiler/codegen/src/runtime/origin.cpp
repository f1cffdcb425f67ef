// Origin templates (abi.hpp): the input spelling of a read ("shipping_lines[0].method_title"), fixed at
// compile time but for the positions of enclosing loops, spelt only when a message needs it.
#include "runtime/state.hpp"

namespace syncloom::codegen::rt {

namespace {

/// Expands the origin template `t` into `out` (abi.hpp); stops at the end of `t` or at a kOriginOr or
/// kOriginEnd of the enclosing choice, which it returns the position of.
size_t expand_origin_into(std::string_view t, const Ctx& ctx, std::string& out) {
  auto position = [&](char depth) {
    int d = depth - 'A';
    return d >= 0 && d < kMaxLoopDepth ? ctx.loop_position[d] : 0;
  };
  // Skips one alternative (nested choices included): the position after it.
  auto skip = [&](size_t i) {
    for (int nesting = 0; i < t.size(); ++i) {
      if (t[i] == kOriginChoose) ++nesting, ++i;  // its depth byte
      else if (t[i] == kOriginEnd && nesting-- == 0) return i;
      else if (t[i] == kOriginOr && nesting == 0) return i;
    }
    return i;
  };
  size_t i = 0;
  while (i < t.size()) {
    char c = t[i];
    if (c == kOriginOr || c == kOriginEnd) return i;
    if (c == kOriginPosition && i + 1 < t.size()) {
      out += std::to_string(position(t[i + 1]));
      i += 2;
    } else if (c == kOriginChoose && i + 1 < t.size()) {
      int64_t chosen = position(t[i + 1]);
      i += 2;
      for (int64_t k = 0; k < chosen && i < t.size() && t[i] != kOriginEnd; ++k) {
        i = skip(i);
        if (i < t.size() && t[i] == kOriginOr) ++i;
      }
      i += expand_origin_into(t.substr(i), ctx, out);
      i = skip(i);  // the alternatives after the chosen one
      while (i < t.size() && t[i] == kOriginOr) i = skip(i + 1);
      if (i < t.size()) ++i;  // its kOriginEnd
    } else {
      out += c;
      ++i;
    }
  }
  return i;
}

}  // namespace

std::string expand_origin(std::string_view t, const Ctx& ctx) {
  std::string out;
  expand_origin_into(t, ctx, out);
  return out;
}

}  // namespace syncloom::codegen::rt
