// Input reads: the interpreter's convert_input and read_input walk over decoded nodes. The happy path
// builds no strings; messages (and their paths) are assembled only when a conversion fails.
#include <charconv>
#include <cstdlib>

#include "runtime/state.hpp"
#include "syncloom/stdlib/time.hpp"

namespace syncloom::codegen::rt {
namespace {

const Node kNullNode{kNodeNull, {}, 0, nullptr, nullptr};

int32_t why(Ctx* ctx, std::string reason) {
  State& s = st(ctx);
  s.error = std::move(reason);
  s.suffix.clear();
  return kRecordError;
}

/// The text convert_input sees for decimals, dates and timestamps: a string's or a number's, else empty.
std::string_view text_of(const Node* n) {
  return n->kind == kNodeString || n->kind == kNodeNumber ? node_text(n) : std::string_view{};
}

int32_t convert_list(Ctx* ctx, const Node* node, Code c, Cell* out) {
  if (node->kind != kNodeArray) return why(ctx, "expected a list");
  const Node* items = node_items(node);
  Code e = code_of(c.element);
  bool raw_elements = e.kind == 'o' || e.kind == 'j';  // lists of objects stay raw (fields convert when read)
  if (c.kind == 'N') {
    // The node itself is the value; scalar elements are converted here only to fail where the
    // interpreter fails (at the read), and again on access.
    if (!raw_elements && e.kind != 'a')
      for (uint32_t i = 0; i < node->count; ++i) {
        Cell tmp;
        if (int32_t r = convert_raw(ctx, &items[i], c.element, &tmp); r != kOk) {
          st(ctx).suffix.insert(0, "[" + std::to_string(i) + "]");
          return r;
        }
      }
    *out = Cell{reinterpret_cast<uint64_t>(node), 0, 0, 0};
    return kOk;
  }
  auto* list = static_cast<List*>(st(ctx).arena.alloc(sizeof(List)));
  auto* cells = static_cast<Cell*>(st(ctx).arena.alloc(sizeof(Cell) * (node->count ? node->count : 1)));
  for (uint32_t i = 0; i < node->count; ++i) {
    if (raw_elements) {
      cells[i] = Cell{reinterpret_cast<uint64_t>(&items[i]), 0, 0, is_null_node(&items[i])};
    } else if (int32_t r = convert_raw(ctx, &items[i], c.element, &cells[i]); r != kOk) {
      st(ctx).suffix.insert(0, "[" + std::to_string(i) + "]");
      return r;
    }
  }
  *list = List{node->count, cells};
  *out = Cell{reinterpret_cast<uint64_t>(list), 0, 0, 0};
  return kOk;
}

}  // namespace

const Node* field_of(const Node* object, std::string_view name) {
  if (!object || object->kind != kNodeObject) return nullptr;
  const Node* items = node_items(object);
  for (uint32_t i = 0; i < object->count; ++i)
    if (object->keys[i].len == name.size() && std::memcmp(object->keys[i].data, name.data(), name.size()) == 0)
      return items[i].kind == kNodeMissing ? nullptr : &items[i];  // first occurrence wins
  return nullptr;
}

int32_t convert_raw(Ctx* ctx, const Node* node, const char* code, Cell* out) {
  Code c = code_of(code);
  bool empty_string = node && node->kind == kNodeString && node->count == 0;
  if (is_null_node(node) || (empty_string && c.optional && c.kind != 's' && c.kind != 'a')) {
    if (c.optional || c.kind == 'a' || c.kind == 'n') {
      set_null(out);
      return kOk;
    }
    return why(ctx, "is missing or null, but the schema requires it");
  }
  switch (c.kind) {
    case 'b':
      if (node->kind == kNodeTrue || node->kind == kNodeFalse) {
        *out = Cell{node->kind == kNodeTrue ? 1u : 0u, 0, 0, 0};
        return kOk;
      }
      return why(ctx, "expected true or false");
    case 'i': {
      if (node->kind == kNodeNumber) {
        std::string_view t = node_text(node);
        int64_t i = 0;
        auto [p, ec] = std::from_chars(t.data(), t.data() + t.size(), i);
        if (ec == std::errc() && p == t.data() + t.size()) {
          *out = Cell{uint64_t(i), 0, 0, 0};
          return kOk;
        }
        return why(ctx, "expected an integer, found " + std::string(t));
      }
      return why(ctx, "expected an integer, found a non-number");
    }
    case 'd': {
      std::string_view t = text_of(node);
      sl_decimal d;
      if (!t.empty() && sl_decimal_parse(t.data(), t.size(), &d) == SL_OK) {
        set_decimal(out, d);
        return kOk;
      }
      return why(ctx, "expected a decimal, found \"" + std::string(t) + "\"");
    }
    case 'f': {
      std::string_view t = text_of(node);
      // strtod needs a terminated copy; numbers are short, so the stack holds them.
      char small[64];
      std::string big;
      const char* z = small;
      if (t.size() < sizeof small) {
        std::memcpy(small, t.data(), t.size());
        small[t.size()] = '\0';
      } else {
        big.assign(t);
        z = big.c_str();
      }
      char* end = nullptr;
      double f = t.empty() ? 0 : std::strtod(z, &end);
      if (!t.empty() && end == z + t.size()) {
        uint64_t bits;
        std::memcpy(&bits, &f, sizeof bits);
        *out = Cell{bits, 0, 0, 0};
        return kOk;
      }
      return why(ctx, "expected a number");
    }
    case 's':
      if (node->kind == kNodeString) {
        set_string(out, static_cast<const char*>(node->data), node->count);
        return kOk;
      }
      return why(ctx, "expected a string");
    case 'D': {
      std::string_view t = text_of(node);
      if (node->kind == kNodeString) {
        int32_t days;
        if (sl_date_parse(t.data(), t.size(), &days) == SL_OK) {
          *out = Cell{uint64_t(int64_t(days)), 0, 0, 0};
          return kOk;
        }
        int64_t micros;  // a timestamp where a date is declared: its UTC date
        if (sl_timestamp_parse(t.data(), t.size(), &micros) == SL_OK) {
          *out = Cell{uint64_t(int64_t(sl_timestamp_date(micros))), 0, 0, 0};
          return kOk;
        }
      }
      return why(ctx, "expected a date (YYYY-MM-DD), found \"" + std::string(t) + "\"");
    }
    case 't': {
      std::string_view t = text_of(node);
      int64_t micros;
      if (node->kind == kNodeString && sl_timestamp_parse(t.data(), t.size(), &micros) == SL_OK) {
        *out = Cell{uint64_t(micros), 0, 0, 0};
        return kOk;
      }
      return why(ctx, "expected a timestamp (ISO 8601, UTC), found \"" + std::string(t) + "\"");
    }
    case 'L':
    case 'N':
      return convert_list(ctx, node, c, out);
    case 'o':
    case 'j':
      if (node->kind != kNodeObject) return why(ctx, "expected an object");
      *out = Cell{reinterpret_cast<uint64_t>(node), 0, 0, 0};
      return kOk;
    default:  // any, never, null: the raw value
      *out = Cell{reinterpret_cast<uint64_t>(node), 0, 0, 0};
      return kOk;
  }
}

int32_t convert_node(Ctx* ctx, const Node* node, const char* code, std::string_view path, Cell* out) {
  int32_t r = convert_raw(ctx, node, code, out);
  if (r != kOk) {
    State& s = st(ctx);
    s.error = "input `" + expand_origin(path, *ctx) + s.suffix + "`: " + s.error;
  }
  return r;
}

namespace {

/// interp's read_input: walk the segments, projecting through lists only when the read's type is a list.
struct PathWalk {
  Ctx* ctx;
  const std::string_view* segs;
  int32_t nsegs;
  const char* base;  ///< origin template of the base ("" for the record)

