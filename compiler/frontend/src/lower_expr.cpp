// Expression lowering: input paths, promotions made explicit, calls, tables, comprehensions.
#include "lowerer.hpp"

namespace syncloom::frontend::detail {
namespace {

using ir::Kind;
using ir::Op;

bool is_numeric(Kind k) { return k == Kind::kInt || k == Kind::kDecimal || k == Kind::kFloat; }

}  // namespace

ir::NodePtr Lowerer::coerce(ir::NodePtr n, const ir::TypeRef& want) {
  if (!n || !want || !n->type) return n;
  Kind from = n->type->kind;
  // A literal converts at compile time: `0` where a decimal is wanted is the decimal 0.
  bool widen = (from == Kind::kInt && (want->kind == Kind::kDecimal || want->kind == Kind::kFloat)) ||
               (from == Kind::kDecimal && want->kind == Kind::kFloat);
  if (widen && n->op == Op::kConst) {
    n->type = ir::Type::scalar(want->kind, n->type->optional);
    return n;
  }
  // Only the lossless widenings sema allows implicitly: int -> decimal and int -> float.
  if (from == Kind::kInt && (want->kind == Kind::kDecimal || want->kind == Kind::kFloat)) {
    auto c = ir::make_node(Op::kConvert, ir::Type::scalar(want->kind, n->type->optional));
    c->operands.push_back(std::move(n));
    return c;
  }
  // A decimal literal initialising a float field (sema allows literals only).
  if (from == Kind::kDecimal && want->kind == Kind::kFloat) {
    auto c = ir::make_node(Op::kConvert, ir::Type::scalar(Kind::kFloat, n->type->optional));
    c->operands.push_back(std::move(n));
    return c;
  }
  return n;
}

ir::NodePtr Lowerer::value_for(const Expr* e, const ir::TypeRef& want, const schema::StructType* target_element) {
  if (e && e->kind == ExprKind::kFor && e->block) return for_expr(e, target_element);
  bool list = e && e->type && e->type->kind == schema::TypeKind::kList;
  // The target reaches comprehensions through `+` and `if` too (sema's check_targeted does the same).
  if (e && e->kind == ExprKind::kBinary && e->text == "+" && target_element && list) {
    auto n = ir::make_node(Op::kListConcat, types_.lower(e->type));
    n->operands.push_back(value_for(e->operands[0].get(), want, target_element));
    n->operands.push_back(value_for(e->operands[1].get(), want, target_element));
    return n;
  }
  if (e && e->kind == ExprKind::kIf && target_element && list) {
    auto n = ir::make_node(Op::kIf, types_.lower(e->type));
    n->operands.push_back(expr(e->operands[0].get()));
    n->operands.push_back(value_for(e->operands[1].get(), want, target_element));
    n->operands.push_back(value_for(e->operands[2].get(), want, target_element));
    return n;
  }
  return coerce(expr(e), want);
}

ir::NodePtr Lowerer::expr(const Expr* e) {
  if (e == nullptr) return ir::make_node(Op::kConst, ir::Type::scalar(Kind::kNull, true));
  ir::TypeRef type = types_.lower(e->type);
  switch (e->kind) {
    case ExprKind::kLiteral: {
      auto n = ir::make_node(Op::kConst, type);
      n->text = e->text;
      return n;
    }
    case ExprKind::kName: {
      if (e->ref == NameRef::kStart) {
        // Only ever a member's base (sema): `start.x` reads `x` of the record itself, or of the envelope's
        // start record when the flow's source is another record.
        auto n = ir::make_node(Op::kInput, type);
        if (start_in_envelope_) n->path = {ir::kStartField};
        return n;
      }
      if (e->ref == NameRef::kField) {
        auto n = ir::make_node(Op::kInput, type);
        n->path = {e->text};
        return n;
      }
      for (auto it = scope_.rbegin(); it != scope_.rend(); ++it) {
        if (it->name == e->text) {
          auto n = ir::make_node(Op::kLocal, type);
          n->local = it->slot;
          return n;
        }
      }
      return ir::make_node(Op::kReject, ir::Type::scalar(Kind::kNever));  // unreachable after sema
    }
    case ExprKind::kMember: return member(e);
    case ExprKind::kIndex: {
      const Expr* base = e->operands[0].get();
      if (base->ref == NameRef::kTable) {
        auto n = ir::make_node(Op::kTable, type);
        n->index = table_index_.at(e->table);
        n->text = base->text;
        n->operands.push_back(expr(e->operands[1].get()));
        return n;
      }
      if (base->type && base->type->kind == schema::TypeKind::kAny) return any_index(e);
      if (base->type && base->type->kind == schema::TypeKind::kMeta) {
        auto n = ir::make_node(Op::kMetaGet, type);
        n->text = e->operands[1]->text;
        n->operands.push_back(expr(base));
        return n;
      }
      auto n = ir::make_node(Op::kCall, type);
      n->text = "at";
      n->operands.push_back(expr(base));
      n->operands.push_back(expr(e->operands[1].get()));
      return n;
    }
    case ExprKind::kCall: return call(e);
    case ExprKind::kUnary: {
      auto n = ir::make_node(e->text == "-" ? Op::kNeg : Op::kNot, type);
      n->operands.push_back(expr(e->operands[0].get()));
      return n;
    }
    case ExprKind::kBinary: return binary(e);
    case ExprKind::kIn: {
      auto n = ir::make_node(Op::kIn, type);
      n->negated = e->negated;
      n->operands.push_back(expr(e->operands[0].get()));
      n->operands.push_back(expr(e->operands[1].get()));
      return n;
    }
    case ExprKind::kIf: {
      auto n = ir::make_node(Op::kIf, type);
      n->operands.push_back(expr(e->operands[0].get()));
      n->operands.push_back(coerce(expr(e->operands[1].get()), type));
      n->operands.push_back(coerce(expr(e->operands[2].get()), type));
      return n;
    }
    case ExprKind::kFor: return for_expr(e, nullptr);
    case ExprKind::kList: {
      auto n = ir::make_node(Op::kList, type);
      for (const auto& item : e->operands) n->operands.push_back(coerce(expr(item.get()), type->element));
      return n;
    }
    case ExprKind::kReject: {
      auto n = ir::make_node(Op::kReject, type);
      n->text = e->text;
      return n;
    }
    case ExprKind::kLambda: break;  // only as a call argument (key_list)
    case ExprKind::kOmit: return ir::make_node(Op::kOmit, type);
  }
  return ir::make_node(Op::kReject, ir::Type::scalar(Kind::kNever));
}

ir::NodePtr Lowerer::member(const Expr* e) {
  ir::TypeRef type = types_.lower(e->type);
  const Expr* inner = e->operands[0].get();
  // `woo.order.id` in keys: the system and record name the source record's root.
  if (inner && inner->kind == ExprKind::kMember && inner->operands[0] && inner->operands[0]->ref == NameRef::kSystem) {
    auto n = ir::make_node(Op::kInput, type);
    n->path = {e->text};
    return n;
  }
  ir::NodePtr base = expr(e->operands[0].get());
  // A member of a list projects over it; the read remembers over which (the first), so that an element of
  // the projection can be named in the input (`line_items[1].taxes`).
  bool projects = inner && inner->type && inner->type->kind == schema::TypeKind::kList;
  // Paths into the record stay input reads, so the decoder can serve them from the layout.
  if (base->op == Op::kInput) {
    if (projects && base->index < 0) base->index = int32_t(base->path.size());
    base->path.push_back(e->text);
    base->type = type;
    return base;
  }
  if (base->op == Op::kLocal) {
    for (auto it = scope_.rbegin(); it != scope_.rend(); ++it) {
      if (it->slot == base->local && it->input_frame) {
        auto n = ir::make_node(Op::kInput, type);
        n->local = base->local;
        n->path = {e->text};
        if (projects) n->index = 0;
        return n;
      }
    }
  }
  auto n = ir::make_node(Op::kMember, type);
  n->text = e->text;
  n->operands.push_back(std::move(base));
  return n;
}

ir::NodePtr Lowerer::binary(const Expr* e) {
  ir::TypeRef type = types_.lower(e->type);
  const std::string& op = e->text;
  ir::NodePtr a = expr(e->operands[0].get());
  ir::NodePtr b = expr(e->operands[1].get());
  auto make = [&](Op o) {
    auto n = ir::make_node(o, type);
    n->operands.push_back(std::move(a));
    n->operands.push_back(std::move(b));
    return n;
  };
  if (op == "??") {
    b = coerce(std::move(b), type);
    a = coerce(std::move(a), type);
    return make(Op::kCoalesce);
  }
  if (op == "and") return make(Op::kAnd);
  if (op == "or") return make(Op::kOr);
  bool compare = op == "==" || op == "!=" || op == "<" || op == "<=" || op == ">" || op == ">=";
  if (compare) {
    // Compare numbers in their common kind: int against decimal compares as decimals.
    if (a->type && b->type && is_numeric(a->type->kind) && is_numeric(b->type->kind) && a->type->kind != b->type->kind) {
      Kind common = a->type->kind == Kind::kInt ? b->type->kind : a->type->kind;
      auto target = ir::Type::scalar(common);
      a = coerce(std::move(a), target);
      b = coerce(std::move(b), target);
    }
    auto n = make(Op::kCompare);
    n->text = op;
    return n;
  }
  if (type->kind == Kind::kString) return make(Op::kConcat);
  if (type->kind == Kind::kList) return make(Op::kListConcat);
  a = coerce(std::move(a), type);
  b = coerce(std::move(b), type);
  auto n = make(Op::kArith);
  n->text = op;
  return n;
}

ir::NodePtr Lowerer::call(const Expr* e) {
  ir::TypeRef type = types_.lower(e->type);
  if (e->ref == NameRef::kUserFunction) {
    auto n = ir::make_node(Op::kCallUser, type);
    n->text = e->text;
    const FunctionDecl* fn = e->function;
    n->index = function_index_.at(fn);
    const auto& params = program_.function_types.at(fn).first;
    for (size_t i = 0; i < e->operands.size(); ++i) n->operands.push_back(coerce(expr(e->operands[i].get()), types_.lower(params[i])));
    return n;
  }
  if (e->text == "ref") {
    auto n = ir::make_node(Op::kRef, type);
    n->text = e->operands[0]->text;
    n->operands.push_back(expr(e->operands[1].get()));
    return n;
  }
  if (e->text == "changed") {
    auto n = ir::make_node(Op::kChanged, type);
    n->operands.push_back(expr(e->operands[0].get()));
    return n;
  }
  auto n = ir::make_node(Op::kCall, type);
  n->text = e->text;
  n->bang = e->bang;
  n->index = e->resource;
  for (const auto& arg : e->operands) {
    if (arg->kind == ExprKind::kLambda) {
      n->operands.push_back(key_list(e->operands[0].get(), arg.get()));
      continue;
    }
    if (arg->ref == NameRef::kRoundingMode || arg->ref == NameRef::kSortOrder) {
      auto mode = ir::make_node(Op::kConst, ir::Type::scalar(Kind::kString));
      mode->text = arg->text;
      n->operands.push_back(std::move(mode));
      continue;
    }
    n->operands.push_back(expr(arg.get()));
  }
  return n;
}

ir::NodePtr Lowerer::key_list(const Expr* list, const Expr* lambda) {
  // `sort_by(xs, x => k)` is `sort_by(xs, for x in xs => k)`: the keys computed by the loop the engines already
  // have, ordered or grouped with the elements by the built-in. The list is pure, so reading it twice is only
  // a cost (and the JIT computes a record's read once).
  ir::NodePtr iterable = expr(list);
  bool over_input = iterable->op == Op::kInput;
  auto n = ir::make_node(Op::kFor, ir::Type::list(types_.lower(lambda->type)));
  size_t mark = scope_.size();
  n->local = bind(lambda->text, over_input);
  n->operands.push_back(std::move(iterable));
  n->operands.push_back(expr(lambda->operands[0].get()));
  unbind(mark);
  return n;
}

ir::NodePtr Lowerer::any_index(const Expr* e) {
  // x["key"] is the member `key` of a JSON object; x[i] the element of a JSON array (both null otherwise).
  const Expr* key = e->operands[1].get();
  ir::TypeRef type = types_.lower(e->type);
  if (key->kind == ExprKind::kLiteral && key->literal_kind == LiteralKind::kString) {
    auto n = ir::make_node(Op::kMember, type);
    n->text = key->text;
    n->operands.push_back(expr(e->operands[0].get()));
    return n;
  }
  auto n = ir::make_node(Op::kCall, type);
  n->text = "at";
  n->operands.push_back(expr(e->operands[0].get()));
  n->operands.push_back(expr(key));
  return n;
}

ir::NodePtr Lowerer::for_expr(const Expr* e, const schema::StructType* target) {
  ir::NodePtr iterable = expr(e->operands[0].get());
  bool over_input = iterable->op == Op::kInput;
  auto n = ir::make_node(Op::kFor, types_.lower(e->type));
  size_t mark = scope_.size();
  n->local = bind(e->text, over_input);
  n->operands.push_back(std::move(iterable));
  if (e->has_filter && e->operands[1]) n->filter = expr(e->operands[1].get());
  if (e->block) {
    n->body = block(*e->block, target);
  } else if (e->operands[2]) {
    n->operands.push_back(expr(e->operands[2].get()));
  }
  unbind(mark);
  return n;
}

}  // namespace syncloom::frontend::detail
