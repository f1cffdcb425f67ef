// pad_left, pad_right and parse_json, and reading inside an `any` value: `x["key"]` (an object member, by a
// literal key) and `x[i]` (an array element), both `any?`.
#include "call_check.hpp"

namespace syncloom::frontend::detail {
namespace {

/// Code points in UTF-8 text (the literal is valid UTF-8: the lexer blanks invalid bytes).
size_t code_points(const std::string& s) {
  size_t n = 0;
  for (char c : s) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  return n;
}

}  // namespace

TypePtr Sema::check_text_call(Expr* e, const std::vector<TypePtr>& types) {
  CallCheck call(*this, e);
  bool any_optional = std::any_of(types.begin(), types.end(), [](auto& t) { return may_be_null(t); });
  if (e->text == "parse_json") {
    if (!call.arity(1, 1)) return error_type();
    if (!types[0]->is_stringlike() && types[0]->kind != TypeKind::kAny) return call.bad_arg(0, types[0], "a string or an `any` value");
    call.fallible(true);  // the text may not be JSON
    return Type::make(TypeKind::kAny, true);  // `null` is a JSON document too
  }
  // pad_left / pad_right (s, width[, fill])
  if (!call.arity(2, 3)) return error_type();
  if (!types[0]->is_stringlike()) return call.bad_arg(0, types[0], "a string");
  if (types[1]->kind != TypeKind::kInt) return call.bad_arg(1, types[1], "an int width");
  if (e->operands.size() == 3) {
    if (!types[2]->is_stringlike()) return call.bad_arg(2, types[2], "a fill string");
    const Expr* fill = e->operands[2].get();
    if (fill->kind == ExprKind::kLiteral && fill->literal_kind == LiteralKind::kString && code_points(fill->text) != 1) {
      report(diag::Diagnostic::error("E0204", "the fill of `" + e->text + "` must be exactly one character, found " +
                                                  std::to_string(code_points(fill->text)))
                 .at(fill->span, "one code point expected"));
      return error_type();
    }
  }
  call.fallible(false);
  return Type::make(TypeKind::kString, any_optional);
}

TypePtr Sema::check_any_index(Expr* e, const TypePtr& index) {
  const Expr* key = e->operands[1].get();
  bool literal_key = key->kind == ExprKind::kLiteral && key->literal_kind == LiteralKind::kString;
  if (!literal_key && index->kind != TypeKind::kInt) {
    report(diag::Diagnostic::error("E0201", "an `any` value is indexed by a string literal (a member) or an int (an element), found `" +
                                                index->to_string() + "`")
               .at(key->span, "not a literal key or an int"));
    return error_type();
  }
  // Absent members, elements past the end, and indexing what is not an object or array all give null.
  return Type::make(TypeKind::kAny, true);
}

}  // namespace syncloom::frontend::detail
