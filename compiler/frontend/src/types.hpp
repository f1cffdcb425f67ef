// Type rules shared by the checkers: unification, numeric promotion, assignability.
#pragma once

#include "sema.hpp"

namespace syncloom::frontend::detail {

inline TypePtr error_type() { return Type::make(TypeKind::kError); }
/// An error type, or a list of them: either way the mistake is reported and nothing more is said about it.
inline bool is_error(const TypePtr& t) {
  return !t || t->kind == TypeKind::kError || (t->kind == TypeKind::kList && (!t->element || is_error(t->element)));
}
inline bool may_be_null(const TypePtr& t) { return t && (t->optional || t->kind == TypeKind::kNull); }
inline TypePtr non_null(const TypePtr& t) { return Type::with_optional(t, false); }

enum class Fit : uint8_t {
  kOk,
  kMismatch,    ///< E0201
  kMoneyFloat,  ///< E0202: decimal and float meet
};

/// Common type of two branches / list elements, or null when they do not fit together.
TypePtr unify(const TypePtr& a, const TypePtr& b, Fit* fit = nullptr);
/// Result of arithmetic on two numeric types (optional if either is); null + kMoneyFloat/kMismatch on error.
TypePtr numeric_result(const TypePtr& a, const TypePtr& b, bool division, Fit& fit);
/// Can a value of type `from` be stored where `to` is expected (ignoring null-ness, checked separately)?
Fit fits(const Type& from, const Type& to);
/// Can values of these types be compared with == / != (and, if `ordered`, with < <= > >=)?
Fit comparable(const Type& a, const Type& b, bool ordered);

/// A type for messages: "`decimal?`".
inline std::string quoted(const TypePtr& t) { return "`" + (t ? t->to_string() : std::string("?")) + "`"; }
/// Reports a failed fit: E0202 for decimal meeting float, E0201 otherwise.
void report_fit(Sema& sema, Fit fit, Span span, const std::string& message, const std::string& label);

}  // namespace syncloom::frontend::detail
