// The runtime's per-thread state behind Ctx::state, and the small pieces every runtime file shares:
// the arena, error recording, type-code spelling and decimal cells.
#pragma once

#include <cstring>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "runtime/abi.hpp"
#include "syncloom/interp/interpreter.hpp"
#include "syncloom/ir/module.hpp"
#include "syncloom/ir/type.hpp"
#include "syncloom/stdlib/buffer.hpp"
#include "syncloom/stdlib/decimal.hpp"

namespace syncloom::codegen::rt {

/// Bump allocator for one record's values. Blocks are kept across records (reset rewinds to the first),
/// so a thread that has seen its largest record allocates nothing more.
class Arena {
 public:
  void* alloc(size_t bytes) {
    bytes = (bytes + 15) & ~size_t(15);
    if (bytes <= left_) {
      char* p = cursor_;
      cursor_ += bytes;
      left_ -= bytes;
      return p;
    }
    return grow(bytes);
  }
  void reset();
  size_t blocks() const { return blocks_.size(); }  ///< for tests: blocks stop growing in the steady state

 private:
  void* grow(size_t bytes);
  struct Block {
    std::unique_ptr<char[]> data;
    size_t size;
  };
  std::vector<Block> blocks_;
  size_t current_ = 0;  ///< index of the block `cursor_` points into (blocks_.size() when none yet)
  char* cursor_ = nullptr;
  size_t left_ = 0;
};

struct State {
  // The decoder's simdjson parser and buffers (decoder.hpp). Behind a pointer so that simdjson's headers,
  // whose layouts depend on its compile definitions, stay inside the runtime's own files.
  struct Input;
  std::unique_ptr<Input> input;
  std::unique_ptr<Input> previous_input;  ///< for a record's previous version (changed()), made on first use
  Arena arena;
  std::string out;            ///< the record's output JSON
  std::string error;          ///< the pending failure's reason
  std::string suffix;         ///< a failed list conversion's element path ("[2]"), prefixed by the caller's
  const char* where = "";     ///< its where template ("lines[#].price")
  const interp::RefResolver* refs = nullptr;
  const ir::Module* module = nullptr;  ///< the running flow's module: bridged built-ins find their patterns and zones
  sl_buffer text{};           ///< scratch for stdlib text functions (emptied, never freed, between uses)
  std::string scratch;        ///< scratch for JSON text comparisons

  bool write_failed = false;  ///< a value could not be written (slj_write_failed); reported if nothing else fails
  std::string write_error;     ///< its reason
  std::string write_where;     ///< its path, loop indexes filled in

  State();
  State(const State&) = delete;
  State& operator=(const State&) = delete;
  ~State();
  void reset_record();
};

/// The where template with each "[#]" replaced, in order, by the enclosing loops' current indexes.
std::string expand_where(const char* where, const Ctx& ctx);
/// The origin template `t` (abi.hpp) spelt with the enclosing loops' current positions.
std::string expand_origin(std::string_view t, const Ctx& ctx);

/// This thread's state (created on first use).
State& thread_state();
inline State& st(Ctx* ctx) { return *static_cast<State*>(ctx->state); }

/// Records a failure reason; returns `status` so callers can `return fail(...)`.
inline int32_t fail_with(Ctx* ctx, std::string reason, int32_t status = kRecordError) {
  st(ctx).error = std::move(reason);
  return status;
}

/// A string copied into the arena (live until the next record).
inline const char* arena_copy(Ctx* ctx, const char* s, size_t n) {
  char* p = static_cast<char*>(st(ctx).arena.alloc(n ? n : 1));
  if (n) std::memcpy(p, s, n);
  return p;
}

// ---------------------------------------------------------------------------------------------------
// Type codes (abi.hpp): ['?'] kind, kind one of n b i f d s D t a x o j, or 'L'/'N' followed by the element.
struct Code {
  bool optional;
  char kind;
  const char* element;  ///< 'L', 'N': the element's code; else null
};
inline Code code_of(const char* c) {
  bool optional = *c == '?';
  if (optional) ++c;
  return {optional, *c, (*c == 'L' || *c == 'N') ? c + 1 : nullptr};
}
/// Length of the type code at `c` (codes are prefix-free, so one ends where its grammar does).
size_t code_length(const char* c);
/// The IR type a code spells, cached per thread (keyed by the code's address and checked by content).
const ir::Type& type_of_code(const char* code);
/// Uncached parse, for codes cut out of a longer string.
ir::TypeRef parse_code(std::string_view code);

// ---------------------------------------------------------------------------------------------------
// Cells.
__extension__ typedef unsigned __int128 u128;
inline sl_decimal decimal_of(const Cell* c) {
  sl_decimal d;
  d.coeff = sl_int128((u128(c->hi) << 64) | u128(c->lo));
  d.scale = int32_t(c->b);
  return d;
}
inline void set_decimal(Cell* c, sl_decimal d) {
  u128 u = u128(d.coeff);
  c->lo = uint64_t(u);
  c->hi = uint64_t(u >> 64);
  c->b = d.scale;
  c->null = 0;
}
inline void set_null(Cell* c) { *c = Cell{0, 0, 0, 1}; }
inline void set_string(Cell* c, const char* s, size_t n) { *c = Cell{reinterpret_cast<uint64_t>(s), 0, int64_t(n), 0}; }
inline std::string_view string_of(const Cell* c) { return {reinterpret_cast<const char*>(c->lo), size_t(c->b)}; }
inline const Node* node_of(const Cell* c) { return reinterpret_cast<const Node*>(c->lo); }
inline const List* list_of(const Cell* c) { return reinterpret_cast<const List*>(c->lo); }
inline bool is_null_node(const Node* n) { return !n || n->kind == kNodeMissing || n->kind == kNodeNull; }
inline std::string_view node_text(const Node* n) { return {static_cast<const char*>(n->data), n->count}; }
inline const Node* node_items(const Node* n) { return static_cast<const Node*>(n->data); }

// Shared between runtime files.
/// The interpreter's convert_input on a decoded node. On failure the reason *without* its path is in
/// State::error and the element path below the node in State::suffix; callers add "input `path`: ".
int32_t convert_raw(Ctx* ctx, const Node* node, const char* code, Cell* out);
/// convert_raw with the full message for a read at `path`.
int32_t convert_node(Ctx* ctx, const Node* node, const char* code, std::string_view path, Cell* out);
/// Field `name` of an object node (fixed or generic); null when absent, missing, or not an object.
const Node* field_of(const Node* object, std::string_view name);
/// Appends `v` of type `code` as the interpreter's write_json would; false with the reason in `error`.
bool write_cell(std::string& out, const Cell* v, const char* code, std::string& error);
/// Appends an input node as JSON (the raw value's write_json).
void write_node(std::string& out, const Node* n);
/// interp::append_json_string, without the std::string-per-call of going through a Value.
void write_string(std::string& out, std::string_view s);

}  // namespace syncloom::codegen::rt
