// Value patterns and their disjointness (see value_pattern.hpp): an intersection test of two small
// regular languages by a walk over pairs of positions.
#include "value_pattern.hpp"

#include <cctype>
#include <set>

namespace syncloom::frontend::detail {
namespace {

using Atoms = std::vector<PatternAtom>;
constexpr size_t kMaxAlternatives = 64;

ValuePattern literal(const std::string& text) {
  Atoms atoms;
  for (char c : text) atoms.push_back({PatternAtom::Kind::kChar, c});
  return {{atoms}};
}

ValuePattern klass(PatternAtom::Kind kind) { return {{{PatternAtom{kind, 0}}}}; }

ValuePattern either(ValuePattern a, const ValuePattern& b) {
  a.alternatives.insert(a.alternatives.end(), b.alternatives.begin(), b.alternatives.end());
  if (a.alternatives.size() > kMaxAlternatives) return ValuePattern::any();
  return a;
}

ValuePattern concat(const ValuePattern& a, const ValuePattern& b) {
  if (a.alternatives.size() * b.alternatives.size() > kMaxAlternatives) return ValuePattern::any();
  ValuePattern out;
  for (const auto& x : a.alternatives)
    for (const auto& y : b.alternatives) {
      Atoms joined = x;
      joined.insert(joined.end(), y.begin(), y.end());
      out.alternatives.push_back(joined);
    }
  return out;
}

ValuePattern map_case(ValuePattern p, bool lower) {
  for (auto& alt : p.alternatives)
    for (auto& atom : alt)
      if (atom.kind == PatternAtom::Kind::kChar)
        atom.c = char(lower ? std::tolower(static_cast<unsigned char>(atom.c)) : std::toupper(static_cast<unsigned char>(atom.c)));
  return p;
}

bool in_class(char c, PatternAtom::Kind kind) {
  switch (kind) {
    case PatternAtom::Kind::kDigits: return std::isdigit(static_cast<unsigned char>(c)) || c == '-';
    case PatternAtom::Kind::kNumber: return std::isdigit(static_cast<unsigned char>(c)) || c == '-' || c == '.';
    case PatternAtom::Kind::kAny: return true;
    case PatternAtom::Kind::kChar: return false;
  }
  return false;
}

bool classes_meet(PatternAtom::Kind a, PatternAtom::Kind b) { return a != PatternAtom::Kind::kChar && b != PatternAtom::Kind::kChar; }

/// Is some string matched by both atom sequences?
bool intersect(const Atoms& a, const Atoms& b) {
  std::set<std::pair<size_t, size_t>> seen;
  std::vector<std::pair<size_t, size_t>> todo = {{0, 0}};
  while (!todo.empty()) {
    auto [i, j] = todo.back();
    todo.pop_back();
    if (!seen.insert({i, j}).second) continue;
    if (i == a.size() && j == b.size()) return true;
    bool star_a = i < a.size() && a[i].kind != PatternAtom::Kind::kChar;
    bool star_b = j < b.size() && b[j].kind != PatternAtom::Kind::kChar;
    if (star_a) todo.push_back({i + 1, j});  // a run may be empty
    if (star_b) todo.push_back({i, j + 1});
    if (i == a.size() || j == b.size()) continue;
    // Consume one character both sides accept.
    if (!star_a && !star_b) {
      if (a[i].c == b[j].c) todo.push_back({i + 1, j + 1});
    } else if (!star_a) {
      if (in_class(a[i].c, b[j].kind)) todo.push_back({i + 1, j});
    } else if (!star_b) {
      if (in_class(b[j].c, a[i].kind)) todo.push_back({i, j + 1});
    } else if (classes_meet(a[i].kind, b[j].kind)) {
      todo.push_back({i + 1, j + 1});
    }
  }
  return false;
}

/// The pattern of a value of `type` about which nothing else is known.
ValuePattern of_type(const schema::TypePtr& t) {
  if (!t) return ValuePattern::any();
  switch (t->kind) {
    case schema::TypeKind::kInt: return klass(PatternAtom::Kind::kDigits);
    case schema::TypeKind::kDecimal: return klass(PatternAtom::Kind::kNumber);
    case schema::TypeKind::kEnum: {
      if (t->open_enum || t->enum_values.empty()) return ValuePattern::any();
      ValuePattern out;
      for (const auto& v : t->enum_values) out = either(out, literal(v));
      return out;
    }
    default: return ValuePattern::any();
  }
}

}  // namespace

ValuePattern pattern_of(const Expr* e, const Program& program, const std::vector<std::pair<std::string, ValuePattern>>& params) {
  if (!e) return ValuePattern::any();
  auto sub = [&](size_t i) { return pattern_of(e->operands[i].get(), program, params); };
  switch (e->kind) {
    case ExprKind::kLiteral:
      if (e->literal_kind == LiteralKind::kNull) return {};
      return literal(e->text);
    case ExprKind::kName:
      if (e->ref == NameRef::kParam)
        for (auto it = params.rbegin(); it != params.rend(); ++it)
          if (it->first == e->text) return it->second;
      return of_type(e->type);
    case ExprKind::kBinary:
      if (e->text == "+" && e->type && e->type->is_stringlike()) return concat(sub(0), sub(1));
      if (e->text == "??") return either(sub(0), sub(1));
      return of_type(e->type);
    case ExprKind::kIf: return either(sub(1), sub(2));
    case ExprKind::kReject: return {};
    case ExprKind::kIndex:
      if (e->table) {
        ValuePattern out;
        for (const auto& entry : e->table->entries) out = either(out, pattern_of(entry.value.get(), program, {}));
        return out;
      }
      return of_type(e->type);
    case ExprKind::kCall: {
      if (e->function && e->function->body) {
        std::vector<std::pair<std::string, ValuePattern>> bound;
        for (size_t i = 0; i < e->function->params.size() && i < e->operands.size(); ++i)
          bound.push_back({e->function->params[i].name.text, sub(i)});
        return pattern_of(e->function->body.get(), program, bound);
      }
      if ((e->text == "lower" || e->text == "upper") && e->operands.size() == 1) return map_case(sub(0), e->text == "lower");
      if (e->text == "string" && e->operands.size() == 1) {
        const Expr* arg = e->operands[0].get();
        if (arg->type && (arg->type->is_stringlike() || arg->type->kind == schema::TypeKind::kEnum)) return sub(0);
        return of_type(arg->type);
      }
      return of_type(e->type);
    }
    default: return of_type(e->type);
  }
}

bool disjoint(const ValuePattern& a, const ValuePattern& b) {
  for (const auto& x : a.alternatives)
    for (const auto& y : b.alternatives)
      if (intersect(x, y)) return false;
  return true;
}

}  // namespace syncloom::frontend::detail
