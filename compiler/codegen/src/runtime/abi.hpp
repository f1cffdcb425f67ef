// The contract between generated flow code and the JIT runtime: the decoded input (Node), the value cell
// (Cell), the per-record context (Ctx), type codes, and the helper functions generated code calls.
// Generated code sees these as plain LLVM structs and C symbols; the object cache stores code that
// refers to helpers by name only, so no host address is ever baked into an object file.
#pragma once

#include <cstdint>

namespace syncloom::codegen::rt {

// ---------------------------------------------------------------------------------------------------
// Decoded input. The decoder fills exactly the fields of the flow's InputLayout: an object read
// through its layout becomes a *fixed block* (one Node per layout child, in layout order, absent fields
// kMissing, `keys` pointing at the layout's names); a value read whole becomes a *generic* tree (every
// field in document order, `keys` pointing at the arena). Strings are unescaped, numbers keep their text.
// Everything lives until the next record.
enum NodeKind : uint8_t {
  kNodeMissing = 0,
  kNodeNull = 1,
  kNodeFalse = 2,
  kNodeTrue = 3,
  kNodeNumber = 4,  ///< data: the number's text as written, count: its length
  kNodeString = 5,  ///< data: unescaped UTF-8 (validated), count: its length
  kNodeArray = 6,   ///< data: Node[count]
  kNodeObject = 7,  ///< data: Node[count] values, keys: Key[count] names (first occurrence wins)
};

struct Key {
  const char* data;
  uint64_t len;
};

struct Node {  // 24 bytes; LLVM: { i8, [3 x i8], i32, ptr, ptr }
  uint8_t kind;
  uint8_t pad[3];
  uint32_t count;
  const void* data;
  const Key* keys;
};

// ---------------------------------------------------------------------------------------------------
// A value of static type T, 32 bytes; LLVM: { i128, i64, i64 }. Which words mean what depends on T's
// type code (below):
//   b bool      lo = 0/1                   i int        lo = int64
//   f float     lo = the double's bits     d decimal    lo,hi = int128 coefficient, b = scale
//   s string    lo = const char*, b = len  D date       lo = days since 1970-01-01
//   t timestamp lo = micros (UTC)          j object     lo = const char* JSON text, b = len (built by a `for`)
//   o object    lo = const Node* (input)   a any        lo = const Node* (input)
//   L list      lo = const List*           N list       lo = const Node* (an input array, elements unconverted)
// `null` is 1 when the value is null (then the other words are unspecified).
struct Cell {
  uint64_t lo;
  uint64_t hi;
  int64_t b;
  int64_t null;
};

/// A list built at run time (arena): `count` cells of the element type.
struct List {
  uint64_t count;
  const Cell* items;
};

// Type codes: a compact, host-independent spelling of an IR type *and* its run-time representation,
// passed to helpers as NUL-terminated constants. Grammar: ['?'] kind, where kind is one of
// n b i f d s D t a x o j, or 'L' type (a List of cells), or 'N' type (an input array node; its element
// code is 'o' or 'a' or a scalar code converted on access). 'x' is `never`. '?' marks optional.

// ---------------------------------------------------------------------------------------------------
// Helper status codes (int32 returns).
enum Status : int32_t {
  kOk = 0,
  kRecordError = 1,      ///< the record fails; the reason is in the context
  kConversionError = 2,  ///< a fallible conversion failed: `??` may catch it, `!` and anything else reject
};

// Flow function results: int32 (*)(Ctx*, const Node* root).
enum FlowResult : int32_t {
  kFlowOutput = 0,    ///< the output object is in the context's buffer
  kFlowRejected = 1,  ///< reason and where are in the context
  kFlowFiltered = 3,  ///< `when` was false
};

inline constexpr int kMaxLoopDepth = 16;

/// Per-record, per-thread state. Generated code touches only `loop_index` and `loop_position` directly
/// (for error paths); everything else goes through helpers. `state` is the runtime's C++ side (arena,
/// output buffer, error, refs).
struct Ctx {
  /// The place in the output of each enclosing element being written, outermost first: the k-th "[#]" of a
  /// where template ("lines[#].taxes[#]") is loop_index[k].
  int64_t loop_index[kMaxLoopDepth];
  /// The position in its list of each enclosing loop's element (filtered or not), by loop nesting depth:
  /// origin templates (below) spell input paths with them ("shipping_lines[0]").
  int64_t loop_position[kMaxLoopDepth];
  /// The record's previous version, decoded like the record (changed() compares with it); null: none.
  const Node* previous;
  void* state;
};
/// Word index of Ctx::previous, for generated code (Ctx as an array of 64-bit words).
inline constexpr int kCtxPrevious = 2 * kMaxLoopDepth;

// Origin templates: how a read names its place in the input ("shipping_lines[0].method_title"), fixed at
// compile time but for the positions of the loops it reads through. Plain bytes, plus
//   kOriginPosition d          the position of the loop at depth d ('A' + d), in decimal;
//   kOriginChoose d A kOriginOr B ... kOriginEnd
//                              alternative number loop_position[d] (a loop over a list literal).
inline constexpr char kOriginPosition = '\x01';
inline constexpr char kOriginChoose = '\x02';
inline constexpr char kOriginOr = '\x03';
inline constexpr char kOriginEnd = '\x04';

/// A read's static description, a constant in the generated object (one per read in the flow).
struct ReadSite {
  int32_t nsteps;          ///< fixed-block indices below; -1: no fast path (only the walk)
  int32_t base_is_record;  ///< the base is the record root: its first step needs no object check
  int32_t nsegs;
  int32_t unused;
  const char* code;
  const char* path;        ///< the read's spelling for messages (an origin template), as slj_read
  const char* base;        ///< as slj_read_path
  const char* segs;        ///< as slj_read_path
  int32_t indices[1];      ///< nsteps of them (the struct is emitted with exactly that many)
};

}  // namespace syncloom::codegen::rt

