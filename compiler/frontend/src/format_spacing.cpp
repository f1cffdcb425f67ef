// Canonical spacing inside one line: which neighbouring tokens get a space between them.
#include "LoomLexer.h"
#include "format_stages.hpp"

namespace syncloom::frontend::detail {
namespace {

using grammar::LoomLexer;

/// Tokens that attach to what comes before them: `x,` `x:` `a.b` `2s..10m` `(x)` `[x]` `string?` `f()!`.
bool hugs_left(size_t type) {
  switch (type) {
    case LoomLexer::COMMA:
    case LoomLexer::COLON:
    case LoomLexer::DOT:
    case LoomLexer::RANGE:
    case LoomLexer::RPAREN:
    case LoomLexer::RBRACK:
    case LoomLexer::QUESTION:
    case LoomLexer::BANG:
      return true;
    default:
      return false;
  }
}

/// Tokens that attach to what comes after them: `(x` `[x` `a.b` `2s..10m`.
bool hugs_right(size_t type) {
  return type == LoomLexer::LPAREN || type == LoomLexer::LBRACK || type == LoomLexer::DOT ||
         type == LoomLexer::RANGE;
}

}  // namespace

bool space_between(const FmtToken& prev, const FmtToken& next) {
  if (hugs_left(next.type) || hugs_right(prev.type)) return false;
  if (prev.type == LoomLexer::LBRACE && next.type == LoomLexer::RBRACE) return false;  // `{}`
  if ((prev.roles & (kUnaryMinus | kEnumPlus)) != 0) return false;                     // `-x`, `enum+(`
  if ((next.roles & (kTightOpen | kEnumPlus)) != 0) return false;                      // `f(`, `a[`, `enum+`
  // Everything else, binary operators, arrows, `=`, keywords and `{`, is set off by one space.
  return true;
}

std::string join_tokens(std::span<const FmtToken> tokens) {
  std::string out;
  for (size_t i = 0; i < tokens.size(); ++i) {
    if (i > 0 && space_between(tokens[i - 1], tokens[i])) out += ' ';
    out += tokens[i].text;
  }
  return out;
}

}  // namespace syncloom::frontend::detail
