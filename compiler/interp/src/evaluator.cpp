// Expression evaluation: one case per IR op; types come from the IR, never from the values.
#include <algorithm>
#include <cmath>
#include <functional>

#include "eval.hpp"

namespace syncloom::interp::detail {
namespace {

using ir::Kind;
using ir::Op;

[[noreturn]] void status_error(sl_status st) { throw RecordError{sl_status_message(st)}; }

}  // namespace

std::string Evaluator::where() const {
  std::string s;
  for (const auto& p : path_) s += (s.empty() || p.front() == '[' ? "" : ".") + p;
  return s;
}

Value Evaluator::read_input(const ir::Node& n) {
  const Value* at = n.local < 0 ? &root_ : &locals_[size_t(n.local)];
  // Error paths are only built when a read fails: the happy path allocates nothing for them.
  auto where = [&](size_t steps) {
    std::string s = n.local < 0 ? "" : origin_of(n.local);
    for (size_t i = 0; i < steps && i < n.path.size(); ++i) s += (s.empty() ? "" : ".") + n.path[i];
    return s.empty() ? std::string("record") : s;
  };
  // Walk the raw JSON; only a projection (the read's static type is a list) may walk through a list.
  auto walk = [&](auto& self, const Value& v, size_t step, const ir::Type& type) -> Value {
    if (step == n.path.size()) {
      try {
        return convert_input(v, type, "");
      } catch (const RecordError&) {
        return convert_input(v, type, where(step));  // rethrows, now with the path
      }
    }
    if (const List* items = v.list(); items && type.kind == Kind::kList) {
      List out;
      out.reserve(items->size());
      for (const Value& item : *items) out.push_back(self(self, item, step, type.element ? *type.element : type));
      return Value::of_list(std::move(out));
    }
    if (!v.is_null() && !v.object()) throw RecordError{"input `" + where(step) + "`: expected an object"};
    const Value* next = v.field(n.path[step]);
    if (!next) return self(self, Value::null(), n.path.size(), type);  // missing along the way: null if allowed
    return self(self, *next, step + 1, type);
  };
  return walk(walk, *at, 0, *n.type);
}

bool Evaluator::truth(const Value& v) {
  if (auto* b = std::get_if<bool>(&v.v)) return *b;
  return false;  // null conditions are false
}

int Evaluator::compare(const Value& a, const Value& b) {
  if (auto* x = std::get_if<int64_t>(&a.v)) {
    int64_t y = std::get<int64_t>(b.v);
    return *x < y ? -1 : *x > y;
  }
  if (auto* x = std::get_if<sl_decimal>(&a.v)) {
    int32_t c = 0;
    sl_decimal_compare(*x, std::get<sl_decimal>(b.v), &c);
    return c;
  }
  if (auto* x = std::get_if<double>(&a.v)) {
    double y = std::get<double>(b.v);
    return *x < y ? -1 : *x > y;
  }
  if (auto* x = std::get_if<std::string>(&a.v)) {
    int c = x->compare(std::get<std::string>(b.v));
    return c < 0 ? -1 : c > 0;
  }
  if (auto* x = std::get_if<Date>(&a.v)) {
    int32_t y = std::get<Date>(b.v).days;
    return x->days < y ? -1 : x->days > y;
  }
  if (auto* x = std::get_if<Timestamp>(&a.v)) {
    int64_t y = std::get<Timestamp>(b.v).micros;
    return x->micros < y ? -1 : x->micros > y;
  }
  if (auto* x = std::get_if<bool>(&a.v)) return int(*x) - int(std::get<bool>(b.v));
  throw RecordError{"values cannot be compared"};
}

bool Evaluator::equal(const Value& a, const Value& b) {
  if (a.is_null() || b.is_null()) return a.is_null() && b.is_null();
  if (a.v.index() != b.v.index()) return false;
  if (a.list() || a.object()) {
    std::string x, y;
    write_json(a, x);
    write_json(b, y);
    return x == y;
  }
  return compare(a, b) == 0;
}

Value Evaluator::arith(const ir::Node& n, const Value& a, const Value& b) {
  if (a.is_null() || b.is_null()) return Value::null();
  char op = n.text[0];
  switch (n.type->kind) {
    case Kind::kInt: {
      int64_t x = std::get<int64_t>(a.v), y = std::get<int64_t>(b.v), r = 0;
      bool overflow = false;
      switch (op) {
        case '+': overflow = __builtin_add_overflow(x, y, &r); break;
        case '-': overflow = __builtin_sub_overflow(x, y, &r); break;
        case '*': overflow = __builtin_mul_overflow(x, y, &r); break;
        case '%':
          if (y == 0) throw RecordError{"division by zero"};
          if (x == INT64_MIN && y == -1) overflow = true; else r = x % y;
          break;
        default: throw RecordError{"unexpected integer operator"};
      }
      if (overflow) throw RecordError{"integer overflow"};
      return {r};
    }
    case Kind::kDecimal: {
      sl_decimal x = std::get<sl_decimal>(a.v), y = std::get<sl_decimal>(b.v), r{};
      sl_status st = SL_OK;
      switch (op) {
        case '+': st = sl_decimal_add(x, y, &r); break;
        case '-': st = sl_decimal_sub(x, y, &r); break;
        case '*': st = sl_decimal_mul(x, y, &r); break;
        case '/': st = sl_decimal_div(x, y, &r); break;
        case '%': st = sl_decimal_rem(x, y, &r); break;
      }
      if (st != SL_OK) status_error(st);
      return {r};
    }
    case Kind::kFloat: {
      double x = std::get<double>(a.v), y = std::get<double>(b.v), r = 0;
      switch (op) {
        case '+': r = x + y; break;
        case '-': r = x - y; break;
        case '*': r = x * y; break;
        case '/': r = x / y; break;
        case '%': r = std::fmod(x, y); break;
      }
      if (!std::isfinite(r)) throw RecordError{"float result is not finite"};
      return {r};
    }
    default:
      throw RecordError{"unexpected arithmetic type"};
  }
}

Value Evaluator::eval(const ir::Node& n) {
  switch (n.op) {
    case Op::kConst: {
      switch (n.type->kind) {
        case Kind::kNull: return Value::null();
        case Kind::kBool: return {n.text == "true"};
        case Kind::kString: return {n.text};
        default: return convert_input(Value{RawNumber{n.text}}, *n.type, "literal");
      }
    }
    case Op::kInput: return read_input(n);
    case Op::kLocal: return locals_[size_t(n.local)];
    case Op::kMember: {
      Value base = eval(*n.operands[0]);
      if (base.is_null()) return Value::null();
      // Spelt only when a conversion fails: `shipping.first_name` when the object is in the input, else the
      // field's name.
      auto member = [&](const Value& object, const ir::Type& type, const std::function<std::optional<std::string>()>& at) {
        const Value* f = object.field(n.text);
        try {
          return convert_input(f ? *f : Value::null(), type, "");
        } catch (const RecordError&) {
          std::optional<std::string> path = at();
          return convert_input(f ? *f : Value::null(), type, path ? *path : n.text);
        }
      };
      if (const List* items = base.list(); items && n.type->kind == Kind::kList && n.type->element) {
        // A projection over a list value (`ls.total` for `let ls = line_items`): each element's member, as
        // a read through a list of the input projects.
        List out;
        out.reserve(items->size());
        for (size_t i = 0; i < items->size(); ++i)
          out.push_back(member((*items)[i], *n.type->element, [&]() -> std::optional<std::string> {
            std::optional<std::string> element = element_path(*n.operands[0], int64_t(i));
            if (element) *element += "." + n.text;
            return element;
          }));
        return Value::of_list(std::move(out));
      }
      return member(base, *n.type, [&] { return value_path(n); });
    }
    case Op::kNeg: {
      Value v = eval(*n.operands[0]);
      if (v.is_null()) return v;
      if (auto* i = std::get_if<int64_t>(&v.v)) {
        if (*i == INT64_MIN) throw RecordError{"integer overflow"};
        return {-*i};
      }
      if (auto* d = std::get_if<sl_decimal>(&v.v)) return {sl_decimal_negate(*d)};
      return {-std::get<double>(v.v)};
    }
    case Op::kNot: {
      Value v = eval(*n.operands[0]);
      return v.is_null() ? Value::null() : Value{!truth(v)};
    }
    case Op::kArith: {
      Value a = eval(*n.operands[0]);
      Value b = eval(*n.operands[1]);
      return arith(n, a, b);
    }
    case Op::kConcat: {
      Value a = eval(*n.operands[0]);
      Value b = eval(*n.operands[1]);
      if (a.is_null() || b.is_null()) return Value::null();
      return {std::get<std::string>(a.v) + std::get<std::string>(b.v)};
    }
    case Op::kListConcat: {
      Value a = eval(*n.operands[0]);
      Value b = eval(*n.operands[1]);
      if (a.is_null() || b.is_null()) return Value::null();
      List out = *a.list();
      out.insert(out.end(), b.list()->begin(), b.list()->end());
      return Value::of_list(std::move(out));
    }
    case Op::kCompare: {
      Value a = eval(*n.operands[0]);
      Value b = eval(*n.operands[1]);
      const std::string& op = n.text;
      if (op == "==") return {equal(a, b)};
      if (op == "!=") return {!equal(a, b)};
      if (a.is_null() || b.is_null()) return {false};  // ordered comparison with null is false
      int c = compare(a, b);
      return {op == "<" ? c < 0 : op == "<=" ? c <= 0 : op == ">" ? c > 0 : c >= 0};
    }
    case Op::kAnd: return {truth(eval(*n.operands[0])) && truth(eval(*n.operands[1]))};
    case Op::kOr: return {truth(eval(*n.operands[0])) || truth(eval(*n.operands[1]))};
    case Op::kCoalesce: {
      // A conversion failing on the left unwinds through loops and blocks without leaving them: restore
      // where evaluation was.
      size_t path_size = path_.size();
      int value_depth = value_depth_;
      try {
        Value a = eval(*n.operands[0]);
        if (!a.is_null()) return a;
      } catch (const ConversionError&) {
        // The fallback handles a failed conversion on the left.
        path_.resize(path_size);
        value_depth_ = value_depth;
      }
      return eval(*n.operands[1]);
    }
    case Op::kIf: return truth(eval(*n.operands[0])) ? eval(*n.operands[1]) : eval(*n.operands[2]);
    case Op::kIn: {
      Value needle = eval(*n.operands[0]);
      Value hay = eval(*n.operands[1]);
      bool found = false;
      if (const List* items = hay.list())
        found = std::any_of(items->begin(), items->end(), [&](const Value& x) { return equal(needle, x); });
      return {found != n.negated};
    }
    case Op::kCall: {
      std::vector<Value> args;
      for (const auto& op : n.operands) args.push_back(eval(*op));
      try {
        return call_builtin(n.text, args, *n.type, resources_of(module_, n.text, n.index));
      } catch (const ConversionError& e) {
        if (n.bang) throw RecordError{e.reason};
        throw;
      }
    }
    case Op::kCallUser: return call_user(n);
    case Op::kTable: return table(n);
    case Op::kRef: {
      Value key = eval(*n.operands[0]);
      std::optional<Value> id = refs_ ? refs_->resolve(n.text, key) : std::nullopt;
      if (!id) {
        std::string k;
        write_json(key, k);
        throw RecordError{"ref(" + n.text + ", " + k + ") is not synced yet"};
      }
      std::string error;
      std::optional<Value> typed = ref_id(*id, *n.type, error);
      if (!typed) throw RecordError{error};
      return *typed;
    }
    case Op::kList: {
      List items;
      for (const auto& op : n.operands) items.push_back(eval(*op));
      return Value::of_list(std::move(items));
    }
    case Op::kFor: return for_loop(n);
    case Op::kObject: throw RecordError{"object nodes are not produced by lowering"};
    case Op::kConvert: {
      Value v = eval(*n.operands[0]);
      if (v.is_null()) return v;
      if (auto* i = std::get_if<int64_t>(&v.v)) {
        if (n.type->kind == Kind::kDecimal) return {sl_decimal_from_int64(*i)};
        return {double(*i)};
      }
      if (auto* d = std::get_if<sl_decimal>(&v.v)) {
        char buf[SL_DECIMAL_TEXT_MAX];
        size_t len = 0;
        sl_decimal_format(*d, buf, &len);
        return {std::strtod(buf, nullptr)};
      }
      return v;
    }
    case Op::kReject: throw RecordError{n.text};
    case Op::kMetaGet: {
      Value meta = eval(*n.operands[0]);
      if (const List* entries = meta.list())
        for (const auto& e : *entries)
          if (const Value* key = e.field("key"); key && std::holds_alternative<std::string>(key->v) && std::get<std::string>(key->v) == n.text) {
            const Value* v = e.field("value");
            try {
              return convert_input(v ? *v : Value::null(), *n.type, "");
            } catch (const RecordError&) {
              std::optional<std::string> list = value_path(*n.operands[0]);
              return convert_input(v ? *v : Value::null(), *n.type, (list ? *list : "meta_data") + "[\"" + n.text + "\"]");
            }
          }
      return Value::null();
    }
    case Op::kChanged: return changed(n);
    case Op::kOmit: throw Omitted{};
  }
  throw RecordError{"unknown IR operation"};
}

}  // namespace syncloom::interp::detail