// ---------------------------------------------------------------------------------------------------
// Helpers called by generated code. All take the context first; results go to `out` cells. Unless noted
// they return a Status. `where` arguments are the static error-path templates described in flow codegen:
// output path segments with "[#]" for each enclosing loop, replaced by Ctx::loop_index at failure time.
extern "C" {
using syncloom::codegen::rt::Cell;
using syncloom::codegen::rt::Ctx;
using syncloom::codegen::rt::Node;
using syncloom::codegen::rt::ReadSite;

// Memory and failure.
/// Records that the record fails here: `reason` (NUL-terminated) and the where template. Returns kRecordError.
int32_t slj_fail(Ctx* ctx, const char* reason, const char* where);
/// Sets the where template of the pending error (a helper already stored the reason). Returns kRecordError.
int32_t slj_fail_where(Ctx* ctx, const char* where);
/// A value at `where` (a template, as for slj_fail_where) could not be written, its reason in the context:
/// remembered, the first only, and reported when the flow ends without another failure.
void slj_write_failed(Ctx* ctx, const char* where);

// Input reads. `path` is the read's spelling for messages, an origin template ("billing.email",
// "line_items[\x01A].total").
/// Converts `node` (null pointer or kNodeMissing: missing) to type `code`, exactly as the interpreter's
/// convert_input: money strings to decimals, ints from numbers, "" as null for optional non-strings, ...
int32_t slj_read(Ctx* ctx, const Node* node, const char* code, const char* path, Cell* out);
/// The interpreter's path walk for a read of `nsegs` segments (`segs` separated by '\x1f') from `base`:
/// missing along the way reads as null, a list of objects on the way projects when `code` is a list.
/// `base_path` spells the base for messages (an origin template; "" for the record).
int32_t slj_read_path(Ctx* ctx, const Node* base, const char* segs, int32_t nsegs, const char* code, const char* base_path, Cell* out);
/// One read in one call: follows the fixed-block indices while every node on the way is an object, then
/// converts like slj_read; anything unexpected takes slj_read_path's walk (the exact messages).
int32_t slj_read_site(Ctx* ctx, const Node* base, const ReadSite* site, Cell* out);

// Output: appended to the record's output buffer.
void slj_out_raw(Ctx* ctx, const char* bytes, uint64_t len);
/// Writes `v` of type `code` as JSON, exactly as the interpreter's write_json. Status for non-finite floats.
int32_t slj_out_value(Ctx* ctx, const Cell* v, const char* code);
int32_t slj_out_decimal(Ctx* ctx, const Cell* v);
/// Writes the elements of list `v` (type `code`) into an open output array that already holds `*count`
/// elements: a comma before each but the array's first, `*count` advanced. Status as slj_out_value; a value
/// that cannot be written leaves its place below the list ("[3]") in the state's suffix.
int32_t slj_out_items(Ctx* ctx, const Cell* v, const char* code, int64_t* count);
// A cell after `n` bytes of constant text (the field's `,"key":`), or null after it.
void slj_out_string_cell(Ctx* ctx, const char* prefix, uint64_t n, const Cell* v);  ///< a string as JSON
void slj_out_int_cell(Ctx* ctx, const char* prefix, uint64_t n, const Cell* v);
void slj_out_json_cell(Ctx* ctx, const char* prefix, uint64_t n, const Cell* v);    ///< a `j` cell's text
int32_t slj_out_decimal_cell(Ctx* ctx, const char* prefix, uint64_t n, const Cell* v);
uint64_t slj_out_mark(Ctx* ctx);  ///< the buffer's length, to cut what follows into a value
void slj_out_truncate(Ctx* ctx, uint64_t mark);  ///< drops what was written since `mark`
/// Moves the output written since `mark` into an arena string cell (a `j` object or a list's JSON) and
/// truncates the buffer back to `mark`.
void slj_out_cut(Ctx* ctx, uint64_t mark, Cell* out);

// Values.
int32_t slj_decimal_arith(Ctx* ctx, int32_t op, const Cell* a, const Cell* b, Cell* out);  ///< op: + - * / %
int32_t slj_decimal_compare(const Cell* a, const Cell* b);                                   ///< -1, 0, 1
void slj_decimal_from_int(int64_t v, Cell* out);
int32_t slj_concat(Ctx* ctx, const Cell* a, const Cell* b, Cell* out);   ///< strings
int32_t slj_compare(const Cell* a, const Cell* b, const char* code);     ///< ordered compare of non-null values: -1, 0, 1
/// Equality as the interpreter defines it (null equals only null; lists and objects by their JSON).
int32_t slj_equal(Ctx* ctx, const Cell* a, const Cell* b, const char* code);
int32_t slj_list_concat(Ctx* ctx, const Cell* a, const Cell* b, const char* code, Cell* out);
/// A List of `count` cells in the arena (for list literals and `for`): the caller fills items.
Cell* slj_list_new(Ctx* ctx, uint64_t count, Cell* out);
/// Grows a list being built by a `for` (amortised); returns the slot for the new item.
Cell* slj_list_push(Ctx* ctx, Cell* list_cell);
/// Element count of a list of either representation (L or N by `code`); 0 for null.
uint64_t slj_list_count(const Cell* list, const char* code);
/// Element `i` of a list of either representation, converted to the element type (N lists of scalars
/// convert here, with messages naming `path`).
int32_t slj_list_item(Ctx* ctx, const Cell* list, const char* code, uint64_t i, const char* path, Cell* out);
/// The member `name` of an input object (type `code` of the result), as kMember: null base reads null.
/// `path` spells it for messages (an origin template).
int32_t slj_member(Ctx* ctx, const Cell* object, const char* name, const char* path, const char* code, Cell* out);
/// The projection `list.name` over a list of input objects (type `list_code`, N or L of o/a): an L list of
/// each element's member converted to `element_code`. `base_path` spells the list for messages (an origin
/// template; null: the member's name alone).
int32_t slj_member_items(Ctx* ctx, const Cell* list, const char* list_code, const char* name, const char* base_path,
                         const char* element_code, Cell* out);
/// meta_data value of `key` in an input meta_data list, converted to `code`; null when absent. `path`
/// spells the list for messages (an origin template).
int32_t slj_meta_get(Ctx* ctx, const Cell* meta, const char* key, const char* path, const char* code, Cell* out);
/// float(x) of a decimal for kConvert.
double slj_decimal_to_float(const Cell* v);

// Built-ins (docs/language.md §7): the interpreter's own implementation on converted values, so both
// engines agree by construction; the hot ones have native helpers below. `codes` is the argument type
// codes separated by ',', `result` the result's.
int32_t slj_builtin(Ctx* ctx, const char* name, const Cell* args, int32_t nargs, const char* codes, const char* result, int32_t index,
                    Cell* out);
int32_t slj_string_of_int(Ctx* ctx, int64_t v, Cell* out);
int32_t slj_round(Ctx* ctx, const Cell* v, int64_t scale, int32_t mode, Cell* out);
int32_t slj_lower(Ctx* ctx, const Cell* s, Cell* out);
int32_t slj_upper(Ctx* ctx, const Cell* s, Cell* out);
int32_t slj_trim(Ctx* ctx, const Cell* s, Cell* out);
int32_t slj_sum(Ctx* ctx, const Cell* list, const char* code, Cell* out);  ///< sum of an L list of int or decimal

// Cross-references: the RefResolver of the run, with the key written as the interpreter writes it.
int32_t slj_ref(Ctx* ctx, const char* domain, const Cell* key, const char* key_code, const char* result_code, Cell* out);
}

extern "C" {
/// kTable without a row: "table `<table>` has no row for null" (key null) or `... for "<key text>"`
/// (key a string cell holding the key's text). Returns kRecordError after recording reason and where.
int32_t slj_fail_table(Ctx* ctx, const char* table, const Cell* key_text, const char* where);
}
