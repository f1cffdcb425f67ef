// Walks a checked flow and records the source paths it reads, following loop variables and lets.
#include "syncloom/frontend/input_layout.hpp"

#include <optional>

namespace syncloom::frontend {
namespace {

using ir::InputField;
using schema::TypeKind;

struct Step {
  std::string name;
  schema::TypePtr type;  ///< the field's own type (not a projection's list)
  std::string meta_key;  ///< set when this step reads meta_data by key
};
using Path = std::vector<Step>;

class Collector {
 public:
  Collector(ir::InputLayout& layout, std::string system, std::string record, bool start_in_envelope)
      : layout_(layout), system_(std::move(system)), record_(std::move(record)), start_in_envelope_(start_in_envelope) {}

  /// Records what `e` reads.
  void use(const Expr* e) {
    if (e == nullptr) return;
    if (auto p = path(e)) {
      record(*p);
      return;
    }
    switch (e->kind) {
      case ExprKind::kFor: use_for(*e); return;
      case ExprKind::kCall:
        // A key function's parameter stands for the elements of the call's list, like a loop variable.
        if (e->operands.size() > 1 && e->operands[1] && e->operands[1]->kind == ExprKind::kLambda) {
          use(e->operands[0].get());
          locals_.push_back({e->operands[1]->text, path(e->operands[0].get())});
          use(e->operands[1]->operands[0].get());
          locals_.pop_back();
          for (size_t i = 2; i < e->operands.size(); ++i) use(e->operands[i].get());
          return;
        }
        break;
      case ExprKind::kIndex:
        // A table lookup reads only its key; anything else (list index) reads the base too.
        if (e->operands[0] && e->operands[0]->ref == NameRef::kTable) {
          use(e->operands[1].get());
          return;
        }
        break;
      default: break;
    }
    for (const auto& op : e->operands) use(op.get());
  }

  void use_block(const Block& b) {
    size_t mark = locals_.size();
    for (const auto& s : b.stmts) {
      switch (s.kind) {
        case FlowStmt::Kind::kLet: {
          auto p = path(s.value.get());
          if (!p) use(s.value.get());
          locals_.push_back({s.target.text, p});
          break;
        }
        case FlowStmt::Kind::kCheck:
          if (s.check) use(s.check->condition.get());
          break;
        case FlowStmt::Kind::kAssign:
        case FlowStmt::Kind::kMetaAssign: use(s.value.get()); break;
        case FlowStmt::Kind::kNested:
          if (s.block) use_block(*s.block);
          break;
      }
    }
    locals_.resize(mark);
  }

 private:
  void use_for(const Expr& e) {
    // The loop variable stands for the elements: `line.sku` reads `line_items[].sku`, not all of it.
    auto iterable = path(e.operands[0].get());
    if (!iterable) use(e.operands[0].get());
    else record(*iterable, /*whole=*/false);  // the list itself is read even if no element field is
    locals_.push_back({e.text, iterable});
    if (e.operands[1]) use(e.operands[1].get());
    if (e.operands[2]) use(e.operands[2].get());
    if (e.block) use_block(*e.block);
    locals_.pop_back();
  }

  /// The source path `e` denotes, if it is one (a field, a member chain, meta_data["key"]).
  std::optional<Path> path(const Expr* e) {
    if (e == nullptr) return std::nullopt;
    switch (e->kind) {
      case ExprKind::kName:
        if (e->ref == NameRef::kField) return Path{{e->text, e->type, {}}};
        // `start.x`: the record itself, or the envelope's start record (a member's base only).
        if (e->ref == NameRef::kStart) return start_in_envelope_ ? Path{{ir::kStartField, e->type, {}}} : Path{};
        if (e->ref == NameRef::kLoopVar || e->ref == NameRef::kLet) {
          for (auto it = locals_.rbegin(); it != locals_.rend(); ++it)
            if (it->first == e->text) return it->second;
        }
        return std::nullopt;
      case ExprKind::kMember: {
        const Expr* base = e->operands[0].get();
        // `woo.order.id` in keys: the system and record name the root.
        if (base && base->kind == ExprKind::kMember && base->operands[0] &&
            base->operands[0]->ref == NameRef::kSystem) {
          if (base->operands[0]->text != system_ || base->text != record_) return std::nullopt;
          return Path{{e->text, e->type, {}}};
        }
        auto p = path(base);
        if (!p) return std::nullopt;
        schema::TypePtr field_type = e->type;
        if (base->type && base->type->kind == TypeKind::kList && e->type && e->type->kind == TypeKind::kList)
          field_type = e->type->element;  // projection: the field itself is one element's
        p->push_back({e->text, field_type, {}});
        return p;
      }
      case ExprKind::kIndex: {
        const Expr* base = e->operands[0].get();
        const Expr* key = e->operands[1].get();
        if (!base || !base->type || base->type->kind != TypeKind::kMeta || !key || key->kind != ExprKind::kLiteral)
          return std::nullopt;
        auto p = path(base);
        if (!p || p->empty()) return std::nullopt;
        p->back().meta_key = key->text;
        return p;
      }
      default:
        return std::nullopt;
    }
  }

