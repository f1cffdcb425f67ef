// Facts from conditions (see facts.hpp): a small abstract interpretation of boolean expressions.
#include "facts.hpp"

#include <algorithm>

namespace syncloom::frontend::detail {
namespace {

bool is_null_literal(const Expr* e) { return e && e->kind == ExprKind::kLiteral && e->literal_kind == LiteralKind::kNull; }
bool is_value_literal(const Expr* e) {
  return e && e->kind == ExprKind::kLiteral && e->literal_kind != LiteralKind::kNull && e->literal_kind != LiteralKind::kDecimal;
}

std::set<std::string> literal_set(const Expr* list) {
  std::set<std::string> out;
  for (const auto& item : list->operands) out.insert(item->text);
  return out;
}

bool all_literals(const Expr* list) {
  return list && list->kind == ExprKind::kList &&
         std::all_of(list->operands.begin(), list->operands.end(), [](const ExprPtr& i) { return is_value_literal(i.get()); });
}

/// `x == v`, `x != v`, `x == null`, `x < y` ...: facts about one comparison known to be true.
Facts comparison(const Expr* e, bool truth) {
  Facts f;
  const std::string& op = e->text;
  bool eq = (op == "==") == truth, ne = (op == "!=") == truth;
  if (op != "==" && op != "!=") {
    // An ordered comparison with null is false: when it holds, both sides are values.
    if (truth)
      for (const auto& side : e->operands)
        if (auto k = path_key(side.get()); !k.empty()) f.non_null.insert(k);
    return f;
  }
  for (int i = 0; i < 2; ++i) {
    const Expr* path = e->operands[size_t(i)].get();
    const Expr* other = e->operands[size_t(1 - i)].get();
    std::string k = path_key(path);
    if (k.empty()) continue;
    if (is_null_literal(other)) {
      if (ne) f.non_null.insert(k);  // x != null
    } else if (is_value_literal(other)) {
      if (eq) {
        f.non_null.insert(k);
        f.only[k] = {other->text};
      } else if (ne) {
        f.never[k] = {other->text};
      }
    } else if (eq && !is_null_literal(path)) {
      // x == y with y not null-able is unknown here; nothing.
    }
  }
  return f;
}

}  // namespace

std::string path_key(const Expr* e) {
  if (!e) return "";
  if (e->kind == ExprKind::kName) {
    if (e->ref == NameRef::kField) return "$" + e->text;
    if ((e->ref == NameRef::kLet || e->ref == NameRef::kLoopVar || e->ref == NameRef::kParam) && e->binding >= 0)
      return "%" + std::to_string(e->binding);
    return "";
  }
  if (e->kind == ExprKind::kMember && !e->operands.empty()) {
    std::string base = path_key(e->operands[0].get());
    // A projection (`line_items.sku`) is a list, not one value: no facts about it.
    if (base.empty() || !e->operands[0]->type || e->operands[0]->type->kind == schema::TypeKind::kList) return "";
    return base + "." + e->text;
  }
  return "";
}

Facts conjoin(Facts a, const Facts& b) {
  a.non_null.insert(b.non_null.begin(), b.non_null.end());
  for (const auto& [k, values] : b.only) {
    auto it = a.only.find(k);
    if (it == a.only.end()) {
      a.only[k] = values;
      continue;
    }
    std::set<std::string> both;
    std::set_intersection(it->second.begin(), it->second.end(), values.begin(), values.end(), std::inserter(both, both.begin()));
    it->second = both;
  }
  for (const auto& [k, values] : b.never) a.never[k].insert(values.begin(), values.end());
  return a;
}

Facts disjoin(const Facts& a, const Facts& b) {
  Facts f;
  std::set_intersection(a.non_null.begin(), a.non_null.end(), b.non_null.begin(), b.non_null.end(),
                        std::inserter(f.non_null, f.non_null.begin()));
  for (const auto& [k, values] : a.only) {
    auto it = b.only.find(k);
    if (it == b.only.end()) continue;  // the other side allows anything
    f.only[k] = values;
    f.only[k].insert(it->second.begin(), it->second.end());
  }
  for (const auto& [k, values] : a.never) {
    auto it = b.never.find(k);
    if (it == b.never.end()) continue;
    std::set_intersection(values.begin(), values.end(), it->second.begin(), it->second.end(),
                          std::inserter(f.never[k], f.never[k].begin()));
  }
  // x in [a] or x != b: a value excluded on one side may still come from the other's list.
  for (const auto& [k, values] : a.only)
    if (auto it = b.never.find(k); it != b.never.end()) {
      std::set<std::string> kept;
      std::set_difference(it->second.begin(), it->second.end(), values.begin(), values.end(), std::inserter(kept, kept.begin()));
      f.never[k] = kept;
    }
  for (const auto& [k, values] : b.only)
    if (auto it = a.never.find(k); it != a.never.end()) {
      std::set<std::string> kept;
      std::set_difference(it->second.begin(), it->second.end(), values.begin(), values.end(), std::inserter(kept, kept.begin()));
      f.never[k] = kept;
    }
  return f;
}

Facts facts_of(const Expr* e, bool truth) {
  if (!e) return {};
  switch (e->kind) {
    case ExprKind::kUnary:
      if (e->text == "not") return facts_of(e->operands[0].get(), !truth);
      return {};
    case ExprKind::kBinary:
      if (e->text == "and" || e->text == "or") {
        Facts a = facts_of(e->operands[0].get(), truth), b = facts_of(e->operands[1].get(), truth);
        // a and b true: both; false: either is false. De Morgan for `or`.
        return (e->text == "and") == truth ? conjoin(std::move(a), b) : disjoin(a, b);
      }
      if (e->text == "==" || e->text == "!=" || e->text == "<" || e->text == "<=" || e->text == ">" || e->text == ">=")
        return comparison(e, truth);
      return {};
    case ExprKind::kIn: {
      Facts f;
      std::string k = path_key(e->operands[0].get());
      const Expr* list = e->operands[1].get();
      if (k.empty() || !all_literals(list)) return f;
      if (e->negated != truth) {  // x in [...] holds
        f.non_null.insert(k);
        f.only[k] = literal_set(list);
      } else {
        f.never[k] = literal_set(list);
      }
      return f;
    }
    default:
      return {};
  }
}

bool FactStack::non_null(const std::string& key) const {
  return std::any_of(frames_.begin(), frames_.end(), [&](const Facts& f) { return f.non_null.count(key) > 0; });
}

std::optional<std::set<std::string>> FactStack::only(const std::string& key) const {
  std::optional<std::set<std::string>> out;
  for (const auto& f : frames_) {
    auto it = f.only.find(key);
    if (it == f.only.end()) continue;
    if (!out) {
      out = it->second;
      continue;
    }
    std::set<std::string> both;
    std::set_intersection(out->begin(), out->end(), it->second.begin(), it->second.end(), std::inserter(both, both.begin()));
    out = both;
  }
  return out;
}

std::set<std::string> FactStack::never(const std::string& key) const {
  std::set<std::string> out;
  for (const auto& f : frames_)
    if (auto it = f.never.find(key); it != f.never.end()) out.insert(it->second.begin(), it->second.end());
  return out;
}

}  // namespace syncloom::frontend::detail
