// Value operations generated code delegates: decimal arithmetic, string and list concatenation, the
// interpreter's equality and ordering, lists built at run time.
#include <cstdlib>

#include "runtime/state.hpp"

namespace syncloom::codegen::rt {
namespace {

template <typename T>
int order(T x, T y) {
  return x < y ? -1 : x > y;  // the interpreter's formula: NaN compares as equal to everything
}

double float_of(const Cell* c) {
  double f;
  std::memcpy(&f, &c->lo, sizeof f);
  return f;
}

/// The kind of raw value a node is, as the interpreter's Value variant index distinguishes them.
int raw_kind(const Node* n) {
  switch (n->kind) {
    case kNodeTrue:
    case kNodeFalse: return 1;
    case kNodeNumber: return 2;
    case kNodeString: return 3;
    case kNodeArray: return 4;
    default: return 5;
  }
}

}  // namespace
}  // namespace syncloom::codegen::rt

using namespace syncloom::codegen::rt;

extern "C" {

int32_t slj_decimal_arith(Ctx* ctx, int32_t op, const Cell* a, const Cell* b, Cell* out) {
  if (a->null || b->null) {
    set_null(out);
    return kOk;
  }
  sl_decimal x = decimal_of(a), y = decimal_of(b), r{};
  sl_status s = SL_OK;
  // The operator's character, as in the IR's text ('+' ...); 0..4 name the same operators in that order.
  switch (op) {
    case '+': case 0: s = sl_decimal_add(x, y, &r); break;
    case '-': case 1: s = sl_decimal_sub(x, y, &r); break;
    case '*': case 2: s = sl_decimal_mul(x, y, &r); break;
    case '/': case 3: s = sl_decimal_div(x, y, &r); break;
    case '%': case 4: s = sl_decimal_rem(x, y, &r); break;
    default: return fail_with(ctx, "unexpected decimal operator");
  }
  if (s != SL_OK) return fail_with(ctx, sl_status_message(s));
  set_decimal(out, r);
  return kOk;
}

int32_t slj_decimal_compare(const Cell* a, const Cell* b) {
  int32_t c = 0;
  sl_decimal_compare(decimal_of(a), decimal_of(b), &c);
  return c;
}

void slj_decimal_from_int(int64_t v, Cell* out) { set_decimal(out, sl_decimal_from_int64(v)); }

double slj_decimal_to_float(const Cell* v) {
  // Through the exact text, as the interpreter does: strtod rounds it correctly.
  char buf[SL_DECIMAL_TEXT_MAX];
  size_t len = 0;
  sl_decimal_format(decimal_of(v), buf, &len);
  return std::strtod(buf, nullptr);
}

int32_t slj_concat(Ctx* ctx, const Cell* a, const Cell* b, Cell* out) {
  if (a->null || b->null) {
    set_null(out);
    return kOk;
  }
  std::string_view x = string_of(a), y = string_of(b);
  char* p = static_cast<char*>(st(ctx).arena.alloc(x.size() + y.size() + 1));
  std::memcpy(p, x.data(), x.size());
  std::memcpy(p + x.size(), y.data(), y.size());
  set_string(out, p, x.size() + y.size());
  return kOk;
}

int32_t slj_compare(const Cell* a, const Cell* b, const char* code) {
  switch (code_of(code).kind) {
    case 'i': return order(int64_t(a->lo), int64_t(b->lo));
    case 'd': return slj_decimal_compare(a, b);
    case 'f': return order(float_of(a), float_of(b));
    case 's': {
      int c = string_of(a).compare(string_of(b));
      return c < 0 ? -1 : c > 0;
    }
    case 'D':
    case 't': return order(int64_t(a->lo), int64_t(b->lo));
    case 'b': return int(a->lo != 0) - int(b->lo != 0);
    default: return 0;
  }
}

int32_t slj_equal(Ctx* ctx, const Cell* a, const Cell* b, const char* code) {
  Code c = code_of(code);
  bool raw = c.kind == 'o' || c.kind == 'a' || c.kind == 'n' || c.kind == 'x';
  bool an = a->null || (raw && is_null_node(node_of(a)));
  bool bn = b->null || (raw && is_null_node(node_of(b)));
  if (an || bn) return an && bn;
  switch (c.kind) {
    case 'L':
    case 'N': {
      // Lists compare by their JSON text, as in the interpreter.
      State& s = st(ctx);
      std::string x, error;
      if (!write_cell(x, a, code, error)) return fail_with(ctx, error, -1);
      s.scratch.clear();
      if (!write_cell(s.scratch, b, code, error)) return fail_with(ctx, error, -1);
      return x == s.scratch;
    }
    case 'j': return string_of(a) == string_of(b);
    case 'o':
    case 'a':
    case 'n':
    case 'x': {
      const Node* x = node_of(a);
      const Node* y = node_of(b);
      if (raw_kind(x) != raw_kind(y)) return 0;
      switch (raw_kind(x)) {
        case 1: return x->kind == y->kind;
        case 2: return fail_with(ctx, "values cannot be compared", -1);  // raw numbers: as the interpreter
        case 3: return node_text(x) == node_text(y);
        default: {
          std::string tx, ty;
          write_node(tx, x);
          write_node(ty, y);
          return tx == ty;
        }
      }
    }
    default: return slj_compare(a, b, code) == 0;
  }
}

Cell* slj_list_new(Ctx* ctx, uint64_t count, Cell* out) {
  Arena& arena = st(ctx).arena;
  auto* list = static_cast<List*>(arena.alloc(sizeof(List)));
  auto* items = static_cast<Cell*>(arena.alloc(sizeof(Cell) * (count ? count : 1)));
  *list = List{count, items};
  *out = Cell{reinterpret_cast<uint64_t>(list), 0, 0, 0};
  return items;
}

Cell* slj_list_push(Ctx* ctx, Cell* list_cell) {
  // The cell's `hi` word holds the capacity while a `for` builds the list (unused by L cells otherwise).
  Arena& arena = st(ctx).arena;
  if (list_cell->null || !list_cell->lo) {
    auto* list = static_cast<List*>(arena.alloc(sizeof(List)));
    *list = List{0, static_cast<Cell*>(arena.alloc(sizeof(Cell) * 8))};
    *list_cell = Cell{reinterpret_cast<uint64_t>(list), 8, 0, 0};
  }
  auto* list = reinterpret_cast<List*>(list_cell->lo);
  if (list->count >= list_cell->hi) {  // also a list from slj_list_new (capacity word 0)
    uint64_t cap = list_cell->hi ? list_cell->hi * 2 : 8;
    auto* items = static_cast<Cell*>(arena.alloc(sizeof(Cell) * cap));
    if (list->count) std::memcpy(items, list->items, sizeof(Cell) * list->count);
    list->items = items;
    list_cell->hi = cap;
  }
  return const_cast<Cell*>(&list->items[list->count++]);
}

int32_t slj_list_concat(Ctx* ctx, const Cell* a, const Cell* b, const char* code, Cell* out) {
  if (a->null || b->null) {
    set_null(out);
    return kOk;
  }
  Arena& arena = st(ctx).arena;
  if (code_of(code).kind == 'N') {  // two input arrays: a synthetic array node of both
    const Node* x = node_of(a);
    const Node* y = node_of(b);
    uint32_t nx = x->kind == kNodeArray ? x->count : 0, ny = y->kind == kNodeArray ? y->count : 0;
    auto* items = static_cast<Node*>(arena.alloc(sizeof(Node) * (nx + ny + 1)));
    if (nx) std::memcpy(static_cast<void*>(items), x->data, sizeof(Node) * nx);
    if (ny) std::memcpy(static_cast<void*>(items + nx), y->data, sizeof(Node) * ny);
    auto* array = static_cast<Node*>(arena.alloc(sizeof(Node)));
    *array = Node{kNodeArray, {}, nx + ny, items, nullptr};
    *out = Cell{reinterpret_cast<uint64_t>(array), 0, 0, 0};
    return kOk;
  }
  const List* x = list_of(a);
  const List* y = list_of(b);
  Cell* items = slj_list_new(ctx, x->count + y->count, out);
  if (x->count) std::memcpy(items, x->items, sizeof(Cell) * x->count);
  if (y->count) std::memcpy(items + x->count, y->items, sizeof(Cell) * y->count);
  return kOk;
}

int32_t slj_member_items(Ctx* ctx, const Cell* list, const char* list_code, const char* name, const char* base_path,
                         const char* element_code, Cell* out) {
  if (list->null) {
    set_null(out);
    return kOk;
  }
  // As the interpreter's projection over a list value: each element's member, converted; a null or
  // non-object element has a null member.
  bool input_array = code_of(list_code).kind == 'N';
  uint64_t count = slj_list_count(list, list_code);
  Cell* items = slj_list_new(ctx, count, out);
  std::string_view field(name);
  for (uint64_t i = 0; i < count; ++i) {
    const Node* element = input_array ? &node_items(node_of(list))[i] : (list_of(list)->items[i].null ? nullptr : node_of(&list_of(list)->items[i]));
    if (int32_t r = convert_raw(ctx, field_of(element, field), element_code, &items[i]); r != kOk) {
      State& s = st(ctx);
      std::string at = base_path ? expand_origin(base_path, *ctx) + "[" + std::to_string(i) + "]." + name : std::string(name);
      s.error = "input `" + at + s.suffix + "`: " + s.error;
      return r;
    }
  }
  return kOk;
}

}  // extern "C"
