// Source lines for the formatter: tokens grouped by the author's line breaks, blank lines tidied.
#include "LoomLexer.h"
#include "antlr4-runtime.h"
#include "format_stages.hpp"

namespace syncloom::frontend::detail {
namespace {

using grammar::LoomLexer;

std::string trim_right(std::string text) {
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t' || text.back() == '\f' ||
                           text.back() == '\r')) {
    text.pop_back();
  }
  return text;
}

bool opens_block(const SourceLine& line) {
  return !line.code.empty() && line.code.back().type == LoomLexer::LBRACE;
}
bool closes_block(const SourceLine& line) {
  return !line.code.empty() && line.code.front().type == LoomLexer::RBRACE;
}

}  // namespace

std::vector<SourceLine> split_lines(antlr4::CommonTokenStream& tokens, const std::vector<uint8_t>& roles) {
  std::vector<SourceLine> lines(1);
  for (antlr4::Token* token : tokens.getTokens()) {
    size_t type = token->getType();
    if (type == antlr4::Token::EOF) break;
    if (type == LoomLexer::NEWLINE) {
      lines.emplace_back();
    } else if (type == LoomLexer::COMMENT) {
      lines.back().comment = trim_right(token->getText());
    } else if (token->getChannel() == antlr4::Token::DEFAULT_CHANNEL) {
      size_t index = token->getTokenIndex();
      lines.back().code.push_back({type, token->getText(), index < roles.size() ? roles[index] : uint8_t{0}});
    }
    // Whitespace (and, in files with lexical errors, the hidden stray characters) is not kept.
  }
  return lines;
}

void tidy_blank_lines(std::vector<SourceLine>& lines) {
  std::vector<SourceLine> kept;
  kept.reserve(lines.size());
  bool gap = false;  // blank lines seen since the last kept line
  for (SourceLine& line : lines) {
    if (line.blank()) {
      gap = true;
      continue;
    }
    // A blank line survives only between two non-blank lines, and never just inside braces.
    if (gap && !kept.empty() && !opens_block(kept.back()) && !closes_block(line)) kept.emplace_back();
    kept.push_back(std::move(line));
    gap = false;
  }
  lines = std::move(kept);
}

}  // namespace syncloom::frontend::detail
