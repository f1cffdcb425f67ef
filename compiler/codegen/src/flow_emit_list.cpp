// Lists written where they stand (a field's value): streamed element by element into the output, each at
// its place in the output list (`lines[2]`) counted across every `+` part and `if` branch, as the
// interpreter's append_written numbers them (docs/semantics.md, "Where a rejection points").
#include "flow_codes.hpp"
#include "flow_emitter.hpp"
#include "runtime/abi.hpp"
#include "syncloom/interp/value.hpp"

namespace syncloom::codegen::detail {
namespace {

/// May the written list be null as a whole? (`+` with a null part is null, and an `if` may choose null.)
bool may_be_null(const ir::Node& n) {
  if (!ir::written_by_element(n)) return !n.type || n.type->optional || n.type->kind == ir::Kind::kNull;
  switch (n.op) {
    case ir::Op::kListConcat: return may_be_null(*n.operands[0]) || may_be_null(*n.operands[1]);
    case ir::Op::kIf: return may_be_null(*n.operands[1]) || may_be_null(*n.operands[2]);
    default: return false;  // a `for` or a list literal is a list
  }
}

}  // namespace

void FlowEmitter::write_list(const ir::Node& n) {
  flush_text();
  bool nullable = may_be_null(n);
  WrittenList list{new_cell(), nullptr};
  store(list.count, 0, i64(0));
  llvm::Value* mark = nullptr;
  if (nullable) {
    mark = call_helper("slj_out_mark", {rt_ctx_});
    llvm::BasicBlock& entry = f_->getEntryBlock();
    entry_.SetInsertPoint(&entry, entry.getFirstInsertionPt());
    list.null_flag = entry_.CreateAlloca(b_.getInt1Ty());
    b_.CreateStore(b_.getFalse(), list.null_flag);
  }
  out_text("[");
  write_items(n, list);
  out_text("]");
  flush_text();
  if (!nullable) return;
  // A null part made the whole list null: what was written of it goes, `null` stands instead.
  auto* null_list = block("list.null");
  auto* done = block("list.done");
  b_.CreateCondBr(b_.CreateLoad(b_.getInt1Ty(), list.null_flag), null_list, done);
  b_.SetInsertPoint(null_list);
  call_helper("slj_out_truncate", {rt_ctx_, mark});
  call_helper("slj_out_raw", {rt_ctx_, cstr("null"), i64(4)});
  b_.CreateBr(done);
  b_.SetInsertPoint(done);
}

void FlowEmitter::write_items(const ir::Node& n, WrittenList& list) {
  if (!ir::written_by_element(n)) {
    // A list computed as a whole (a let, a read, a call): its elements follow those written so far.
    Val v = gen(n);
    char k = kind_of(v.code);
    if (k == 'x') return;  // it rejected
    if (k == 'n') {
      if (list.null_flag) b_.CreateStore(b_.getTrue(), list.null_flag);
      return;
    }
    if (k != 'L' && k != 'N') throw FlowUnsupported{"a written list of code " + v.code};
    flush_text();
    if (v.code[0] == '?') {
      if (!list.null_flag) throw FlowUnsupported{"a nullable list part without a null flag"};
      auto* null_part = block("items.null");
      auto* items = block("items");
      auto* done = block("items.done");
      b_.CreateCondBr(is_null(v.cell), null_part, items);
      b_.SetInsertPoint(null_part);
      b_.CreateStore(b_.getTrue(), list.null_flag);
      b_.CreateBr(done);
      b_.SetInsertPoint(items);
      check_write(call_helper("slj_out_items", {rt_ctx_, v.cell, cstr(v.code), field_ptr(list.count, 0)}));
      b_.CreateBr(done);
      b_.SetInsertPoint(done);
      return;
    }
    check_write(call_helper("slj_out_items", {rt_ctx_, v.cell, cstr(v.code), field_ptr(list.count, 0)}));
    return;
  }
  switch (n.op) {
    case ir::Op::kFor:
      loop(n, [&](const std::string&) {
        write_element(list, [&] {
          if (n.operands.size() > 1) {
            write_element_value(*n.operands[1]);
          } else {
            out_text("{");
            exec(n.body);
            out_text("}");
          }
        });
      });
      return;
    case ir::Op::kListConcat:
      write_items(*n.operands[0], list);
      write_items(*n.operands[1], list);
      return;
    case ir::Op::kIf: {
      flush_text();
      Val c = gen(*n.operands[0]);
      auto* then_block = block("list.then");
      auto* else_block = block("list.else");
      auto* done = block("list.endif");
      b_.CreateCondBr(truth(c), then_block, else_block);
      ++cond_depth_;
      b_.SetInsertPoint(then_block);
      write_items(*n.operands[1], list);
      flush_text();
      b_.CreateBr(done);
      b_.SetInsertPoint(else_block);
      write_items(*n.operands[2], list);
      flush_text();
      b_.CreateBr(done);
      --cond_depth_;
      b_.SetInsertPoint(done);
      return;
    }
    case ir::Op::kList:
      for (const auto& item : n.operands) write_element(list, [&] { write_element_value(*item); });
      return;
    default:
      throw FlowUnsupported{"a written list of an unexpected kind"};
  }
}

template <typename Body>
void FlowEmitter::write_element(WrittenList& list, Body body) {
  flush_text();
  llvm::Value* index = load(list.count, 0);
  auto* comma = block("item.comma");
  auto* item = block("item");
  b_.CreateCondBr(b_.CreateICmpNE(index, i64(0)), comma, item);
  b_.SetInsertPoint(comma);
  call_helper("slj_out_raw", {rt_ctx_, cstr(","), i64(1)});
  b_.CreateBr(item);
  b_.SetInsertPoint(item);
  if (value_depth_ == 0) {
    // The element's place goes where error paths find it: the k-th "[#]" of "lines[#].taxes[#].rate".
    size_t depth = 0;
    for (const auto& p : path_) depth += p == "[#]";
    if (depth >= size_t(rt::kMaxLoopDepth)) throw FlowUnsupported{"lists nested deeper than 16"};
    b_.CreateStore(index, context_slot(int(depth)));
  }
  enter("[#]");
  body();
  flush_text();
  leave();
  store(list.count, 0, b_.CreateAdd(index, i64(1)));
}

void FlowEmitter::write_element_value(const ir::Node& n) {
  if (ir::written_by_element(n)) {
    write_list(n);
    return;
  }
  write_value(gen(n));
}

llvm::Value* FlowEmitter::write_meta_entries(const std::vector<ir::Stmt>& entries) {
  // `[{"key":K,"value":V},...]` in assignment order; an entry whose value reaches `omit` is cut back out
  // (with its comma), and the entries after it take its place.
  out_text("[");
  WrittenList list{new_cell()};
  flush_text();
  store(list.count, 0, i64(0));
  for (const auto& entry : entries) {
    bool omittable = ir::may_omit(*entry.value, module_);
    OmitScope scope = omittable ? begin_omittable("entry") : OmitScope{};
    write_element(list, [&] {
      std::string key;
      interp::append_json_string(entry.name, key);
      out_text("{\"key\":" + key + ",\"value\":");
      enter("value");
      write_element_value(*entry.value);
      leave();
      out_text("}");
    });
    if (omittable) end_omittable(scope, "entry");
  }
  out_text("]");
  return list.count;
}

}  // namespace syncloom::codegen::detail
