// Statements, loops, user functions, tables, and the record boundary where errors become rejections.
#include "syncloom/interp/interpreter.hpp"

#include <algorithm>

#include "eval.hpp"

namespace syncloom::interp {
namespace detail {

void Evaluator::exec(const std::vector<ir::Stmt>& stmts, Object& out) {
  for (const auto& s : stmts) {
    switch (s.kind) {
      case ir::Stmt::Kind::kLet:
        locals_[size_t(s.local)] = eval(*s.value);
        break;
      case ir::Stmt::Kind::kCheck:
        if (!truth(eval(*s.value))) throw RecordError{s.message};
        break;
      case ir::Stmt::Kind::kField: {
        path_.push_back(s.name);
        Value v = eval(*s.value);
        path_.pop_back();
        out.emplace_back(s.name, std::move(v));
        break;
      }
      case ir::Stmt::Kind::kObject: {
        path_.push_back(s.name);
        Object nested;
        exec(s.body, nested);
        path_.pop_back();
        out.emplace_back(s.name, Value::of_object(std::move(nested)));
        break;
      }
    }
  }
}

Value Evaluator::for_loop(const ir::Node& n) {
  Value iterable = eval(*n.operands[0]);
  List out;
  if (const List* items = iterable.list()) {
    size_t index = 0;
    for (const Value& item : *items) {
      locals_[size_t(n.local)] = item;
      if (n.filter && !truth(eval(*n.filter))) continue;
      path_.push_back("[" + std::to_string(index++) + "]");
      if (n.operands.size() > 1) {
        out.push_back(eval(*n.operands[1]));
      } else {
        Object element;
        exec(n.body, element);
        out.push_back(Value::of_object(std::move(element)));
      }
      path_.pop_back();
    }
  }
  // A null list iterates as empty (docs/language.md §5).
  return Value::of_list(std::move(out));
}

Value Evaluator::call_user(const ir::Node& n) {
  std::vector<Value> args;
  for (const auto& op : n.operands) args.push_back(eval(*op));
  return call_with(n, std::move(args));
}

Value Evaluator::call_with(const ir::Node& n, std::vector<Value> args) {
  const ir::Function& fn = module_.functions[size_t(n.index)];
  // A fresh frame; functions see only their parameters (they are pure and cannot recurse).
  Evaluator callee(module_, refs_, root_, fn.locals);
  for (size_t i = 0; i < args.size(); ++i) callee.locals_[i] = std::move(args[i]);
  callee.path_ = path_;
  return callee.eval(*fn.body);
}

Value Evaluator::table(const ir::Node& n) {
  const ir::Table& t = module_.tables[size_t(n.index)];
  Value key = eval(*n.operands[0]);
  std::string text;
  if (auto* s = std::get_if<std::string>(&key.v)) text = *s;
  else if (!key.is_null()) write_json(key, text);
  auto it = std::lower_bound(t.rows.begin(), t.rows.end(), text, [](const auto& row, const std::string& k) { return row.first < k; });
  if (!key.is_null() && it != t.rows.end() && it->first == text) return eval(*it->second);
  if (t.fallback) return eval(*t.fallback);
  throw RecordError{"table `" + t.name + "` has no row for " + (key.is_null() ? std::string("null") : "\"" + text + "\"")};
}

}  // namespace detail

std::optional<Value> Interpreter::call(size_t function, const std::vector<Value>& args, std::string* error) const {
  const ir::Function& fn = module_.functions.at(function);
  Value none;
  detail::Evaluator evaluator(module_, nullptr, none, 0);
  // A call node over constant-free locals: reuse the evaluator's user-call path.
  ir::Node node;
  node.op = ir::Op::kCallUser;
  node.index = int32_t(function);
  node.type = fn.result;
  try {
    return evaluator.call_with(node, args);
  } catch (const detail::RecordError& e) {
    if (error) *error = e.reason;
    return std::nullopt;
  }
}

RunResult Interpreter::run(size_t flow_index, std::string_view json, const RefResolver* refs) const {
  RunResult result;
  const ir::Flow& flow = module_.flows.at(flow_index);
  Value root;
  try {
    root = detail::parse_json(json, prune_input_ ? &flow.input.root : nullptr);
  } catch (const detail::RecordError& e) {
    result.error = e.reason;
    return result;
  }
  detail::Evaluator evaluator(module_, refs, root, flow.locals);
  try {
    if (flow.when) {
      // A null filter (a missing field) keeps nothing, like false.
      Value keep = evaluator.eval(*flow.when);
      auto* b = std::get_if<bool>(&keep.v);
      if (!b || !*b) {
        result.outcome = Outcome::kFiltered;
        return result;
      }
    }
    Object out;
    evaluator.exec(flow.body, out);
    // Written once every statement has run, so an error of evaluation anywhere wins over a value that
    // cannot be written; that one is reported at its place in the output ("lines[0].quantity").
    std::vector<std::string> at;
    try {
      detail::write_json(Value::of_object(std::move(out)), result.output, &at);
    } catch (const detail::RecordError& e) {
      result.outcome = Outcome::kRejected;
      for (const auto& p : at) result.error_path += (result.error_path.empty() || p.front() == '[' ? "" : ".") + p;
      result.error = e.reason;
      result.output.clear();  // a rejected record has no output
      return result;
    }
    result.outcome = Outcome::kOutput;
  } catch (const detail::RecordError& e) {
    result.outcome = Outcome::kRejected;
    result.error_path = evaluator.where();
    result.error = e.reason;
    result.output.clear();
  }
  return result;
}

}  // namespace syncloom::interp
