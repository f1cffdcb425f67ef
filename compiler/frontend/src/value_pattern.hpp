// Value patterns: a sound over-approximation of the strings an expression can produce ("WOO-" then
// digits; one of three literals; anything), precise enough to prove that two flows' record keys can
// never be equal (E0303 distinguishes record instances by it).
#pragma once

#include <string>
#include <vector>

#include "syncloom/frontend/ast.hpp"
#include "syncloom/frontend/program.hpp"

namespace syncloom::frontend::detail {

/// One atom: a literal character, or any run (possibly empty) of characters from a class.
struct PatternAtom {
  enum class Kind : uint8_t { kChar, kDigits, kNumber, kAny } kind = Kind::kAny;
  char c = 0;  ///< kChar
};
/// The strings an expression can give: any of the alternatives (empty: it gives no string, e.g. it rejects).
struct ValuePattern {
  std::vector<std::vector<PatternAtom>> alternatives;
  static ValuePattern any() { return {{{PatternAtom{}}}}; }
};

/// The pattern of a checked expression; `params` binds user-function parameters while inlining.
ValuePattern pattern_of(const Expr* e, const Program& program, const std::vector<std::pair<std::string, ValuePattern>>& params = {});

/// True when no string matches both patterns (so two keys built this way can never be equal).
bool disjoint(const ValuePattern& a, const ValuePattern& b);

}  // namespace syncloom::frontend::detail
