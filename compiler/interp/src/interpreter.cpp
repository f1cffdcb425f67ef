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
        origins_[size_t(s.local)] = {this, s.value.get(), -1};
        break;
      case ir::Stmt::Kind::kCheck:
        if (!truth(eval(*s.value))) throw RecordError{s.message};
        break;
      case ir::Stmt::Kind::kField: {
        size_t path_size = path_.size();
        int value_depth = value_depth_;
        enter(s.name);
        Value v;
        try {
          v = eval_written(*s.value);
        } catch (const Omitted&) {
          // The field is left out (not written as null); evaluation goes on where `omit` unwound from.
          path_.resize(path_size);
          value_depth_ = value_depth;
          break;
        }
        leave();
        out.emplace_back(s.name, std::move(v));
        break;
      }
      case ir::Stmt::Kind::kObject: {
        enter(s.name);
        Object nested;
        exec(s.body, nested);
        leave();
        out.emplace_back(s.name, Value::of_object(std::move(nested)));
        break;
      }
      case ir::Stmt::Kind::kMeta: {
        // WooCommerce's meta_data list, the entries in assignment order: `[{"key": K, "value": V}, ...]`.
        enter(s.name);
        List entries;
        for (const auto& entry : s.body) {
          size_t path_size = path_.size();
          int value_depth = value_depth_;
          enter("[" + std::to_string(entries.size()) + "]");
          enter("value");
          Value v;
          try {
            v = eval_written(*entry.value);
          } catch (const Omitted&) {
            path_.resize(path_size);  // the entry is left out
            value_depth_ = value_depth;
            continue;
          }
          leave();
          leave();
          entries.push_back(Value::of_object({{"key", Value{entry.name}}, {"value", std::move(v)}}));
        }
        leave();
        // Every entry left out: nothing to send, so the field is left out too.
        if (!entries.empty()) out.emplace_back(s.name, Value::of_list(std::move(entries)));
        break;
      }
    }
  }
}

template <typename Each>
void Evaluator::iterate(const ir::Node& n, Each each) {
  Value iterable = eval(*n.operands[0]);
  // A null list iterates as empty (docs/language.md §5).
  const List* items = iterable.list();
  if (!items) return;
  int64_t position = 0;
  for (const Value& item : *items) {
    locals_[size_t(n.local)] = item;
    // The element's place in the input counts every element, filtered or not: `shipping_lines[1]`.
    origins_[size_t(n.local)] = {this, n.operands[0].get(), position++};
    if (n.filter && !truth(eval(*n.filter))) continue;
    each();
  }
}

Value Evaluator::for_loop(const ir::Node& n) {
  // A list computed as a value: its elements have no place in the output yet.
  List out;
  ++value_depth_;
  iterate(n, [&] {
    if (n.operands.size() > 1) {
      out.push_back(eval(*n.operands[1]));
    } else {
      Object element;
      exec(n.body, element);
      out.push_back(Value::of_object(std::move(element)));
    }
  });
  --value_depth_;
  return Value::of_list(std::move(out));
}

Value Evaluator::eval_written(const ir::Node& n) {
  if (!ir::written_by_element(n)) return eval(n);
  List out;
  bool null = false;
  append_written(n, out, null);
  return null ? Value::null() : Value::of_list(std::move(out));
}

void Evaluator::append_written(const ir::Node& n, List& out, bool& null) {
  auto element = [&](auto produce) {
    enter("[" + std::to_string(out.size()) + "]");
    Value v = produce();
    leave();
    out.push_back(std::move(v));
  };
  if (!ir::written_by_element(n)) {
    // A list computed as a whole (a let, a read, a call): its elements follow those written so far.
    Value v = eval(n);
    if (const List* items = v.list()) out.insert(out.end(), items->begin(), items->end());
    else null = true;  // `+` with a null list is null (and so is an `if` choosing null)
    return;
  }
  switch (n.op) {
    case ir::Op::kFor:
      iterate(n, [&] {
        element([&] {
          if (n.operands.size() > 1) return eval_written(*n.operands[1]);
          Object fields;
          exec(n.body, fields);
          return Value::of_object(std::move(fields));
        });
      });
      return;
    case ir::Op::kListConcat:
      append_written(*n.operands[0], out, null);
      append_written(*n.operands[1], out, null);
      return;
    case ir::Op::kIf:
      append_written(truth(eval(*n.operands[0])) ? *n.operands[1] : *n.operands[2], out, null);
      return;
    case ir::Op::kList:
      for (const auto& item : n.operands) element([&] { return eval_written(*item); });
      return;
    default:
      throw RecordError{"unexpected written list"};
  }
}

std::string Evaluator::origin_of(int32_t local) const {
  const Origin& o = origins_[size_t(local)];
  std::optional<std::string> p;
  if (o.node) p = o.position >= 0 ? o.frame->element_path(*o.node, o.position) : o.frame->value_path(*o.node);
  if (p) return *p;
  // Not in the input (a computed list, a let of a computed value): the mapping's own name for it.
  if (names_ && size_t(local) < names_->size()) return (*names_)[size_t(local)];
  return "%" + std::to_string(local);
}

