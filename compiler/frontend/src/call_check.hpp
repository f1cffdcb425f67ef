// Argument checks shared by the built-in call checkers (check_call*.cpp): arity, argument kinds, fallibility,
// literal arguments and offsets into them.
#pragma once

#include "types.hpp"

namespace syncloom::frontend::detail {

class CallCheck {
 public:
  CallCheck(Sema& sema, Expr* call) : sema_(sema), e_(call) {}

  /// E0204 unless the call has `lo` to `hi` arguments.
  bool arity(size_t lo, size_t hi);
  /// E0204 at argument `i` ("`f` expects EXPECTED, found `T`"); returns the error type.
  TypePtr bad_arg(size_t i, const TypePtr& t, const std::string& expected);
  /// Marks the call fallible unless `!` handles it; reports a `!` after a call that cannot fail.
  void fallible(bool can_fail);
  /// Argument `i` when it is a string literal; otherwise E0204 (WHAT "must be a string literal") and null.
  const Expr* string_literal(size_t i, const std::string& what);

 private:
  Sema& sema_;
  Expr* e_;
};

/// A field of a struct a built-in makes.
inline schema::FieldSchema make_field(std::string name, TypePtr type) {
  schema::FieldSchema f;
  f.name = std::move(name);
  f.type = std::move(type);
  return f;
}

/// The span of byte `offset` of string literal `lit`'s decoded value in the source (escapes counted as written).
Span literal_offset_span(const Expr& lit, size_t offset);

}  // namespace syncloom::frontend::detail