  std::string where(int32_t steps) const {
    std::string s = expand_origin(base ? base : "", *ctx);
    for (int32_t i = 0; i < steps && i < nsegs; ++i) (s += s.empty() ? "" : ".") += segs[i];
    return s.empty() ? std::string("record") : s;
  }

  /// Walks from `v` at `step`; the value at the end converts into `out` when given (elements of a
  /// projection only validate). `leaf` receives the raw value, a synthetic array for a projection.
  int32_t walk(const Node* v, int32_t step, const char* code, Cell* out, const Node** leaf) {
    if (step == nsegs) {
      Cell tmp;
      int32_t r = convert_raw(ctx, v, code, out ? out : &tmp);
      if (r != kOk) {
        State& s = st(ctx);
        s.error = "input `" + where(step) + s.suffix + "`: " + s.error;
        return r;
      }
      *leaf = v ? v : &kNullNode;
      return kOk;
    }
    Code c = code_of(code);
    if (v && v->kind == kNodeArray && (c.kind == 'L' || c.kind == 'N')) {
      Node* items = static_cast<Node*>(st(ctx).arena.alloc(sizeof(Node) * (v->count ? v->count : 1)));
      for (uint32_t i = 0; i < v->count; ++i) {
        const Node* item;
        if (int32_t r = walk(&node_items(v)[i], step, c.element, nullptr, &item); r != kOk) return r;
        items[i] = *item;
      }
      Node* array = static_cast<Node*>(st(ctx).arena.alloc(sizeof(Node)));
      *array = Node{kNodeArray, {}, v->count, items, nullptr};
      *leaf = array;
      // Every element has converted already, so this cannot fail; it builds the list's representation.
      if (!out) return kOk;
      int32_t r = convert_raw(ctx, array, code, out);
      if (r != kOk) st(ctx).error = "input `" + where(nsegs) + st(ctx).suffix + "`: " + st(ctx).error;
      return r;
    }
    if (!is_null_node(v) && v->kind != kNodeObject) {
      State& s = st(ctx);
      s.error = "input `" + where(step) + "`: expected an object";
      return kRecordError;
    }
    const Node* next = field_of(v, segs[step]);
    if (!next) return walk(nullptr, nsegs, code, out, leaf);  // missing along the way: null if allowed
    return walk(next, step + 1, code, out, leaf);
  }
};

}  // namespace
}  // namespace syncloom::codegen::rt

using namespace syncloom::codegen::rt;

