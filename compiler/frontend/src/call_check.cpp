// Argument checks shared by the built-in call checkers.
#include "call_check.hpp"

#include <cstdlib>

namespace syncloom::frontend::detail {
namespace {

/// Length of the escape at raw[i] (a backslash) and the bytes it decodes to.
size_t escape_length(const std::string& raw, size_t i, size_t* decoded) {
  *decoded = 1;
  if (i + 1 < raw.size() && raw[i + 1] == 'u') {
    size_t end = raw.find('}', i);
    if (end == std::string::npos) return raw.size() - i;
    uint32_t cp = uint32_t(std::strtoul(raw.substr(i + 3, end - i - 3).c_str(), nullptr, 16));
    *decoded = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
    return end - i + 1;
  }
  return 2;
}

}  // namespace

bool CallCheck::arity(size_t lo, size_t hi) {
  size_t n = e_->operands.size();
  if (n >= lo && n <= hi) return true;
  std::string want = lo == hi ? std::to_string(lo) : std::to_string(lo) + " to " + std::to_string(hi);
  sema_.report(diag::Diagnostic::error("E0204", "`" + e_->text + "` takes " + want + " argument" + (hi == 1 ? "" : "s") + ", found " +
                                                    std::to_string(n))
                   .at(e_->span, "wrong number of arguments"));
  return false;
}

TypePtr CallCheck::bad_arg(size_t i, const TypePtr& t, const std::string& expected) {
  sema_.report(diag::Diagnostic::error("E0204", "`" + e_->text + "` expects " + expected + ", found " + quoted(t))
                   .at(e_->operands[i]->span, "argument " + std::to_string(i + 1)));
  return error_type();
}

void CallCheck::fallible(bool can_fail) {
  if (can_fail && !e_->bang) {
    e_->fallible = true;
    e_->fallible_at = e_->span;
  }
  if (!can_fail && e_->bang)
    sema_.report(diag::Diagnostic::error("E0204", "`!` after a `" + e_->text + "` call that cannot fail").at(e_->span, "nothing to handle")
                     .with_help("drop the `!`"));
}

const Expr* CallCheck::string_literal(size_t i, const std::string& what) {
  const Expr* a = e_->operands[i].get();
  if (a && a->kind == ExprKind::kLiteral && a->literal_kind == LiteralKind::kString) return a;
  sema_.report(diag::Diagnostic::error("E0204", "the " + what + " of `" + e_->text + "` must be a string literal")
                   .at(a ? a->span : e_->span, "not a literal")
                   .note("it is checked and prepared once, when the mapping is compiled"));
  return nullptr;
}

Span literal_offset_span(const Expr& lit, size_t offset) {
  // Walk the source text between the quotes, counting decoded bytes, to the byte that holds `offset`.
  size_t decoded = 0, i = 0;
  const std::string& raw = lit.raw;
  while (i < raw.size()) {
    size_t bytes = 1, width = 1;
    if (raw[i] == '\\') width = escape_length(raw, i, &bytes);
    if (decoded + bytes > offset) break;
    decoded += bytes;
    i += width;
  }
  uint32_t begin = lit.span.begin + 1 + uint32_t(i);
  size_t width = i < raw.size() && raw[i] == '\\' ? escape_length(raw, i, &decoded) : 1;
  if (i >= raw.size()) return Span{lit.span.file, begin, begin + 1};  // at the end: the closing quote
  // A whole UTF-8 sequence, so the caret is under one character.
  while (i + width < raw.size() && (static_cast<unsigned char>(raw[i + width]) & 0xC0) == 0x80) ++width;
  return Span{lit.span.file, begin, begin + uint32_t(width)};
}

}  // namespace syncloom::frontend::detail
