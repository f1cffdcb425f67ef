// Flows to LLVM IR. Every IR value lives in a 32-byte cell (runtime/abi.hpp) held in an alloca of the
// entry block (most go to helpers by pointer; -O2 promotes the rest to registers). Output
// statements write JSON straight into the record's buffer; user functions are inlined (they are pure and
// cannot recurse); failures branch to exits that record the error path and return.
#pragma once

#include <llvm/IR/IRBuilder.h>
#include <llvm/IR/Intrinsics.h>
#include <llvm/IR/Module.h>

#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "syncloom/ir/module.hpp"

namespace syncloom::codegen::detail {

/// Thrown during emission when a flow uses something the JIT does not compile; the flow falls back.
struct FlowUnsupported {
  std::string why;
};

/// runtime/abi.hpp's Node as an LLVM struct: { i8 kind, [3 x i8], i32 count, i8* data, i8* keys }.
llvm::StructType* node_type(llvm::LLVMContext& ctx);

/// A value during emission: its cell and its type code (runtime/abi.hpp), which fixes the representation.
struct Val {
  llvm::Value* cell = nullptr;
  std::string code;
  const std::string* literal = nullptr;  ///< a string literal's text (comparisons with it compare words inline)
};

class FlowEmitter {
 public:
  FlowEmitter(const ir::Module& module, const ir::Flow& flow, llvm::Module& out, llvm::Function* f);
  void emit();
  /// The flow's identity function instead (driver.hpp IdentityFn): key and idempotency parts.
  void emit_identity();

 private:
  /// The entry block and the per-call state both functions start from.
  void begin_function();
  // Frames: the locals of the flow, or of an inlined user function.
  struct Local {
    llvm::Value* cell = nullptr;
    std::string code;
    const ir::InputField* layout = nullptr;  ///< the input layout of an object local, when known
    std::string origin;  ///< how messages name it in the input: an origin template (runtime/abi.hpp)
  };
  /// An output list being written: how many elements it has so far, and whether a part of it was null.
  struct WrittenList {
    llvm::Value* count;                 ///< a cell; word 0 counts the elements written
    llvm::Value* null_flag = nullptr;   ///< i1 alloca, when a part may be null
  };

  // ---- flow_emit_stmt.cpp: statements, output, loops
  /// Writes one object's statements (its braces are the caller's).
  void exec(const std::vector<ir::Stmt>& stmts);
  void write_value(const Val& v);
  Val for_value(const ir::Node& n);   ///< a `for` materialised as a list (a value: no output path)
  /// Emits the loop over `n`'s iterable; `body(element_code)` runs for each element that passes the filter.
  void loop(const ir::Node& n, const std::function<void(const std::string&)>& body);
  /// Path segments of the output being computed; inside a value (value_depth_ > 0) they stay as they are.
  void enter(std::string segment) {
    if (value_depth_ == 0) path_.push_back(std::move(segment));
  }
  void leave() {
    if (value_depth_ == 0) path_.pop_back();
  }
  /// i64* to word `index` of the context (0-15 loop_index, 16-31 loop_position).
  llvm::Value* context_slot(int index) {
    return b_.CreateGEP(b_.getInt64Ty(), b_.CreateBitCast(rt_ctx_, b_.getInt64Ty()->getPointerTo()), i64(index));
  }

  // ---- flow_emit_list.cpp: a list written where it stands (ir::written_by_element), element by element
  void write_list(const ir::Node& n);
  void write_items(const ir::Node& n, WrittenList& list);
  template <typename Body>
  void write_element(WrittenList& list, Body body);
  void write_element_value(const ir::Node& n);
  /// The entries of a meta_data list statement (ir::Stmt::Kind::kMeta); returns the cell counting those written.
  llvm::Value* write_meta_entries(const std::vector<ir::Stmt>& entries);

  // ---- flow_emit_read.cpp: origins, the input spelling of values for messages
  std::optional<std::string> value_origin(const ir::Node& n) const;
  /// The element of the list `n` iterated by the loop at depth `depth`; `fallback` (the loop variable's
  /// name) when the list is not in the input.
  std::string element_origin(const ir::Node& n, int depth, const std::string& fallback) const;
  std::string local_name(int32_t local) const;

  // ---- flow_emit_expr.cpp: expressions
  Val gen(const ir::Node& n);
  Val gen_uncached(const ir::Node& n);
  Val constant(const ir::Node& n);
  Val read(const ir::Node& n);
  Val arith(const ir::Node& n);
  Val compare(const ir::Node& n);
  Val logic(const ir::Node& n);
  Val coalesce(const ir::Node& n);
  Val choose(const ir::Node& n);
  /// `v` in representation `code` where they differ only by an empty list literal becoming an input array.
  Val coerce(const Val& v, const std::string& code);
  Val in_list(const ir::Node& n);
  Val call(const ir::Node& n);
  Val call_user(const ir::Node& n);
  /// `sum` over a field of a list of the record's objects as one loop (flow_emit_sum.cpp); nullopt when the
  /// call is not of that shape.
  std::optional<Val> fused_sum(const ir::Node& n);
  Val table(const ir::Node& n);
  Val changed(const ir::Node& n);
  Val convert(const ir::Node& n);
  Val list_literal(const ir::Node& n);
  /// Decimal a op b (op + or -) into `out`: inline for equal scales and 64-bit coefficients, else the
  /// helper; returns the status.
  llvm::Value* decimal_add(llvm::Value* a, llvm::Value* c, llvm::Value* out, char op);
  /// Emits `work` only when none of `cells` is null (the interpreter's null propagation).
  void unless_null(const std::vector<llvm::Value*>& cells, const std::function<void()>& work);
  /// i1: a == b as the interpreter's equal() (null equals only null).
  llvm::Value* equal(const Val& a, const Val& b);
  /// i1: the literal.size() bytes at `p` are `literal`'s, compared a word (8, 4, 2, 1 bytes) at a time.
  llvm::Value* equals_literal(llvm::Value* p, const std::string& literal);
  /// i1: the value is a non-null true.
  llvm::Value* truth(const Val& v);

