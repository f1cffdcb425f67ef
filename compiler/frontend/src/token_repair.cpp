// Mistakes people bring from other languages, caught at the token level with the fix in the message:
// `&&`, `||` and a prefix `!` become `and`, `or`, `not`; `15min`, `2hours`, `1day` become `15m`, `2h`,
// `1d`. Each costs one diagnostic, and the token is repaired so that parsing goes on without a cascade.
// Also the hint for an unclosed `{`: which one, judged by indentation as a reader would.
#include <cctype>
#include <optional>

#include "token_source.hpp"

namespace syncloom::frontend::detail {
namespace {

using grammar::LoomLexer;

/// Milliseconds per unit word, for the words people write instead of ms, s, m, h, d.
std::optional<std::pair<std::string, int64_t>> duration_unit(std::string word) {
  for (auto& c : word) c = char(std::tolower(static_cast<unsigned char>(c)));
  static const std::pair<const char*, const char*> kWords[] = {
      {"msec", "ms"}, {"msecs", "ms"}, {"millis", "ms"}, {"millisecond", "ms"}, {"milliseconds", "ms"},
      {"sec", "s"}, {"secs", "s"}, {"second", "s"}, {"seconds", "s"},
      {"min", "m"}, {"mins", "m"}, {"minute", "m"}, {"minutes", "m"},
      {"hr", "h"}, {"hrs", "h"}, {"hour", "h"}, {"hours", "h"},
      {"day", "d"}, {"days", "d"},
      {"w", "w"}, {"wk", "w"}, {"wks", "w"}, {"week", "w"}, {"weeks", "w"}};
  for (auto [w, unit] : kWords)
    if (word == w) return std::pair{std::string(unit), int64_t(std::string(unit) == "w" ? 7 : 1)};
  return std::nullopt;
}

bool adjacent(const antlr4::Token* a, const antlr4::Token* b) { return b->getStartIndex() == a->getStopIndex() + 1; }

}  // namespace

void TokenSource::repair_tokens(diag::DiagnosticBag& diags) {
  std::vector<antlr4::Token*> all = tokens_->getTokens();
  const antlr4::Token* previous = nullptr;  // the last token on the default channel
  for (size_t i = 0; i < all.size(); ++i) {
    auto* t = dynamic_cast<antlr4::CommonToken*>(all[i]);
    auto* next = i + 1 < all.size() ? dynamic_cast<antlr4::CommonToken*>(all[i + 1]) : nullptr;
    std::string text = t->getText();
    // `&&` and `||` lex as two stray characters each.
    if (t->getType() == LoomLexer::ERROR_CHAR && (text == "&" || text == "|") && next && next->getText() == text && adjacent(t, next)) {
      bool conj = text == "&";
      diags.report(diag::Diagnostic::error("P0001", "`" + text + text + "` is not an operator in mappings")
                       .at(span(t, next), std::string("write `") + (conj ? "and" : "or") + "`")
                       .with_help(std::string("conditions combine with `and`, `or` and `not`: `a ") + (conj ? "and" : "or") + " b`"));
      repaired_.insert(t->getTokenIndex());
      t->setType(conj ? LoomLexer::AND : LoomLexer::OR);
      t->setText(conj ? "and" : "or");
      next->setChannel(antlr4::Token::HIDDEN_CHANNEL);
      next->setType(LoomLexer::WS);
      previous = t;
      ++i;
      continue;
    }
    // `!x`: a `!` is only the reject-on-failure mark after a call's `)`.
    if (t->getType() == LoomLexer::BANG && (!previous || previous->getType() != LoomLexer::RPAREN)) {
      diags.report(diag::Diagnostic::error("P0001", "`!` does not negate in mappings")
                       .at(span(t), "write `not`")
                       .with_help("negate with `not`: `not (status in [\"cancelled\"])`; `!` only follows a conversion, `int(x)!`"));
      repaired_.insert(t->getTokenIndex());
      t->setType(LoomLexer::NOT);
      t->setText("not");
    }
    // `15min`: the lexer reads the duration `15m`, then `in`; `2hours` reads `2h`, then `ours`.
    if ((t->getType() == LoomLexer::DURATION || t->getType() == LoomLexer::INT) && next && adjacent(t, next) &&
        next->getType() != antlr4::Token::EOF && std::isalpha(static_cast<unsigned char>(next->getText()[0]))) {
      size_t digits = 0;
      while (digits < text.size() && std::isdigit(static_cast<unsigned char>(text[digits]))) ++digits;
      std::string number = text.substr(0, digits);
      if (auto unit = duration_unit(text.substr(digits) + next->getText())) {
        std::string fixed = unit->first == "w" && number.size() < 6 ? std::to_string(std::stoll(number) * 7) + "d" : number + unit->first;
        diags.report(diag::Diagnostic::error("P0001", "`" + text + next->getText() + "` is not a duration")
                         .at(span(t, next), "write `" + fixed + "`")
                         .with_help("a duration is a whole number and one of `ms`, `s`, `m`, `h`, `d`: `500ms`, `30s`, `15m`, `2h`, `1d`"));
        repaired_.insert(t->getTokenIndex());
        t->setType(LoomLexer::DURATION);
        t->setText(fixed);
        next->setChannel(antlr4::Token::HIDDEN_CHANNEL);
        next->setType(LoomLexer::WS);
        previous = t;
        ++i;
        continue;
      }
    }
    if (t->getChannel() == antlr4::Token::DEFAULT_CHANNEL) previous = t;
  }
}

void TokenSource::find_unclosed_brace() {
  // The indentation of each `{`'s line, as a reader matches braces: a `}` indented like an outer `{`
  // suggests the inner ones were left open, and the first such `{` is the likely culprit.
  struct Open {
    const antlr4::Token* token;
    size_t indent;
  };
  std::vector<Open> stack;
  std::optional<diag::Span> suspect;
  auto indent_of = [&](const antlr4::Token* t) {
    uint32_t at = span(t).begin;
    size_t line_start = text_.rfind('\n', at == 0 ? 0 : at - 1);
    line_start = line_start == std::string::npos || at == 0 ? 0 : line_start + 1;
    size_t i = line_start;
    while (i < text_.size() && (text_[i] == ' ' || text_[i] == '\t')) ++i;
    return i - line_start;
  };
  for (antlr4::Token* t : tokens_->getTokens()) {
    if (t->getChannel() != antlr4::Token::DEFAULT_CHANNEL) continue;
    if (t->getType() == LoomLexer::LBRACE) stack.push_back({t, indent_of(t)});
    if (t->getType() != LoomLexer::RBRACE || stack.empty()) continue;
    size_t indent = indent_of(t);
    if (!suspect && stack.back().indent != indent) {
      for (size_t k = stack.size() - 1; k-- > 0;)
        if (stack[k].indent == indent) {
          suspect = span(stack[k + 1].token);
          break;
        }
    }
    stack.pop_back();
  }
  if (stack.empty()) return;  // balanced: whatever the parser says, it is not an unclosed `{`
  unclosed_hint_ = suspect ? *suspect : span(stack.back().token);
}

}  // namespace syncloom::frontend::detail
