// The IR verifier: the invariants the interpreter and codegen rely on, checked once after lowering.
#include "syncloom/ir/module.hpp"

namespace syncloom::ir {
namespace {

bool numeric(Kind k) { return k == Kind::kInt || k == Kind::kDecimal || k == Kind::kFloat; }

class Verifier {
 public:
  Verifier(const Module& m, std::vector<std::string>& problems) : m_(m), problems_(problems) {}

  void scope(std::string where, int32_t locals) {
    where_ = std::move(where);
    locals_ = locals;
  }

  void node(const Node* n) {
    if (n == nullptr) return fail("missing node");
    if (!n->type) return fail(std::string("node without a type"));
    Kind k = n->type->kind;
    auto operands = [&](size_t count) {
      if (n->operands.size() != count) fail("`" + n->text + "` expects " + std::to_string(count) + " operands");
    };
    for (size_t i = 0; i < n->operands.size(); ++i) {
      // A `for`'s element value is not a field: `omit` cannot stand there (nor in its filter, below).
      bool field = in_field_;
      if (n->op == Op::kFor && i > 0) in_field_ = false;
      node(n->operands[i].get());
      in_field_ = field;
    }
    switch (n->op) {
      case Op::kOmit:
        if (!in_field_) fail("omit outside a field's value");
        break;
      case Op::kInput:
        if (n->path.empty()) fail("input without a path");
        if (n->local >= locals_) fail("input frame %" + std::to_string(n->local) + " out of range");
        break;
      case Op::kLocal:
        if (n->local < 0 || n->local >= locals_) fail("local %" + std::to_string(n->local) + " out of range");
        break;
      case Op::kArith:
        operands(2);
        if (!numeric(k)) fail("arithmetic producing " + n->type->to_string());
        for (const auto& op : n->operands)
          if (op && op->type && op->type->kind != k && op->type->kind != Kind::kNever)
            fail("arithmetic operand " + op->type->to_string() + " in a " + n->type->to_string() + " operation");
        break;
      case Op::kCompare:
      case Op::kIn:
        operands(2);
        if (k != Kind::kBool) fail("comparison producing " + n->type->to_string());
        break;
      case Op::kAnd:
      case Op::kOr:
      case Op::kNot:
        for (const auto& op : n->operands)
          if (op && op->type && op->type->kind != Kind::kBool) fail("logic on " + op->type->to_string());
        break;
      case Op::kIf:
        operands(3);
        if (n->operands.size() == 3 && n->operands[0] && n->operands[0]->type && n->operands[0]->type->kind != Kind::kBool)
          fail("`if` condition of type " + n->operands[0]->type->to_string());
        break;
      case Op::kConcat:
        if (k != Kind::kString) fail("concatenation producing " + n->type->to_string());
        break;
      case Op::kTable:
        operands(1);
        if (n->index < 0 || size_t(n->index) >= m_.tables.size()) fail("table #" + std::to_string(n->index) + " out of range");
        break;
      case Op::kCall: {
        CallResource r = call_resource(n->text);
        size_t size = r == CallResource::kRegex ? m_.regexes.size() : r == CallResource::kZone ? m_.zones.size() : 0;
        if (n->index >= 0 && size_t(n->index) >= size) fail("resource #" + std::to_string(n->index) + " of " + n->text + " out of range");
        if (r == CallResource::kRegex && n->index < 0) fail(n->text + " without its pattern");
        break;
      }
      case Op::kCallUser:
        if (n->index < 0 || size_t(n->index) >= m_.functions.size()) fail("function #" + std::to_string(n->index) + " out of range");
        else if (m_.functions[size_t(n->index)].params.size() != n->operands.size()) fail("wrong argument count for " + m_.functions[size_t(n->index)].name);
        break;
      case Op::kFor:
        if (n->local < 0 || n->local >= locals_) fail("loop variable %" + std::to_string(n->local) + " out of range");
        if (k != Kind::kList) fail("`for` producing " + n->type->to_string());
        {
          bool field = in_field_;
          in_field_ = false;
          node_if(n->filter.get());
          stmts(n->body);
          in_field_ = field;
        }
        break;
      default:
        break;
    }
  }

  void stmts(const std::vector<Stmt>& list) {
    for (const auto& s : list) {
      in_field_ = s.kind == Stmt::Kind::kField;
      switch (s.kind) {
        case Stmt::Kind::kLet:
          if (s.local < 0 || s.local >= locals_) fail("let %" + std::to_string(s.local) + " out of range");
          node(s.value.get());
          break;
        case Stmt::Kind::kCheck:
          node(s.value.get());
          if (s.value && s.value->type && s.value->type->kind != Kind::kBool) fail("check of type " + s.value->type->to_string());
          break;
        case Stmt::Kind::kField:
          if (s.name.empty()) fail("field without a name");
          node(s.value.get());
          break;
        case Stmt::Kind::kObject:
          stmts(s.body);
          break;
        case Stmt::Kind::kMeta:
          if (s.body.empty()) fail("meta_data list `" + s.name + "` without entries");
          for (const auto& entry : s.body) {
            if (entry.kind != Stmt::Kind::kField || !entry.value) fail("meta_data entry that is not a key and a value");
            in_field_ = true;
            node(entry.value.get());
          }
          break;
      }
    }
    in_field_ = false;
  }

  void node_if(const Node* n) {
    if (n) node(n);
  }

 private:
  void fail(const std::string& message) { problems_.push_back(where_ + ": " + message); }

  const Module& m_;
  std::vector<std::string>& problems_;
  std::string where_;
  int32_t locals_ = 0;
  bool in_field_ = false;  ///< checking a field statement's value, where `omit` may stand

 public:
  /// Table rows may omit: a lookup passes it on to the field it stands in.
  void allow_omit(bool allowed) { in_field_ = allowed; }
};

}  // namespace

std::vector<std::string> verify(const Module& m) {
  std::vector<std::string> problems;
  Verifier v(m, problems);
  for (const auto& t : m.tables) {
    v.scope("table " + t.name, 0);
    v.allow_omit(true);
    for (const auto& [key, value] : t.rows) v.node(value.get());
    v.node_if(t.fallback.get());
    v.allow_omit(false);
  }
  for (const auto& f : m.functions) {
    v.scope("fn " + f.name, f.locals);
    v.node(f.body.get());
  }
  for (const auto& flow : m.flows) {
    v.scope("flow " + flow.domain + " (" + flow.source + " -> " + flow.target + ")", flow.locals);
    v.node_if(flow.when.get());
    v.node_if(flow.key.get());
    for (const auto& part : flow.idempotency) v.node(part.get());
    v.stmts(flow.body);
  }
  return problems;
}

}  // namespace syncloom::ir
