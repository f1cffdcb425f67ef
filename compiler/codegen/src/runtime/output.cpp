// JSON out, byte for byte as interp's write_json: exact decimal text, shortest round-trip floats, ISO 8601
// dates and timestamps, append_json_string's escapes, raw input numbers verbatim, objects in their order.
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstdlib>

#include "runtime/state.hpp"
#include "syncloom/interp/value.hpp"
#include "syncloom/stdlib/time.hpp"

namespace syncloom::codegen::rt {
namespace {

void write_int(std::string& out, int64_t v) {
  char buf[24];
  auto r = std::to_chars(buf, buf + sizeof buf, v);
  out.append(buf, size_t(r.ptr - buf));
}

bool write_decimal(std::string& out, sl_decimal d, std::string& error) {
  char buf[SL_DECIMAL_TEXT_MAX];
  size_t len = 0;
  if (sl_decimal_format(d, buf, &len) != SL_OK) {
    error = "invalid decimal value";
    return false;
  }
  out.append(buf, len);
  return true;
}

bool write_float(std::string& out, double f, std::string& error) {
  if (!std::isfinite(f)) {
    error = "a float result is not finite";
    return false;
  }
  // The interpreter's search for the shortest text that reads back as the same double.
  char buf[32];
  for (int precision = 1; precision <= 17; ++precision) {
    std::snprintf(buf, sizeof buf, "%.*g", precision, f);
    if (std::strtod(buf, nullptr) == f) break;
  }
  out += buf;
  return true;
}

/// A date or timestamp as its ISO text in a JSON string (stdlib formats it, as in the interpreter).
template <typename Fn>
bool write_time(std::string& out, Fn produce, std::string& error) {
  sl_buffer& b = thread_state().text;
  b.len = 0;
  sl_status s = produce(&b);
  if (s != SL_OK) {
    error = sl_status_message(s);
    return false;
  }
  write_string(out, std::string_view(b.data ? b.data : "", b.len));
  return true;
}

}  // namespace

void write_string(std::string& out, std::string_view s) { interp::append_json_string(s, out); }

void write_node(std::string& out, const Node* n) {
  if (!n) {
    out += "null";
    return;
  }
  switch (n->kind) {
    case kNodeMissing:
    case kNodeNull: out += "null"; return;
    case kNodeFalse: out += "false"; return;
    case kNodeTrue: out += "true"; return;
    case kNodeNumber: out.append(node_text(n)); return;
    case kNodeString: write_string(out, node_text(n)); return;
    case kNodeArray:
      out += '[';
      for (uint32_t i = 0; i < n->count; ++i) {
        if (i) out += ',';
        write_node(out, &node_items(n)[i]);
      }
      out += ']';
      return;
    case kNodeObject: {
      out += '{';
      bool first = true;
      for (uint32_t i = 0; i < n->count; ++i) {
        const Node* item = &node_items(n)[i];
        if (item->kind == kNodeMissing) continue;  // a fixed block's absent field
        if (!first) out += ',';
        first = false;
        write_string(out, std::string_view(n->keys[i].data, n->keys[i].len));
        out += ':';
        write_node(out, item);
      }
      out += '}';
      return;
    }
    default: out += "null"; return;
  }
}

bool write_cell(std::string& out, const Cell* v, const char* code, std::string& error) {
  if (v->null) {
    out += "null";
    return true;
  }
  Code c = code_of(code);
  switch (c.kind) {
    case 'b': out += v->lo ? "true" : "false"; return true;
    case 'i': write_int(out, int64_t(v->lo)); return true;
    case 'f': {
      double f;
      std::memcpy(&f, &v->lo, sizeof f);
      return write_float(out, f, error);
    }
    case 'd': return write_decimal(out, decimal_of(v), error);
    case 's': write_string(out, string_of(v)); return true;
    case 'D': return write_time(out, [&](sl_buffer* b) { return sl_date_to_text(int32_t(int64_t(v->lo)), b); }, error);
    case 't': return write_time(out, [&](sl_buffer* b) { return sl_timestamp_to_text(int64_t(v->lo), b); }, error);
    case 'j': out.append(string_of(v)); return true;
    case 'L': {
      const List* l = list_of(v);
      out += '[';
      for (uint64_t i = 0; i < l->count; ++i) {
        if (i) out += ',';
        if (!write_cell(out, &l->items[i], c.element, error)) {
          // The interpreter's write_json path: the failing value's place below this list.
          thread_state().suffix.insert(0, "[" + std::to_string(i) + "]");
          return false;
        }
      }
      out += ']';
      return true;
    }
    case 'N': {
      const Node* n = node_of(v);
      Code e = code_of(c.element);
      if (e.kind == 'o' || e.kind == 'j' || e.kind == 'a' || n->kind != kNodeArray) {
        write_node(out, n);
        return true;
      }
      // Scalar elements are converted values in the interpreter (a decimal string prints as a number).
      Ctx tmp{};
      tmp.state = &thread_state();
      out += '[';
      for (uint32_t i = 0; i < n->count; ++i) {
        if (i) out += ',';
        Cell item;
        if (convert_raw(&tmp, &node_items(n)[i], c.element, &item) != kOk) {
          error = thread_state().error;
          return false;
        }
        if (!write_cell(out, &item, c.element, error)) return false;
      }
      out += ']';
      return true;
    }
    default: write_node(out, node_of(v)); return true;  // o, a, n, x: the raw input value
  }
}

}  // namespace syncloom::codegen::rt

