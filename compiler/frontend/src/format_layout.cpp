// Indentation: by brace depth for statements, a fixed continuation indent for the rest of a statement
// that the author broke over several lines, and by bracket depth inside ( ) and [ ].
#include "LoomLexer.h"
#include "format_stages.hpp"

namespace syncloom::frontend::detail {
namespace {

using grammar::LoomLexer;

constexpr int kBlockIndent = 2;         ///< per `{` level
constexpr int kContinuationIndent = 4;  ///< a statement's second and later lines; inside ( and [

bool is_open(size_t type) {
  return type == LoomLexer::LBRACE || type == LoomLexer::LPAREN || type == LoomLexer::LBRACK;
}
bool is_close(size_t type) {
  return type == LoomLexer::RBRACE || type == LoomLexer::RPAREN || type == LoomLexer::RBRACK;
}

/// An unclosed bracket: where its closing line goes and where the lines inside it go.
struct Open {
  size_t type;
  int close_indent;
  int content_indent;
};

/// Splits an assignment or table entry at its `=` / `=>` so align_columns can line those up.
void split_at_operator(const SourceLine& line, LaidLine& laid) {
  const auto& code = line.code;
  for (size_t k = 1; k < code.size(); ++k) {
    if ((code[k].roles & kAlignOperator) == 0) continue;
    laid.head = join_tokens(std::span(code).first(k));
    laid.tail = join_tokens(std::span(code).subspan(k));
    return;
  }
  laid.head = join_tokens(code);
}

}  // namespace

std::vector<LaidLine> lay_out(const std::vector<SourceLine>& lines) {
  std::vector<LaidLine> out(lines.size());
  std::vector<bool> continues(lines.size(), false);  // the line carries on the statement above it
  // For each code line: the indent a comment line right above it takes. Inside a block that is
  // the line's own indent, but a comment just before `}` belongs to the block's body.
  std::vector<int> comment_indent(lines.size(), 0);
  std::vector<Open> open;

  // 1. Code lines, top to bottom, tracking unclosed brackets.
  for (size_t i = 0; i < lines.size(); ++i) {
    const SourceLine& line = lines[i];
    LaidLine& laid = out[i];
    laid.blank = line.blank();
    laid.comment = line.comment;
    if (line.code.empty()) continue;

    const FmtToken& first = line.code.front();
    int statement_indent = 0;  // the indent of the statement this line belongs to
    if (is_close(first.type)) {
      laid.indent = open.empty() ? 0 : open.back().close_indent;
      comment_indent[i] = open.empty() ? 0 : open.back().content_indent;
      statement_indent = laid.indent;
    } else {
      int base = open.empty() ? 0 : open.back().content_indent;
      bool in_block = open.empty() || open.back().type == LoomLexer::LBRACE;
      // A line inside a block that starts no statement continues the one above (`when ...` under
      // `sync ...`) and is indented further, except for an Allman-style `{` on its own line.
      continues[i] = in_block && (first.roles & kStatementStart) == 0;
      bool indented = continues[i] && first.type != LoomLexer::LBRACE;
      laid.indent = base + (indented ? kContinuationIndent : 0);
      comment_indent[i] = laid.indent;
      statement_indent = base;
    }

    int left_open = 0;  // brackets opened on this line and still open at its end
    for (const FmtToken& token : line.code) {
      if (token.type == LoomLexer::LBRACE) {
        // A block's body and `}` follow the statement, even when `{` ends a continuation line.
        open.push_back({token.type, statement_indent, statement_indent + kBlockIndent});
        ++left_open;
      } else if (is_open(token.type)) {
        open.push_back({token.type, laid.indent, laid.indent + kContinuationIndent});
        ++left_open;
      } else if (is_close(token.type)) {
        if (!open.empty()) open.pop_back();
        if (left_open > 0) --left_open;
      }
    }

    // Only a statement that ends on its own line aligns with its neighbours.
    if ((first.roles & kAlignableStart) != 0 && left_open == 0) {
      split_at_operator(line, laid);
    } else {
      laid.head = join_tokens(line.code);
    }
  }

  // 2. A statement continued on the next line takes no part in alignment either.
  for (size_t i = 0; i < lines.size(); ++i) {
    if (out[i].tail.empty()) continue;
    size_t next = i + 1;
    while (next < lines.size() && lines[next].code.empty()) ++next;
    if (next < lines.size() && continues[next]) {
      out[i].head += ' ' + out[i].tail;
      out[i].tail.clear();
    }
  }

  // 3. A comment on its own line is indented like the code it introduces.
  int next_indent = 0;
  for (size_t i = lines.size(); i-- > 0;) {
    if (!lines[i].code.empty()) {
      next_indent = comment_indent[i];
    } else if (!lines[i].comment.empty()) {
      out[i].indent = next_indent;
    }
  }
  return out;
}

}  // namespace syncloom::frontend::detail
