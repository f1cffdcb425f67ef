// Lexing, with the clean-up that lets one bad byte or one unclosed string cost exactly one diagnostic.
#include "token_source.hpp"

#include <algorithm>
#include <optional>

#include "syncloom/frontend/parse.hpp"

namespace syncloom::frontend::detail {
namespace {

using grammar::LoomLexer;

/// Length of the valid UTF-8 sequence at `i`, or 0 when the bytes there are not valid UTF-8.
size_t utf8_sequence_length(std::string_view s, size_t i) {
  auto byte = [&](size_t k) { return static_cast<unsigned char>(s[k]); };
  unsigned char c = byte(i);
  if (c < 0x80) return 1;
  size_t n = (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 0;
  if (n == 0 || i + n > s.size()) return 0;
  for (size_t k = 1; k < n; ++k)
    if ((byte(i + k) & 0xC0) != 0x80) return 0;
  uint32_t cp = n == 2 ? c & 0x1F : n == 3 ? c & 0x0F : c & 0x07;
  for (size_t k = 1; k < n; ++k) cp = (cp << 6) | (byte(i + k) & 0x3F);
  // Overlong forms, surrogates and values past U+10FFFF are invalid too.
  if ((n == 2 && cp < 0x80) || (n == 3 && cp < 0x800) || (n == 4 && cp < 0x10000)) return 0;
  if ((cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF) return 0;
  return n;
}

bool opens(size_t type) {
  return type == LoomLexer::LPAREN || type == LoomLexer::LBRACK || type == LoomLexer::LBRACE;
}
bool closes(size_t type) {
  return type == LoomLexer::RPAREN || type == LoomLexer::RBRACK || type == LoomLexer::RBRACE;
}
/// Prefix operators recurse in the parser like brackets do.
bool prefix(size_t type) {
  return type == LoomLexer::NOT || type == LoomLexer::MINUS || type == LoomLexer::IF ||
         type == LoomLexer::FOR;
}

}  // namespace

TokenSource::TokenSource(const diag::SourceManager& sm, uint32_t file, diag::DiagnosticBag& diags)
    : file_(file), text_(sm.text(file)) {
  // 1. Blank invalid UTF-8 bytes (reported once per run) so ANTLR's decoder never sees them.
  cp_to_byte_.reserve(text_.size() + 1);
  for (size_t i = 0; i < text_.size();) {
    size_t n = utf8_sequence_length(text_, i);
    if (n == 0) {
      size_t start = i;
      while (i < text_.size() && utf8_sequence_length(text_, i) == 0) text_[i++] = ' ';
      diags.report(diag::Diagnostic::error("P0003", "invalid UTF-8 in source file")
                       .at({file, uint32_t(start), uint32_t(i)}, "not valid UTF-8")
                       .note("mapping files must be UTF-8 encoded"));
      for (size_t k = start; k < i; ++k) {
        cp_to_byte_.push_back(uint32_t(k));
      }
      continue;
    }
    cp_to_byte_.push_back(uint32_t(i));
    i += n;
  }
  cp_to_byte_.push_back(uint32_t(text_.size()));

  // 2. Merge-conflict markers: one clear diagnostic per conflict instead of a cascade; the marker lines
  //    are blanked so the parser sees both sides (sema does not run after a syntax error anyway).
  report_conflict_markers(diags);

  // 3. Lex everything up front.
  // text_ is valid UTF-8 now, so ANTLR decodes it to exactly the code points counted above.
  input_ = std::make_unique<antlr4::ANTLRInputStream>(text_);
  lexer_ = std::make_unique<grammar::LoomLexer>(input_.get());
  lexer_->removeErrorListeners();
  tokens_ = std::make_unique<antlr4::CommonTokenStream>(lexer_.get());
  tokens_->fill();
  repair_tokens(diags);
  clean_tokens(diags);
  find_unclosed_brace();
}

void TokenSource::report_conflict_markers(diag::DiagnosticBag& diags) {
  std::optional<diag::Diagnostic> open;
  for (size_t start = 0; start < text_.size();) {
    size_t end = text_.find('\n', start);
    if (end == std::string::npos) end = text_.size();
    std::string_view line(text_.data() + start, end - start);
    char kind = line.size() >= 7 && line.substr(0, 7) == std::string(7, line[0]) ? line[0] : 0;
    if (kind == '<' || kind == '=' || kind == '>' || (kind == '|' && open)) {
      diag::Span at{file_, uint32_t(start), uint32_t(start + 7)};
      if (kind == '<') {
        if (open) diags.report(std::move(*open));
        open = diag::Diagnostic::error("P0001", "unresolved merge conflict")
                   .at(at, "conflict starts here")
                   .with_help("keep one side (or combine them) and delete the marker lines");
      } else if (open) {
        open->also(at, kind == '>' ? "conflict ends here" : "other side starts here");
        if (kind == '>') {
          diags.report(std::move(*open));
          open.reset();
        }
      }
      if (open || kind == '>') std::fill(text_.begin() + start, text_.begin() + end, ' ');
    }
    start = end + 1;
  }
  if (open) diags.report(std::move(*open));
}

void TokenSource::clean_tokens(diag::DiagnosticBag& diags) {
  int depth = 0;
  int prefix_run = 0;
  int chain = 0;  ///< if/for since the last `=`, `{` or `}`: `else if` chains nest like brackets
  for (antlr4::Token* token : tokens_->getTokens()) {
    auto* t = dynamic_cast<antlr4::CommonToken*>(token);
    size_t type = t->getType();
    if (type == LoomLexer::ERROR_CHAR) {
      diags.report(diag::Diagnostic::error("P0003", "unexpected character `" + t->getText() + "`")
                       .at(span(t), "no token starts with this character"));
      t->setChannel(antlr4::Token::HIDDEN_CHANNEL);
      continue;
    }
    if (type == LoomLexer::UNTERMINATED_STRING) {
      diags.report(diag::Diagnostic::error("P0002", "unterminated string literal")
                       .at(span(t), "this string is not closed before the end of the line")
                       .with_help("add the closing `\"`"));
      t->setType(LoomLexer::STRING);
      t->setText(t->getText() + "\"");
      type = LoomLexer::STRING;
    }
    if (t->getChannel() != antlr4::Token::DEFAULT_CHANNEL) continue;
    prefix_run = prefix(type) ? prefix_run + 1 : 0;
    if (type == LoomLexer::ASSIGN || type == LoomLexer::LBRACE || type == LoomLexer::RBRACE) chain = 0;
    if (type == LoomLexer::IF || type == LoomLexer::FOR) ++chain;
    if (opens(type)) ++depth;
    if (closes(type) && depth > 0) --depth;
    if ((depth > kMaxNesting || prefix_run > kMaxNesting || chain > kMaxNesting) && !too_deep_) {
      too_deep_ = true;
      diags.report(diag::Diagnostic::error("P0001", "expression nested too deeply")
                       .at(span(t), "nesting passes " + std::to_string(kMaxNesting) + " levels here")
                       .with_help("split the expression with `let` bindings or functions"));
    }
  }
}

uint32_t TokenSource::byte_offset(size_t cp) const {
  if (cp >= cp_to_byte_.size()) return cp_to_byte_.back();
  return cp_to_byte_[cp];
}

diag::Span TokenSource::span(const antlr4::Token* token) const { return span(token, token); }

diag::Span TokenSource::span(const antlr4::Token* first, const antlr4::Token* last) const {
  if (first == nullptr || last == nullptr) return {file_, 0, 0};
  if (first->getType() == antlr4::Token::EOF) {
    uint32_t end = cp_to_byte_.back();
    return {file_, end, end};
  }
  size_t begin = first->getStartIndex();
  size_t stop = last->getType() == antlr4::Token::EOF ? last->getStartIndex() : last->getStopIndex() + 1;
  if (stop < begin) stop = begin;
  return {file_, byte_offset(begin), byte_offset(stop)};
}

}  // namespace syncloom::frontend::detail