std::optional<std::string> Evaluator::value_path(const ir::Node& n) const {
  switch (n.op) {
    case ir::Op::kInput: return ir::input_path(n.local < 0 ? std::string() : origin_of(n.local), n.path);
    case ir::Op::kLocal: return origin_of(n.local);
    case ir::Op::kMember: {
      // A field of an input object (not a projection over a list: that has no one place).
      const ir::Node& object = *n.operands[0];
      if (object.type && object.type->kind == ir::Kind::kList) return std::nullopt;
      std::optional<std::string> p = value_path(object);
      if (p) *p += "." + n.text;
      return p;
    }
    default: return std::nullopt;
  }
}

std::optional<std::string> Evaluator::element_path(const ir::Node& n, int64_t position) const {
  switch (n.op) {
    case ir::Op::kInput:
      return ir::input_element_path(n.local < 0 ? std::string() : origin_of(n.local), n, std::to_string(position));
    case ir::Op::kList:
      // `for a in [billing, shipping]`: the element is what the literal lists there.
      if (size_t(position) < n.operands.size()) return value_path(*n.operands[size_t(position)]);
      return std::nullopt;
    default: {
      std::optional<std::string> p = value_path(n);
      if (p) *p += "[" + std::to_string(position) + "]";
      return p;
    }
  }
}

Value Evaluator::call_user(const ir::Node& n) {
  std::vector<Value> args;
  for (const auto& op : n.operands) args.push_back(eval(*op));
  return call_with(n, std::move(args), this);
}

Value Evaluator::call_with(const ir::Node& n, std::vector<Value> args, const Evaluator* caller) {
  const ir::Function& fn = module_.functions[size_t(n.index)];
  // A fresh frame; functions see only their parameters (they are pure and cannot recurse).
  Evaluator callee(module_, refs_, root_, fn.locals, &fn.local_names);
  for (size_t i = 0; i < args.size(); ++i) {
    callee.locals_[i] = std::move(args[i]);
    // A parameter stands for its argument in the caller's frame: `billing.first_name` inside the function.
    if (caller && i < n.operands.size()) callee.origins_[i] = {caller, n.operands[i].get(), -1};
  }
  callee.path_ = path_;
  callee.value_depth_ = value_depth_;
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

Value Evaluator::changed(const ir::Node& n) {
  // Without a previous version everything counts as changed (a first sync, `syncloom map`).
  if (!previous_) return {true};
  Value now = eval(*n.operands[0]);
  // The same expression on the previous version, in a frame of its own; a previous version that does not
  // read as the schema says is not known to be equal, so the value counts as changed.
  Evaluator before(module_, refs_, *previous_, int32_t(locals_.size()), names_);
  try {
    return {!equal(now, before.eval(*n.operands[0]))};
  } catch (const RecordError&) {
    return {true};
  }
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

RunResult Interpreter::run(size_t flow_index, std::string_view json, const RefResolver* refs,
                           std::optional<std::string_view> previous) const {
  RunResult result;
  const ir::Flow& flow = module_.flows.at(flow_index);
  Value root, previous_root;
  try {
    root = detail::parse_json(json, prune_input_ ? &flow.input.root : nullptr);
  } catch (const detail::RecordError& e) {
    result.error = e.reason;
    return result;
  }
  if (previous) {
    try {
      previous_root = detail::parse_json(*previous, prune_input_ ? &flow.input.root : nullptr);
    } catch (const detail::RecordError& e) {
      result.error = "the previous version: " + e.reason;
      return result;
    }
  }
  detail::Evaluator evaluator(module_, refs, root, flow.locals, &flow.local_names);
  if (previous) evaluator.set_previous(&previous_root);
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

IdentityResult Interpreter::identity(size_t flow_index, std::string_view json, const RefResolver* refs) const {
  IdentityResult result;
  const ir::Flow& flow = module_.flows.at(flow_index);
  Value root;
  try {
    root = detail::parse_json(json, prune_input_ ? &flow.input.root : nullptr);
  } catch (const detail::RecordError& e) {
    result.error = e.reason;
    return result;
  }
  // Every part is computed before any is written, as a flow's record: an error of evaluation wins over a
  // value that cannot be written (the JIT records the first such write and reports it only at the end).
  std::vector<std::pair<std::string, Value>> parts;
  std::string at = "key";
  try {
    detail::Evaluator evaluator(module_, refs, root, flow.locals, &flow.local_names);
    if (flow.key) parts.emplace_back(at, evaluator.eval(*flow.key));
    for (size_t i = 0; i < flow.idempotency.size(); ++i) {
      at = "idempotency[" + std::to_string(i) + "]";
      parts.emplace_back(at, evaluator.eval(*flow.idempotency[i]));
    }
  } catch (const detail::RecordError& e) {
    result.error_path = at;
    result.error = e.reason;
    return result;
  }
  std::vector<std::string> texts;
  for (const auto& [name, value] : parts) {
    std::vector<std::string> below;
    std::string text;
    try {
      detail::write_json(value, text, &below);
    } catch (const detail::RecordError& e) {
      result.error_path = name;
      for (const auto& p : below) result.error_path += (p.front() == '[' ? "" : ".") + p;
      result.error = e.reason;
      return result;
    }
    texts.push_back(std::move(text));
  }
  size_t next = 0;
  if (flow.key) result.key = std::move(texts[next++]);
  for (; next < texts.size(); ++next) result.idempotency.push_back(std::move(texts[next]));
  result.ok = true;
  return result;
}

}  // namespace syncloom::interp
