// The formatter's pipeline, stage by stage: roles from the parse tree -> source lines -> laid-out lines
// -> aligned text. Internal to the front end; format.cpp runs the stages in order.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace antlr4 {
class CommonTokenStream;
}

namespace syncloom::frontend::detail {

/// What the parse tree says about a token: spacing and indentation need no more than these bits.
enum TokenRole : uint8_t {
  kStatementStart = 1 << 0,  ///< first token of a statement: item, member, table entry, flow statement
  kAlignableStart = 1 << 1,  ///< first token of `name = ...`, `let name = ...` or a table entry
  kAlignOperator = 1 << 2,   ///< the `=` / `=>` of such a statement
  kUnaryMinus = 1 << 3,      ///< prefix `-`: binds tight to its operand
  kTightOpen = 1 << 4,       ///< `(` of a call, `fn` or `enum`, `[` of an index: no space before
  kEnumPlus = 1 << 5,        ///< `+` of `enum+(...)`: no space on either side
};

struct FmtToken {
  size_t type = 0;  ///< a grammar::LoomLexer token type
  std::string text;
  uint8_t roles = 0;  ///< TokenRole bits
};

/// One line of the source: its code tokens, then at most one comment (a comment runs to the line end).
struct SourceLine {
  std::vector<FmtToken> code;
  std::string comment;  ///< "# ...", trailing blanks trimmed; empty when the line has none
  bool blank() const { return code.empty() && comment.empty(); }
};

/// One output line before alignment padding is decided.
struct LaidLine {
  bool blank = false;
  int indent = 0;
  std::string head;         ///< the code before the alignment operator, or all the code
  std::string tail;         ///< from the `=` / `=>` on; empty when the line takes no part in alignment
  size_t head_pad = 0;      ///< extra spaces after `head` that line its operator up with its neighbours
  std::string comment;      ///< trailing comment, or the whole line when there is no code
  size_t comment_pad = 2;   ///< spaces between code and a trailing comment
};

/// Parses the (error-free) token stream and marks each token's roles, indexed like getTokens().
std::vector<uint8_t> token_roles(antlr4::CommonTokenStream& tokens);

/// Groups the tokens into source lines; whitespace tokens are dropped, CRLF counts as one line end.
std::vector<SourceLine> split_lines(antlr4::CommonTokenStream& tokens, const std::vector<uint8_t>& roles);

/// Drops blank lines at both ends of the file, after `{` and before `}`; keeps at most one elsewhere.
void tidy_blank_lines(std::vector<SourceLine>& lines);

/// Whether canonical spacing puts one space between two tokens on the same line.
bool space_between(const FmtToken& prev, const FmtToken& next);

/// The tokens as one line of text with canonical spacing.
std::string join_tokens(std::span<const FmtToken> tokens);

/// Indents each line by bracket depth and statement continuation, and splits alignable statements.
std::vector<LaidLine> lay_out(const std::vector<SourceLine>& lines);

/// Lines up `=` / `=>` in runs of one-line assignments and table entries, then trailing comments.
void align_columns(std::vector<LaidLine>& lines);

/// Columns a string takes: its count of UTF-8 code points.
size_t text_width(std::string_view text);

}  // namespace syncloom::frontend::detail