  static InputField::Shape shape_of(const schema::TypePtr& t) {
    if (!t) return InputField::Shape::kValue;
    switch (t->kind) {
      case TypeKind::kStruct: return InputField::Shape::kObject;
      case TypeKind::kList: return t->element && t->element->kind == TypeKind::kStruct ? InputField::Shape::kList : InputField::Shape::kValue;
      case TypeKind::kMeta: return InputField::Shape::kMeta;
      default: return InputField::Shape::kValue;
    }
  }

  /// Adds `p` to the layout; `whole`: a struct, list or meta_data at its end is used whole.
  void record(const Path& p, bool whole = true) {
    InputField* node = &layout_.root;
    for (size_t i = 0; i < p.size(); ++i) {
      const Step& s = p[i];
      InputField::Shape shape = shape_of(s.type);
      node = node->child(s.name, shape);
      if (!s.meta_key.empty()) {
        node->meta_keys.push_back(s.meta_key);
        return;
      }
      // The end of a path that is a struct, list or meta_data is a value used whole.
      if (whole && i + 1 == p.size() && shape != InputField::Shape::kValue) node->whole = true;
    }
  }

  ir::InputLayout& layout_;
  std::string system_, record_;
  bool start_in_envelope_ = false;
  std::vector<std::pair<std::string, std::optional<Path>>> locals_;
};

}  // namespace

ir::InputLayout collect_expr_layout(const std::string& record, const std::vector<const Expr*>& exprs, bool start_in_envelope) {
  ir::InputLayout layout;
  layout.record = record;
  layout.root.shape = InputField::Shape::kObject;
  size_t dot = record.find('.');
  Collector c(layout, record.substr(0, dot), dot == std::string::npos ? "" : record.substr(dot + 1), start_in_envelope);
  for (const Expr* e : exprs) c.use(e);
  ir::normalize(layout.root);
  return layout;
}

ir::InputLayout collect_input_layout(const FlowDecl& flow, const DomainDecl* domain, const WorkflowDecl* workflow,
                                     const StepDecl* step, bool start_in_envelope) {
  ir::InputLayout layout;
  layout.record = flow.source.system.text + "." + flow.source.record.text;
  layout.root.shape = InputField::Shape::kObject;
  Collector c(layout, flow.source.system.text, flow.source.record.text, start_in_envelope);
  c.use(flow.when.get());
  if (domain) {
    // Mirrors sema: domain checks apply to flows from the owner (or to all when there is none).
    if (!domain->owner || domain->owner->text == flow.source.system.text)
      for (const auto& check : domain->checks) c.use(check.condition.get());
    if (domain->key) {
      c.use(domain->key->left.get());
      c.use(domain->key->right.get());
    }
    for (const auto& e : domain->idempotency) c.use(e.get());
    // Mirrors lowering: a sync filter applies to the flows of the record it reads (sema's SyncDecl::record).
    for (const auto& s : domain->syncs)
      if (s.record == layout.record) c.use(s.when.get());
  }
  if (workflow) c.use(workflow->start_when.get());
  if (step)
    for (const auto& check : step->checks) c.use(check.condition.get());
  c.use_block(flow.body);
  ir::normalize(layout.root);
  return layout;
}

}  // namespace syncloom::frontend
