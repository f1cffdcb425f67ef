// Type codes (runtime/abi.hpp) as the flow emitter reads and combines them.
#pragma once

#include <string>

#include "flow_emitter.hpp"

namespace syncloom::codegen::detail {

/// The kind letter of a code ("?d" -> 'd', "LN..." -> 'L').
inline char kind_of(const std::string& code) { return code.empty() ? 'x' : code[0] == '?' ? (code.size() > 1 ? code[1] : 'x') : code[0]; }
/// The element code of a list code ("?Ld" -> "d").
inline std::string element_of(const std::string& code) {
  size_t at = code[0] == '?' ? 2 : 1;
  return at < code.size() ? code.substr(at) : "a";
}
/// null and never: values that fit any representation.
inline bool is_placeholder(const std::string& code) { return kind_of(code) == 'n' || kind_of(code) == 'x'; }

/// The code two branches share: null and never fit anywhere; otherwise the representations must agree.
inline std::string merge_codes(const std::string& a, const std::string& b, const std::string& fallback) {
  if (is_placeholder(a)) return is_placeholder(b) ? fallback : b;
  if (is_placeholder(b)) return a;
  auto strip = [](const std::string& c) { return c[0] == '?' ? c.substr(1) : c; };
  // An empty list literal (elements of type never) takes the other side's representation (coerce()).
  if (strip(a) == "Lx" && (kind_of(b) == 'L' || kind_of(b) == 'N')) return a[0] == '?' && b[0] != '?' ? "?" + b : b;
  if (strip(b) == "Lx" && (kind_of(a) == 'L' || kind_of(a) == 'N')) return b[0] == '?' && a[0] != '?' ? "?" + a : a;
  if (strip(a) != strip(b)) throw FlowUnsupported{"branches of different representations (" + a + ", " + b + ")"};
  return a[0] == '?' ? a : b;
}

}  // namespace syncloom::codegen::detail