extern "C" {

namespace {

/// The common successful conversions (a string, a money string or number, an integer), done without the
/// general conversion's dispatch. Anything else, every failure included, returns false for convert_node,
/// which gives the same result on these cases and the interpreter's messages on the rest.
inline bool convert_common(const Node* node, const char* code, Cell* out) {
  if (!node) return false;
  char kind = code[0] == '?' ? code[1] : code[0];
  if (kind == 0 || code[code[0] == '?' ? 2 : 1] != 0) return false;  // single-letter codes only
  switch (kind) {
    case 's':
      if (node->kind != kNodeString) return false;
      set_string(out, static_cast<const char*>(node->data), node->count);
      return true;
    case 'd': {
      if ((node->kind != kNodeString && node->kind != kNodeNumber) || node->count == 0) return false;
      sl_decimal d;
      if (sl_decimal_parse(static_cast<const char*>(node->data), node->count, &d) != SL_OK) return false;
      set_decimal(out, d);
      return true;
    }
    case 'i': {
      if (node->kind != kNodeNumber) return false;
      const char* text = static_cast<const char*>(node->data);
      int64_t i = 0;
      auto [p, ec] = std::from_chars(text, text + node->count, i);
      if (ec != std::errc() || p != text + node->count) return false;
      *out = Cell{uint64_t(i), 0, 0, 0};
      return true;
    }
    default:
      return false;
  }
}

}  // namespace

int32_t slj_read(Ctx* ctx, const Node* node, const char* code, const char* path, Cell* out) {
  if (convert_common(node, code, out)) return kOk;
  return convert_node(ctx, node, code, path, out);
}

int32_t slj_read_site(Ctx* ctx, const Node* base, const ReadSite* site, Cell* out) {
  if (site->nsteps >= 0) {
    const Node* node = base;
    int32_t i = 0;
    for (; i < site->nsteps; ++i) {
      if (!(i == 0 && site->base_is_record) && (!node || node->kind != kNodeObject)) break;
      node = static_cast<const Node*>(node->data) + site->indices[i];
    }
    if (i == site->nsteps) {
      if (convert_common(node, site->code, out)) return kOk;
      return convert_node(ctx, node, site->code, site->path, out);
    }
  }
  return slj_read_path(ctx, base, site->segs, site->nsegs, site->code, site->base, out);
}

int32_t slj_read_path(Ctx* ctx, const Node* base, const char* segs, int32_t nsegs, const char* code, const char* base_path, Cell* out) {
  constexpr int32_t kInline = 32;
  std::string_view inline_segs[kInline];
  std::vector<std::string_view> many;
  std::string_view* views = inline_segs;
  if (nsegs > kInline) {
    many.resize(size_t(nsegs));
    views = many.data();
  }
  const char* p = segs;
  for (int32_t i = 0; i < nsegs; ++i) {
    const char* end = std::strchr(p, '\x1f');
    if (!end) end = p + std::strlen(p);
    views[i] = std::string_view(p, size_t(end - p));
    p = *end ? end + 1 : end;
  }
  PathWalk w{ctx, views, nsegs, base_path};
  const Node* leaf;
  return w.walk(base, 0, code, out, &leaf);
}

int32_t slj_member(Ctx* ctx, const Cell* object, const char* name, const char* path, const char* code, Cell* out) {
  if (object->null) {
    set_null(out);
    return kOk;
  }
  return convert_node(ctx, field_of(node_of(object), name), code, path, out);
}

int32_t slj_meta_get(Ctx* ctx, const Cell* meta, const char* key, const char* path, const char* code, Cell* out) {
  set_null(out);
  if (meta->null) return kOk;
  const Node* list = node_of(meta);
  if (!list || list->kind != kNodeArray) return kOk;
  std::string_view k(key);
  for (uint32_t i = 0; i < list->count; ++i) {
    const Node* entry = &node_items(list)[i];
    const Node* name = field_of(entry, "key");
    if (name && name->kind == kNodeString && node_text(name) == k)
      return convert_node(ctx, field_of(entry, "value"), code, std::string(path) + "[\"" + std::string(k) + "\"]", out);
  }
  return kOk;
}

uint64_t slj_list_count(const Cell* list, const char* code) {
  if (list->null || !list->lo) return 0;
  if (code_of(code).kind == 'N') {
    const Node* n = node_of(list);
    return n->kind == kNodeArray ? n->count : 0;
  }
  return list_of(list)->count;
}

int32_t slj_list_item(Ctx* ctx, const Cell* list, const char* code, uint64_t i, const char* path, Cell* out) {
  Code c = code_of(code);
  if (c.kind != 'N') {
    *out = list_of(list)->items[i];
    return kOk;
  }
  const Node* item = &node_items(node_of(list))[i];
  Code e = code_of(c.element);
  if (e.kind == 'o' || e.kind == 'j' || e.kind == 'a') {  // raw elements, as the interpreter's list holds them
    *out = Cell{reinterpret_cast<uint64_t>(item), 0, 0, is_null_node(item)};
    return kOk;
  }
  return convert_node(ctx, item, c.element, path, out);
}

}  // extern "C"
