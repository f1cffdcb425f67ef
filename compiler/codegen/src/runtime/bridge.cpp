// Conversions between cells and interp::Values, so helpers can run the interpreter's own code on JIT
// values and both engines agree by construction. Not on the hot path: the common built-ins are native.
#include "runtime/bridge.hpp"

#include <charconv>

#include "syncloom/interp/bridge.hpp"

namespace syncloom::codegen::rt {
namespace {

using interp::Value;

/// A typed Value as an input node that converts back to it (for N lists and any/object cells built
/// from a built-in's result, e.g. first() of a list of objects).
Node node_of_value(Ctx* ctx, const Value& v) {
  Arena& arena = st(ctx).arena;
  auto text_node = [&](NodeKind kind, std::string_view s) {
    return Node{kind, {}, uint32_t(s.size()), arena_copy(ctx, s.data(), s.size()), nullptr};
  };
  if (v.is_null()) return Node{kNodeNull, {}, 0, nullptr, nullptr};
  if (auto* b = std::get_if<bool>(&v.v)) return Node{*b ? kNodeTrue : kNodeFalse, {}, 0, nullptr, nullptr};
  if (auto* s = std::get_if<std::string>(&v.v)) return text_node(kNodeString, *s);
  if (auto* n = std::get_if<interp::RawNumber>(&v.v)) return text_node(kNodeNumber, n->text);
  if (const interp::List* l = v.list()) {
    auto* items = static_cast<Node*>(arena.alloc(sizeof(Node) * (l->size() + 1)));
    for (size_t i = 0; i < l->size(); ++i) items[i] = node_of_value(ctx, (*l)[i]);
    return Node{kNodeArray, {}, uint32_t(l->size()), items, nullptr};
  }
  if (const interp::Object* o = v.object()) {
    auto* items = static_cast<Node*>(arena.alloc(sizeof(Node) * (o->size() + 1)));
    auto* keys = static_cast<Key*>(arena.alloc(sizeof(Key) * (o->size() + 1)));
    for (size_t i = 0; i < o->size(); ++i) {
      keys[i] = Key{arena_copy(ctx, (*o)[i].first.data(), (*o)[i].first.size()), (*o)[i].first.size()};
      items[i] = node_of_value(ctx, (*o)[i].second);
    }
    return Node{kNodeObject, {}, uint32_t(o->size()), items, keys};
  }
  // Typed scalars: their JSON text; a date or timestamp is a string, anything else a number.
  std::string text;
  interp::bridge::write_json(v, text, nullptr);
  if (!text.empty() && text.front() == '"') return text_node(kNodeString, std::string_view(text).substr(1, text.size() - 2));
  return text_node(kNodeNumber, text);
}

}  // namespace

Value value_of_node(const Node* n) {
  if (!n) return Value::null();
  switch (n->kind) {
    case kNodeFalse: return {false};
    case kNodeTrue: return {true};
    case kNodeNumber: return {interp::RawNumber{std::string(node_text(n))}};
    case kNodeString: return {std::string(node_text(n))};
    case kNodeArray: {
      interp::List items;
      items.reserve(n->count);
      for (uint32_t i = 0; i < n->count; ++i) items.push_back(value_of_node(&node_items(n)[i]));
      return Value::of_list(std::move(items));
    }
    case kNodeObject: {
      interp::Object fields;
      for (uint32_t i = 0; i < n->count; ++i) {
        const Node* item = &node_items(n)[i];
        if (item->kind == kNodeMissing) continue;  // a fixed block's absent field
        fields.emplace_back(std::string(n->keys[i].data, n->keys[i].len), value_of_node(item));
      }
      return Value::of_object(std::move(fields));
    }
    default: return Value::null();
  }
}

Value value_of_cell(Ctx* ctx, const Cell* c, const char* code) {
  if (c->null) return Value::null();
  Code k = code_of(code);
  switch (k.kind) {
    case 'b': return {c->lo != 0};
    case 'i': return {int64_t(c->lo)};
    case 'f': {
      double f;
      std::memcpy(&f, &c->lo, sizeof f);
      return {f};
    }
    case 'd': return {decimal_of(c)};
    case 's': return {std::string(string_of(c))};
    case 'D': return {interp::Date{int32_t(int64_t(c->lo))}};
    case 't': return {interp::Timestamp{int64_t(c->lo)}};
    case 'j': {
      // An object built by a `for`, as its JSON text: parsed back into raw values (writes the same text).
      auto v = interp::bridge::parse_json(string_of(c), nullptr, nullptr);
      return v ? *v : Value::null();
    }
    case 'L': {
      const List* l = list_of(c);
      interp::List items;
      items.reserve(l->count);
      for (uint64_t i = 0; i < l->count; ++i) items.push_back(value_of_cell(ctx, &l->items[i], k.element));
      return Value::of_list(std::move(items));
    }
    case 'N': {
      const Node* n = node_of(c);
      Code e = code_of(k.element);
      if (e.kind == 'o' || e.kind == 'j' || e.kind == 'a' || n->kind != kNodeArray) return value_of_node(n);
      interp::List items;  // scalar elements: converted, as the interpreter's list holds them
      for (uint32_t i = 0; i < n->count; ++i) {
        Cell item;
        items.push_back(convert_raw(ctx, &node_items(n)[i], k.element, &item) == kOk ? value_of_cell(ctx, &item, k.element)
                                                                                      : Value::null());
      }
      return Value::of_list(std::move(items));
    }
    default: return value_of_node(node_of(c));
  }
}

int32_t cell_of_value(Ctx* ctx, const Value& v, const char* code, Cell* out) {
  if (v.is_null()) {
    set_null(out);
    return kOk;
  }
  Code k = code_of(code);
  *out = Cell{0, 0, 0, 0};
  switch (k.kind) {
    case 'b':
      if (auto* b = std::get_if<bool>(&v.v)) out->lo = *b;
      return kOk;
    case 'i':
      if (auto* i = std::get_if<int64_t>(&v.v)) out->lo = uint64_t(*i);
      return kOk;
    case 'f':
      if (auto* f = std::get_if<double>(&v.v)) std::memcpy(&out->lo, f, sizeof *f);
      else if (auto* i = std::get_if<int64_t>(&v.v)) {
        double d = double(*i);
        std::memcpy(&out->lo, &d, sizeof d);
      }
      return kOk;
    case 'd':
      if (auto* d = std::get_if<sl_decimal>(&v.v)) set_decimal(out, *d);
      else if (auto* i = std::get_if<int64_t>(&v.v)) set_decimal(out, sl_decimal_from_int64(*i));
      return kOk;
    case 's':
      if (auto* s = std::get_if<std::string>(&v.v)) set_string(out, arena_copy(ctx, s->data(), s->size()), s->size());
      return kOk;
    case 'D':
      if (auto* d = std::get_if<interp::Date>(&v.v)) out->lo = uint64_t(int64_t(d->days));
      return kOk;
    case 't':
      if (auto* t = std::get_if<interp::Timestamp>(&v.v)) out->lo = uint64_t(t->micros);
      return kOk;
    case 'j': {
      std::string text;
      interp::bridge::Failure failure;
      if (!interp::bridge::write_json(v, text, &failure)) return fail_with(ctx, failure.reason);
      set_string(out, arena_copy(ctx, text.data(), text.size()), text.size());
      return kOk;
    }
    case 'L': {
      const interp::List* l = v.list();
      if (!l) return fail_with(ctx, "expected a list");
      Cell* items = slj_list_new(ctx, l->size(), out);
      for (size_t i = 0; i < l->size(); ++i)
        if (int32_t r = cell_of_value(ctx, (*l)[i], k.element, &items[i]); r != kOk) return r;
      return kOk;
    }
    default: {  // N, o, a, n, x: an input node
      auto* n = static_cast<Node*>(st(ctx).arena.alloc(sizeof(Node)));
      *n = node_of_value(ctx, v);
      out->lo = reinterpret_cast<uint64_t>(n);
      return kOk;
    }
  }
}

}  // namespace syncloom::codegen::rt

using namespace syncloom::codegen::rt;

extern "C" {

int32_t slj_builtin(Ctx* ctx, const char* name, const Cell* args, int32_t nargs, const char* codes, const char* result, int32_t index,
                    Cell* out) {
  // No exception may unwind into generated code (its frames have no unwind tables): anything the
  // interpreter's code throws beyond its own errors (a std::bad_variant_access) fails the record.
  try {
    std::vector<syncloom::interp::Value> values;
    values.reserve(size_t(nargs));
    const char* p = codes;
    for (int32_t i = 0; i < nargs; ++i) {
      values.push_back(value_of_cell(ctx, &args[i], p));
      p += code_length(p);
      if (*p == ',') ++p;
    }
    syncloom::interp::bridge::Failure failure;
    auto v = syncloom::interp::bridge::call_builtin(name, values, type_of_code(result), &failure, st(ctx).module, index);
    if (!v) return fail_with(ctx, failure.reason, failure.conversion ? kConversionError : kRecordError);
    return cell_of_value(ctx, *v, result, out);
  } catch (const std::exception& e) {
    return fail_with(ctx, std::string("built-in `") + name + "` failed: " + e.what());
  }
}

}  // extern "C"
