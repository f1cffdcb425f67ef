// format_source: refuses broken files, runs the formatting stages, and checks that the result still
// holds exactly the tokens and comments it was given before anyone writes it to disk.
#include "syncloom/frontend/format.hpp"

#include "format_stages.hpp"
#include "syncloom/frontend/parse.hpp"
#include "token_source.hpp"

namespace syncloom::frontend {
namespace {

std::string render(const std::vector<detail::LaidLine>& lines) {
  std::string out;
  for (const detail::LaidLine& line : lines) {
    if (!line.blank) {
      out.append(size_t(line.indent), ' ');
      out += line.head;
      if (!line.tail.empty()) {
        out.append(1 + line.head_pad, ' ');
        out += line.tail;
      }
      if (!line.comment.empty()) {
        if (!line.head.empty()) out.append(line.comment_pad, ' ');
        out += line.comment;
      }
    }
    out += '\n';
  }
  return out;
}

bool keeps_tokens(const diag::SourceManager& sm, uint32_t file, const std::string& formatted) {
  diag::SourceManager check;
  uint32_t id = check.add(sm.path(file), formatted);
  return significant_tokens(sm, file) == significant_tokens(check, id);
}

}  // namespace

FormatResult format_source(const diag::SourceManager& sm, uint32_t file, diag::DiagnosticBag& diags) {
  // 1. Like gofmt, refuse a file with syntax errors: guessing at its structure could mangle it.
  diag::DiagnosticBag parse_diags;
  parse_module(sm, file, parse_diags);
  for (const diag::Diagnostic& d : parse_diags.all()) diags.report(d);
  if (parse_diags.has_errors()) return {};

  // 2. Lex again (the parser's token stream is private to it) and ask the grammar about each token.
  diag::DiagnosticBag already_reported;
  detail::TokenSource source(sm, file, already_reported);
  std::vector<uint8_t> roles = detail::token_roles(source.tokens());

  // 3. Lines as the author broke them, then indentation, spacing and alignment.
  std::vector<detail::SourceLine> lines = detail::split_lines(source.tokens(), roles);
  detail::tidy_blank_lines(lines);
  std::vector<detail::LaidLine> laid = detail::lay_out(lines);
  detail::align_columns(laid);
  std::string text = render(laid);

  // 4. A formatter that changed meaning would be worse than none: never hand back such a text.
  if (!keeps_tokens(sm, file, text)) {
    diag::Diagnostic d;
    d.severity = diag::Severity::kInternal;
    d.message = "formatting would change the tokens of this file, so it was left as it is";
    d.labels.push_back({diag::Span{file, 0, 0}, "", true});
    d.notes.push_back("this is a bug in syncloom; please report it with the file");
    diags.report(std::move(d));
    return {};
  }
  return {true, std::move(text)};
}

std::vector<std::string> significant_tokens(const diag::SourceManager& sm, uint32_t file) {
  diag::DiagnosticBag ignored;
  detail::TokenSource source(sm, file, ignored);
  std::vector<std::string> texts;
  for (antlr4::Token* token : source.tokens().getTokens()) {
    if (token->getType() == antlr4::Token::EOF) break;
    if (token->getType() == grammar::LoomLexer::COMMENT) {
      std::string text = token->getText();
      while (!text.empty() && (text.back() == ' ' || text.back() == '\t' || text.back() == '\f')) text.pop_back();
      texts.push_back(std::move(text));
    } else if (token->getChannel() == antlr4::Token::DEFAULT_CHANNEL) {
      texts.push_back(token->getText());
    }
  }
  return texts;
}

}  // namespace syncloom::frontend
