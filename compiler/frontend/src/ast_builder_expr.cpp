// Expressions, literals, names, strings and durations.
#include <charconv>

#include "ast_builder.hpp"
#include "syncloom/frontend/parse.hpp"

namespace syncloom::frontend::detail {
namespace {

ExprPtr make(ExprKind kind, Span span) {
  auto e = std::make_unique<Expr>();
  e->kind = kind;
  e->span = span;
  return e;
}

void append_utf8(std::string& out, uint32_t cp) {
  if (cp < 0x80) {
    out += char(cp);
  } else if (cp < 0x800) {
    out += char(0xC0 | (cp >> 6));
    out += char(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += char(0xE0 | (cp >> 12));
    out += char(0x80 | ((cp >> 6) & 0x3F));
    out += char(0x80 | (cp & 0x3F));
  } else {
    out += char(0xF0 | (cp >> 18));
    out += char(0x80 | ((cp >> 12) & 0x3F));
    out += char(0x80 | ((cp >> 6) & 0x3F));
    out += char(0x80 | (cp & 0x3F));
  }
}

}  // namespace

Span AstBuilder::span(antlr4::ParserRuleContext* ctx) const {
  if (ctx == nullptr) return {tokens_.file(), 0, 0};
  return tokens_.span(ctx->getStart(), ctx->getStop() ? ctx->getStop() : ctx->getStart());
}

Span AstBuilder::span(antlr4::tree::TerminalNode* node) const {
  if (node == nullptr) return {tokens_.file(), 0, 0};
  return tokens_.span(node->getSymbol());
}

Ident AstBuilder::name(P::NameContext* ctx) {
  if (ctx == nullptr || ctx->getStart() == nullptr) return {};
  std::string text = ctx->getText();
  if (ctx->QUOTED_IDENT() && text.size() >= 2) text = text.substr(1, text.size() - 2);
  return {std::move(text), span(ctx)};
}

Ident AstBuilder::string_ident(antlr4::tree::TerminalNode* node) {
  if (node == nullptr) return {};
  return {decode_string(node->getSymbol()), span(node)};
}

std::vector<Ident> AstBuilder::strings(const std::vector<antlr4::tree::TerminalNode*>& nodes) {
  std::vector<Ident> out;
  for (auto* n : nodes) out.push_back(string_ident(n));
  return out;
}

std::string AstBuilder::decode_string(antlr4::Token* token) {
  std::string raw = token->getText();
  if (raw.size() < 2) return {};
  std::string_view body(raw.data() + 1, raw.size() - 2);
  std::string out;
  Span whole = tokens_.span(token);
  for (size_t i = 0; i < body.size(); ++i) {
    if (body[i] != '\\') {
      out += body[i];
      continue;
    }
    size_t start = i;
    char c = i + 1 < body.size() ? body[++i] : '\0';
    switch (c) {
      case 'n': out += '\n'; continue;
      case 't': out += '\t'; continue;
      case 'r': out += '\r'; continue;
      case '"': out += '"'; continue;
      case '\\': out += '\\'; continue;
      case 'u': {
        // \u{1F600}: one to six hex digits.
        size_t close = body.find('}', i);
        uint32_t cp = 0;
        if (i + 1 < body.size() && body[i + 1] == '{' && close != std::string_view::npos && close > i + 2 &&
            close - i - 2 <= 6) {
          auto [p, ec] = std::from_chars(body.data() + i + 2, body.data() + close, cp, 16);
          if (ec == std::errc() && p == body.data() + close && cp <= 0x10FFFF && !(cp >= 0xD800 && cp <= 0xDFFF)) {
            append_utf8(out, cp);
            i = close;
            continue;
          }
        }
        [[fallthrough]];
      }
      default: {
        // Offsets inside the literal: +1 for the opening quote.
        uint32_t b = whole.begin + 1 + uint32_t(start);
        diags_.report(diag::Diagnostic::error("P0004", "invalid escape sequence in string literal")
                          .at({whole.file, b, std::min(whole.end, b + 2)}, "unknown escape")
                          .with_help("valid escapes: \\n \\t \\r \\\" \\\\ \\u{hex}"));
        out += c;
      }
    }
  }
  return out;
}

Duration AstBuilder::duration(antlr4::tree::TerminalNode* node) {
  Duration d;
  if (node == nullptr) return d;
  d.text = node->getText();
  d.span = span(node);
  size_t unit_at = d.text.find_first_not_of("0123456789");
  std::string_view digits(d.text.data(), unit_at);
  std::string_view unit(d.text.data() + unit_at);
  int64_t n = 0;
  auto [p, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), n);
  int64_t scale = unit == "ms" ? 1 : unit == "s" ? 1000 : unit == "m" ? 60'000 : unit == "h" ? 3'600'000 : 86'400'000;
  if (ec == std::errc() && n <= INT64_MAX / scale) {
    d.millis = n * scale;
    d.valid = true;
  }
  return d;
}

int64_t AstBuilder::integer(antlr4::tree::TerminalNode* node, Span* out_span) {
  if (node == nullptr) return 0;
  if (out_span) *out_span = span(node);
  std::string text = node->getText();
  if (text.rfind("<missing", 0) == 0) return 0;  // recovery placeholder: already reported
  int64_t n = 0;
  auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
  if (ec != std::errc()) {
    diags_.report(diag::Diagnostic::error("P0001", "integer literal out of range")
                      .at(span(node), "does not fit in 64 bits"));
  }
  return n;
}

ExprPtr AstBuilder::literal(P::LiteralContext* ctx) {
  auto e = make(ExprKind::kLiteral, span(ctx));
  if (ctx == nullptr) return e;
  if (ctx->STRING()) {
    e->literal_kind = LiteralKind::kString;
    e->text = decode_string(ctx->STRING()->getSymbol());
    std::string token = ctx->STRING()->getSymbol()->getText();
    if (token.size() >= 2) e->raw = token.substr(1, token.size() - 2);
  } else if (ctx->INT()) {
    e->literal_kind = LiteralKind::kInt;
    e->text = ctx->getText();
  } else if (ctx->DECIMAL()) {
    e->literal_kind = LiteralKind::kDecimal;
    e->text = ctx->getText();
  } else if (ctx->K_TRUE() || ctx->K_FALSE()) {
    e->literal_kind = LiteralKind::kBool;
    e->text = ctx->getText();
  } else {
    e->literal_kind = LiteralKind::kNull;
    e->text = "null";
  }
  return e;
}

ExprPtr AstBuilder::binary(P::ExprContext* ctx, antlr4::Token* op, P::ExprContext* lhs, P::ExprContext* rhs) {
  auto e = make(ExprKind::kBinary, span(ctx));
  e->text = op ? op->getText() : "?";
  e->operands.push_back(expr(lhs));
  e->operands.push_back(expr(rhs));
  return e;
}

ExprPtr AstBuilder::expr(P::ExprContext* ctx) {
  if (ctx == nullptr) return make(ExprKind::kLiteral, {tokens_.file(), 0, 0});
  // Left-deep chains (a + b + c ...) nest one level per operator; cap them like brackets.
  if (depth_ > kMaxNesting * 4) {
    if (!too_deep_reported_) diags_.report(diag::Diagnostic::error("P0001", "expression nested too deeply")
                      .at(span(ctx), "too many operators in one expression")
                      .with_help("split the expression with `let` bindings or functions"));
    too_deep_reported_ = true;
    return make(ExprKind::kLiteral, span(ctx));
  }
  struct Guard {
    int& d;
    explicit Guard(int& depth) : d(depth) { ++d; }
    ~Guard() { --d; }
  } guard(depth_);

  if (auto* c = dynamic_cast<P::PrimaryExprContext*>(ctx)) return primary(c->primary());
  if (auto* c = dynamic_cast<P::MemberExprContext*>(ctx)) {
    auto e = make(ExprKind::kMember, span(ctx));
    e->operands.push_back(expr(c->expr()));
    Ident n = name(c->name());
    e->text = n.text;
    e->name_span = n.span;
    return e;
  }
  if (auto* c = dynamic_cast<P::IndexExprContext*>(ctx)) {
    auto e = make(ExprKind::kIndex, span(ctx));
    e->operands.push_back(expr(c->expr(0)));
    e->operands.push_back(expr(c->expr(1)));
    return e;
  }
  if (auto* c = dynamic_cast<P::NegExprContext*>(ctx)) {
    auto e = make(ExprKind::kUnary, span(ctx));
    e->text = "-";
    e->operands.push_back(expr(c->expr()));
    return e;
  }
  if (auto* c = dynamic_cast<P::NotExprContext*>(ctx)) {
    auto e = make(ExprKind::kUnary, span(ctx));
    e->text = "not";
    e->operands.push_back(expr(c->expr()));
    return e;
  }
  if (auto* c = dynamic_cast<P::MulExprContext*>(ctx)) return binary(ctx, c->op, c->expr(0), c->expr(1));
  if (auto* c = dynamic_cast<P::AddExprContext*>(ctx)) return binary(ctx, c->op, c->expr(0), c->expr(1));
  if (auto* c = dynamic_cast<P::CmpExprContext*>(ctx)) return binary(ctx, c->op, c->expr(0), c->expr(1));
  if (auto* c = dynamic_cast<P::CoalesceExprContext*>(ctx))
    return binary(ctx, c->COALESCE() ? c->COALESCE()->getSymbol() : nullptr, c->expr(0), c->expr(1));
  if (auto* c = dynamic_cast<P::AndExprContext*>(ctx))
    return binary(ctx, c->AND() ? c->AND()->getSymbol() : nullptr, c->expr(0), c->expr(1));
  if (auto* c = dynamic_cast<P::OrExprContext*>(ctx))
    return binary(ctx, c->OR() ? c->OR()->getSymbol() : nullptr, c->expr(0), c->expr(1));
  if (auto* c = dynamic_cast<P::InExprContext*>(ctx)) {
    auto e = make(ExprKind::kIn, span(ctx));
    e->negated = c->NOT() != nullptr;
    e->operands.push_back(expr(c->expr(0)));
    e->operands.push_back(expr(c->expr(1)));
    return e;
  }
  if (auto* c = dynamic_cast<P::IfExprContext*>(ctx)) {
    auto e = make(ExprKind::kIf, span(ctx));
    for (size_t i = 0; i < 3; ++i) e->operands.push_back(expr(c->expr(i)));
    return e;
  }
  if (auto* c = dynamic_cast<P::ForExprContext*>(ctx)) {
    auto e = make(ExprKind::kFor, span(ctx));
    Ident var = name(c->name());
    e->text = var.text;
    e->name_span = var.span;
    auto parts = c->expr();
    e->operands.push_back(expr(parts.empty() ? nullptr : parts[0]));
    e->has_filter = c->WHEN() != nullptr;
    e->operands.push_back(e->has_filter && parts.size() > 1 ? expr(parts[1]) : nullptr);
    if (c->FAT_ARROW()) {
      e->operands.push_back(expr(parts.size() > 1 ? parts.back() : nullptr));
    } else {
      e->operands.push_back(nullptr);
      e->block = std::make_unique<Block>(block(c->block()));
    }
    return e;
  }
  if (dynamic_cast<P::OmitExprContext*>(ctx)) return make(ExprKind::kOmit, span(ctx));
  if (auto* c = dynamic_cast<P::RejectExprContext*>(ctx)) {
    auto e = make(ExprKind::kReject, span(ctx));
    if (c->STRING()) e->text = decode_string(c->STRING()->getSymbol());
    return e;
  }
  return make(ExprKind::kLiteral, span(ctx));
}

ExprPtr AstBuilder::primary(P::PrimaryContext* ctx) {
  if (auto* c = dynamic_cast<P::LiteralPrimaryContext*>(ctx)) return literal(c->literal());
  if (auto* c = dynamic_cast<P::CallPrimaryContext*>(ctx)) {
    auto e = make(ExprKind::kCall, span(ctx));
    Ident n = name(c->name());
    e->text = n.text;
    e->name_span = n.span;
    e->bang = c->BANG() != nullptr;
    for (auto* arg : c->callArg()) {
      if (auto* lambda = dynamic_cast<P::LambdaArgContext*>(arg)) {
        auto l = make(ExprKind::kLambda, span(lambda));
        Ident param = name(lambda->name());
        l->text = param.text;
        l->name_span = param.span;
        l->operands.push_back(expr(lambda->expr()));
        e->operands.push_back(std::move(l));
      } else {
        auto* plain = dynamic_cast<P::ExprArgContext*>(arg);
        e->operands.push_back(expr(plain ? plain->expr() : nullptr));
      }
    }
    return e;
  }
  if (auto* c = dynamic_cast<P::NamePrimaryContext*>(ctx)) {
    auto e = make(ExprKind::kName, span(ctx));
    Ident n = name(c->name());
    e->text = n.text;
    e->name_span = n.span;
    return e;
  }
  if (auto* c = dynamic_cast<P::ParenPrimaryContext*>(ctx)) return expr(c->expr());
  if (auto* c = dynamic_cast<P::ListPrimaryContext*>(ctx)) {
    auto e = make(ExprKind::kList, span(ctx));
    for (auto* item : c->expr()) e->operands.push_back(expr(item));
    return e;
  }
  return make(ExprKind::kLiteral, span(ctx));
}

}  // namespace syncloom::frontend::detail