using namespace syncloom::codegen::rt;

extern "C" {

void slj_out_raw(Ctx* ctx, const char* bytes, uint64_t len) { st(ctx).out.append(bytes, size_t(len)); }

int32_t slj_out_value(Ctx* ctx, const Cell* v, const char* code) {
  State& s = st(ctx);
  s.suffix.clear();
  if (write_cell(s.out, v, code, s.error)) return kOk;
  return kRecordError;
}

int32_t slj_out_items(Ctx* ctx, const Cell* v, const char* code, int64_t* count) {
  State& s = st(ctx);
  s.suffix.clear();
  Code c = code_of(code);
  if (v->null) return kOk;
  if (c.kind == 'L') {
    const List* l = list_of(v);
    for (uint64_t i = 0; i < l->count; ++i) {
      if ((*count)++) s.out += ',';
      if (!write_cell(s.out, &l->items[i], c.element, s.error)) {
        s.suffix.insert(0, "[" + std::to_string(*count - 1) + "]");
        return kRecordError;
      }
    }
    return kOk;
  }
  // An input array: its JSON without the brackets (elements as write_cell writes them).
  size_t mark = s.out.size();
  if (!write_cell(s.out, v, code, s.error)) {
    s.suffix.clear();
    return kRecordError;
  }
  const Node* n = node_of(v);
  uint64_t items = n && n->kind == kNodeArray ? n->count : 0;
  std::string written = s.out.substr(mark + 1, s.out.size() - mark - 2);
  s.out.resize(mark);
  if (items) {
    if (*count) s.out += ',';
    s.out += written;
  }
  *count += int64_t(items);
  return kOk;
}

int32_t slj_out_decimal(Ctx* ctx, const Cell* v) {
  State& s = st(ctx);
  s.suffix.clear();
  if (v->null) {
    s.out += "null";
    return kOk;
  }
  if (write_decimal(s.out, decimal_of(v), s.error)) return kOk;
  return kRecordError;
}

// Null-aware writers of one cell after the constant text before it (a field's `,"key":`), so a field is one
// call in generated code: no branches around it, no second call for its key.
void slj_out_string_cell(Ctx* ctx, const char* prefix, uint64_t n, const Cell* v) {
  std::string& out = st(ctx).out;
  out.append(prefix, size_t(n));
  if (v->null) out += "null";
  else write_string(out, std::string_view(reinterpret_cast<const char*>(v->lo), size_t(v->b)));
}

void slj_out_int_cell(Ctx* ctx, const char* prefix, uint64_t n, const Cell* v) {
  std::string& out = st(ctx).out;
  out.append(prefix, size_t(n));
  if (v->null) out += "null";
  else write_int(out, int64_t(v->lo));
}

void slj_out_json_cell(Ctx* ctx, const char* prefix, uint64_t n, const Cell* v) {
  std::string& out = st(ctx).out;
  out.append(prefix, size_t(n));
  if (v->null) out += "null";
  else out.append(reinterpret_cast<const char*>(v->lo), size_t(v->b));
}

int32_t slj_out_decimal_cell(Ctx* ctx, const char* prefix, uint64_t n, const Cell* v) {
  st(ctx).out.append(prefix, size_t(n));
  return slj_out_decimal(ctx, v);
}

uint64_t slj_out_mark(Ctx* ctx) { return st(ctx).out.size(); }

void slj_out_truncate(Ctx* ctx, uint64_t mark) { st(ctx).out.resize(size_t(mark)); }

void slj_out_cut(Ctx* ctx, uint64_t mark, Cell* out) {
  State& s = st(ctx);
  size_t n = s.out.size() - size_t(mark);
  set_string(out, arena_copy(ctx, s.out.data() + mark, n), n);
  s.out.resize(size_t(mark));
}

}  // extern "C"