  // ---- flow_codegen_support.cpp: cells, constants, helpers, failure exits
  llvm::Value* new_cell();
  llvm::Value* field_ptr(llvm::Value* cell, unsigned index);
  llvm::Value* load(llvm::Value* cell, unsigned index);
  void store(llvm::Value* cell, unsigned index, llvm::Value* v);
  llvm::Value* is_null(llvm::Value* cell);
  void set_null(llvm::Value* cell, bool null);
  void copy(llvm::Value* to, llvm::Value* from);
  Val null_val(const std::string& code);
  llvm::Value* cstr(const std::string& s);  ///< i8* to a NUL-terminated constant
  llvm::Value* i64(int64_t v);
  llvm::Value* i32(int32_t v);
  llvm::FunctionCallee helper(const std::string& name);
  llvm::Value* call_helper(const std::string& name, std::vector<llvm::Value*> args);
  /// Continues when `status` is kOk; otherwise a conversion error goes to the innermost `??` (when one
  /// is active) and everything else rejects the record at the current output path.
  void check(llvm::Value* status);
  /// After a write of a value: a value that cannot be written (a non-finite float) does not stop the flow.
  /// The interpreter writes the record only after every statement ran, so an error of evaluation further
  /// on must win; the first failed write is recorded with its path and reported if nothing else fails.
  void check_write(llvm::Value* status);
  /// Rejects the record at the current output path with `reason` when `failed` (i1) is true.
  void fail_if(llvm::Value* failed, const std::string& reason);
  void fail_now(const std::string& reason);
  std::string where() const;  ///< the current output path as a where template
  llvm::BasicBlock* block(const char* name);
  /// Output of constant JSON text is gathered and written in one call just before dynamic output.
  void out_text(const std::string& text);
  void flush_text();
  /// The code of a node's value when its representation follows from its type alone.
  static std::string type_code(const ir::Type& t);
  /// The input layout below `layout` reached by `path`, when every step is a known field of an object
  /// decoded as a fixed block; null otherwise.
  static const ir::InputField* layout_at(const ir::InputField* layout, const std::vector<std::string>& path);

  const ir::Module& module_;
  const ir::Flow& flow_;
  llvm::Module& out_;
  llvm::LLVMContext& ctx_;
  llvm::Function* f_;
  llvm::IRBuilder<> b_;
  llvm::IRBuilder<> entry_;  ///< inserts allocas at the top of the entry block
  llvm::StructType* cell_type_;
  llvm::StructType* node_type_;
  llvm::Value* rt_ctx_ = nullptr;
  llvm::Value* root_ = nullptr;
  std::vector<Local> locals_;
  const std::vector<std::string>* names_ = nullptr;  ///< the names of locals_ (flow's, or the inlined function's)
  std::vector<std::string> path_;       ///< output path: field names and "[#]" per enclosing written element
  int loop_depth_ = 0;                  ///< enclosing loops, whose positions are in Ctx::loop_position
  int value_depth_ = 0;                 ///< > 0: emitting a value not written where it stands
  std::vector<llvm::BasicBlock*> handlers_;  ///< `??` fallbacks for conversion errors; null: none (inside `!`)
  std::vector<llvm::BasicBlock*> omit_handlers_;  ///< where `omit` goes: the innermost field's "left out" exit
  /// Where a value that may reach `omit` begins: the output mark to cut back to, and its "left out" exit.
  struct OmitScope {
    llvm::Value* mark = nullptr;
    llvm::BasicBlock* omitted = nullptr;
  };
  /// Marks the output and makes `omit` below jump to a new "left out" exit (named `what`.omitted).
  OmitScope begin_omittable(const std::string& what);
  /// Closes the scope: falls through when nothing was omitted, else cuts the output back to the mark.
  void end_omittable(const OmitScope& scope, const std::string& what);
  /// Set while changed() evaluates its argument on the previous version: every failure goes here (the value
  /// counts as changed) instead of rejecting the record.
  llvm::BasicBlock* catch_all_ = nullptr;
  int no_memo_ = 0;  ///< > 0: computing on the previous version, whose values the record's memos do not hold
  std::string pending_text_;
  std::map<std::string, llvm::Value*> strings_;
  std::map<std::string, llvm::BasicBlock*> fail_blocks_;
  llvm::Value* status_slot_ = nullptr;  ///< the failed status, for dispatch blocks shared by many calls
  int inline_depth_ = 0;
  /// Values that depend on the record alone (a read, `sum(line_items.total)`, `order_ref(id)`) are computed
  /// once per record: a flag says whether the cell holds the value yet. LLVM removes the flag tests where
  /// the first computation dominates.
  struct Memo {
    llvm::Value* flag = nullptr;
    llvm::Value* cell = nullptr;
    std::string code;
    int32_t local = -1;  ///< the loop variable it reads through (reset per element), or -1: the record
    bool settled = false;  ///< computed on every path to the code emitted from now on
  };
  int cond_depth_ = 0;  ///< branches (if, and/or, ??, table rows, loops) around the code being emitted
  std::map<std::string, Memo> memo_;
  std::set<int32_t> loop_locals_;  ///< loop variables bound in the flow's own frame, where reads memoize
};

}  // namespace syncloom::codegen::detail
