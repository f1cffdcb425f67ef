// Statements, loops and output: the flow function's frame, its `when` filter, and the target record
// written straight into the output buffer in statement order (the interpreter builds the same object and
// then serialises it; a rejected record's partial output is discarded either way).
#include <algorithm>

#include "flow_codes.hpp"
#include "flow_emitter.hpp"
#include "runtime/abi.hpp"
#include "syncloom/interp/value.hpp"

namespace syncloom::codegen::detail {
namespace {

std::string json_key(const std::string& name) {
  std::string out;
  interp::append_json_string(name, out);
  return out + ":";
}

}  // namespace

FlowEmitter::OmitScope FlowEmitter::begin_omittable(const std::string& what) {
  flush_text();
  OmitScope scope{call_helper("slj_out_mark", {rt_ctx_}), block((what + ".omitted").c_str())};
  omit_handlers_.push_back(scope.omitted);
  ++cond_depth_;  // the rest of the value may be skipped
  return scope;
}

void FlowEmitter::end_omittable(const OmitScope& scope, const std::string& what) {
  --cond_depth_;
  omit_handlers_.pop_back();
  auto* after = block((what + ".after").c_str());
  b_.CreateBr(after);
  b_.SetInsertPoint(scope.omitted);
  call_helper("slj_out_truncate", {rt_ctx_, scope.mark});
  b_.CreateBr(after);
  b_.SetInsertPoint(after);
}

void FlowEmitter::begin_function() {
  b_.SetInsertPoint(block("entry"));
  rt_ctx_ = f_->getArg(0);
  root_ = f_->getArg(1);
  locals_.assign(size_t(flow_.locals), Local{});
  names_ = &flow_.local_names;
}

void FlowEmitter::emit() {
  begin_function();
  if (flow_.when) {
    // A null filter (a missing field) keeps nothing, like false.
    Val keep = gen(*flow_.when);
    auto* body = block("body");
    auto* filtered = block("filtered");
    b_.CreateCondBr(truth(keep), body, filtered);
    b_.SetInsertPoint(filtered);
    b_.CreateRet(i32(rt::kFlowFiltered));
    b_.SetInsertPoint(body);
  }
  out_text("{");
  exec(flow_.body);
  out_text("}");
  flush_text();
  b_.CreateRet(i32(rt::kFlowOutput));
}

void FlowEmitter::emit_identity() {
  begin_function();
  // The key (nothing when the domain has none), then each idempotency part on a line of its own; a failure
  // names what was being computed: "key", "idempotency[1]".
  if (flow_.key) {
    path_ = {"key"};
    write_value(gen(*flow_.key));
    flush_text();
  }
  for (size_t i = 0; i < flow_.idempotency.size(); ++i) {
    path_ = {"idempotency[" + std::to_string(i) + "]"};
    out_text("\n");
    flush_text();
    write_value(gen(*flow_.idempotency[i]));
    flush_text();
  }
  path_.clear();
  b_.CreateRet(i32(rt::kFlowOutput));
}

void FlowEmitter::exec(const std::vector<ir::Stmt>& stmts) {
  // The commas between the object's fields are constants, until a field that may be left out (`omit`):
  // from there on, whether one is due depends on what was written, which a flag records.
  bool first = true;
  llvm::Value* wrote = nullptr;
  auto key_of = [&](const std::string& name) {
    if (!wrote) {
      std::string key = (first ? "" : ",") + json_key(name);
      first = false;
      return out_text(key);
    }
    flush_text();
    auto* comma = block("comma");
    auto* key = block("key");
    b_.CreateCondBr(b_.CreateLoad(b_.getInt1Ty(), wrote), comma, key);
    b_.SetInsertPoint(comma);
    call_helper("slj_out_raw", {rt_ctx_, cstr(","), i64(1)});
    b_.CreateBr(key);
    b_.SetInsertPoint(key);
    out_text(json_key(name));
  };
  auto written = [&] {
    if (wrote) b_.CreateStore(b_.getTrue(), wrote);
  };
  auto need_flag = [&] {
    if (wrote) return;
    flush_text();
    llvm::BasicBlock& entry = f_->getEntryBlock();
    entry_.SetInsertPoint(&entry, entry.getFirstInsertionPt());
    wrote = entry_.CreateAlloca(b_.getInt1Ty());
    b_.CreateStore(b_.getInt1(!first), wrote);
  };
  for (const auto& s : stmts) {
    switch (s.kind) {
      case ir::Stmt::Kind::kLet: {
        flush_text();
        Val v = gen(*s.value);
        Local& l = locals_.at(size_t(s.local));
        // The local is the value's cell: this statement is its only writer, and each execution (each loop
        // element) recomputes that cell before the local is read again.
        l.cell = v.cell;
        l.code = v.code;
        l.origin = value_origin(*s.value).value_or(local_name(s.local));
        l.layout = nullptr;
        if (s.value->op == ir::Op::kInput)
          l.layout = layout_at(s.value->local < 0 ? &flow_.input.root : locals_.at(size_t(s.value->local)).layout, s.value->path);
        else if (s.value->op == ir::Op::kLocal)
          l.layout = locals_.at(size_t(s.value->local)).layout;
        break;
      }
      case ir::Stmt::Kind::kCheck: {
        flush_text();
        Val v = gen(*s.value);
        fail_if(b_.CreateNot(truth(v)), s.message);
        break;
      }
      case ir::Stmt::Kind::kField: {
        bool omittable = ir::may_omit(*s.value, module_);
        if (omittable) need_flag();
        enter(s.name);
        // Reaching `omit` cuts back what the field wrote so far (its comma and key).
        OmitScope scope = omittable ? begin_omittable("field") : OmitScope{};
        if (ir::written_by_element(*s.value)) {
          // Streamed: the list is written as its elements are computed, never built.
          key_of(s.name);
          write_list(*s.value);
        } else {
          // The value first (it writes nothing, or cuts back what it wrote), then key and value together.
          flush_text();
          Val v = gen(*s.value);
          key_of(s.name);
          write_value(v);
        }
        flush_text();
        written();
        if (omittable) end_omittable(scope, "field");
        leave();
        break;
      }
      case ir::Stmt::Kind::kObject: {
        enter(s.name);
        key_of(s.name);
        out_text("{");
        exec(s.body);
        out_text("}");
        if (wrote) flush_text();
        written();
        leave();
        break;
      }
      case ir::Stmt::Kind::kMeta: {
        // When every entry may be left out, the list may end up empty: then the field goes too.
        bool omittable = std::all_of(s.body.begin(), s.body.end(), [&](const ir::Stmt& e) { return ir::may_omit(*e.value, module_); });
        if (omittable) need_flag();
        enter(s.name);
        llvm::Value* mark = nullptr;
        if (omittable) {
          flush_text();
          mark = call_helper("slj_out_mark", {rt_ctx_});
        }
        key_of(s.name);
        llvm::Value* count = write_meta_entries(s.body);
        flush_text();
        if (omittable) {
          auto* empty = block("meta.empty");
          auto* some = block("meta.some");
          auto* after = block("meta.after");
          b_.CreateCondBr(b_.CreateICmpEQ(load(count, 0), i64(0)), empty, some);
          b_.SetInsertPoint(empty);
          call_helper("slj_out_truncate", {rt_ctx_, mark});
          b_.CreateBr(after);
          b_.SetInsertPoint(some);
          written();
          b_.CreateBr(after);
          b_.SetInsertPoint(after);
        } else {
          written();
        }
        leave();
        break;
      }
    }
  }
}

void FlowEmitter::write_value(const Val& v) {
  char k = kind_of(v.code);
  if (k == 'n' || k == 'x') {
    out_text("null");
    return;
  }
  // One null-aware call per value, carrying the constant text before it (the field's key): a hundred-field
  // flow stays a straight line of calls.
  std::string prefix;
  std::swap(prefix, pending_text_);
  llvm::Value* text = cstr(prefix);
  llvm::Value* length = i64(int64_t(prefix.size()));
  switch (k) {
    case 's': call_helper("slj_out_string_cell", {rt_ctx_, text, length, v.cell}); break;
    case 'j': call_helper("slj_out_json_cell", {rt_ctx_, text, length, v.cell}); break;
    case 'i': call_helper("slj_out_int_cell", {rt_ctx_, text, length, v.cell}); break;
    case 'd': check_write(call_helper("slj_out_decimal_cell", {rt_ctx_, text, length, v.cell})); break;
    default:
      pending_text_ = prefix;
      flush_text();
      check_write(call_helper("slj_out_value", {rt_ctx_, v.cell, cstr(v.code)}));
      break;
  }
}

void FlowEmitter::loop(const ir::Node& n, const std::function<void(const std::string&)>& body) {
  flush_text();
  const ir::Node& source = *n.operands[0];
  Val list = gen(source);
  char k = kind_of(list.code);
  if (k != 'L' && k != 'N' && k != 'n') throw FlowUnsupported{"a loop over " + list.code};
  if (loop_depth_ >= rt::kMaxLoopDepth) throw FlowUnsupported{"loops nested deeper than 16"};
  std::string element = k == 'n' ? "a" : element_of(list.code);
  // A null list iterates as empty (docs/language.md §5); slj_list_count says 0 for it.
  llvm::Value* count = k == 'n' ? i64(0) : call_helper("slj_list_count", {list.cell, cstr(list.code)});
  llvm::Value* counters = new_cell();  // word 0: position
  store(counters, 0, i64(0));
  // The element's layout, for indexed reads through the loop variable.
  const ir::InputField* layout = nullptr;
  if (source.op == ir::Op::kInput)
    layout = layout_at(source.local < 0 ? &flow_.input.root : locals_.at(size_t(source.local)).layout, source.path);
  ++cond_depth_;  // the filter and the body run once per element, maybe never
  auto* head = block("for.head");
  auto* step = block("for.step");
  auto* next = block("for.next");
  auto* done = block("for.done");
  b_.CreateBr(head);
  b_.SetInsertPoint(head);
  llvm::Value* position = load(counters, 0);
  b_.CreateCondBr(b_.CreateICmpULT(position, count), step, done);
  b_.SetInsertPoint(step);
  Local& var = locals_.at(size_t(n.local));
  if (!var.cell) var.cell = new_cell();
  var.code = element;
  var.layout = layout;
  var.origin = element_origin(source, loop_depth_, local_name(n.local));
  if (k == 'N' && (kind_of(element) == 'o' || kind_of(element) == 'a')) {
    // An input array: the element is its node (fields convert when read); JSON null reads as null.
    llvm::Value* array = b_.CreateIntToPtr(load(list.cell, 0), node_type_->getPointerTo());
    llvm::Value* data = b_.CreateBitCast(b_.CreateLoad(b_.getInt8PtrTy(), b_.CreateStructGEP(node_type_, array, 3)), node_type_->getPointerTo());
    llvm::Value* node = b_.CreateGEP(node_type_, data, position);
    llvm::Value* kind = b_.CreateLoad(b_.getInt8Ty(), b_.CreateStructGEP(node_type_, node, 0));
    store(var.cell, 0, b_.CreatePtrToInt(node, b_.getInt64Ty()));
    store(var.cell, 3, b_.CreateZExt(b_.CreateICmpULE(kind, b_.getInt8(rt::kNodeNull)), b_.getInt64Ty()));
  } else {
    check(call_helper("slj_list_item", {rt_ctx_, list.cell, cstr(list.code), position, cstr(""), var.cell}));
  }
  // The element's position goes where origin templates find it: "shipping_lines[0].method_title".
  b_.CreateStore(position, context_slot(rt::kMaxLoopDepth + loop_depth_));
  // Reads memoized through this variable are stale now: a block, filled once the body is emitted, clears
  // their flags for each element.
  auto* reset = block("for.reset");
  auto* bound = block("for.bound");
  b_.CreateBr(reset);
  b_.SetInsertPoint(bound);
  bool memoizes = inline_depth_ == 0;
  if (memoizes) loop_locals_.insert(n.local);
  ++loop_depth_;
  if (n.filter) {
    Val keep = gen(*n.filter);
    auto* pass = block("for.pass");
    b_.CreateCondBr(truth(keep), pass, next);
    b_.SetInsertPoint(pass);
  }
  body(element);
  flush_text();
  --loop_depth_;
  if (memoizes) loop_locals_.erase(n.local);
  b_.CreateBr(next);
  {
    llvm::IRBuilderBase::InsertPointGuard guard(b_);
    b_.SetInsertPoint(reset);
    if (memoizes)
      for (auto& [key, memo] : memo_)
        if (memo.local == n.local) b_.CreateStore(b_.getFalse(), memo.flag);
    b_.CreateBr(bound);
  }
  b_.SetInsertPoint(next);
  store(counters, 0, b_.CreateAdd(load(counters, 0), i64(1)));
  b_.CreateBr(head);
  b_.SetInsertPoint(done);
  --cond_depth_;
}

Val FlowEmitter::for_value(const ir::Node& n) {
  flush_text();
  bool built = n.operands.size() == 1;
  std::string element = built ? "j" : "a";
  Val out{new_cell(), ""};
  call_helper("slj_list_new", {rt_ctx_, i64(0), out.cell});
  set_null(out.cell, false);
  // A list computed as a value: its elements have no place in the output yet (docs/semantics.md).
  ++value_depth_;
  loop(n, [&](const std::string&) {
    if (built) {
      // The element object is written to the buffer, then cut out into a JSON-text cell.
      llvm::Value* mark = call_helper("slj_out_mark", {rt_ctx_});
      out_text("{");
      exec(n.body);
      out_text("}");
      flush_text();
      llvm::Value* slot = call_helper("slj_list_push", {rt_ctx_, out.cell});
      call_helper("slj_out_cut", {rt_ctx_, mark, slot});
    } else {
      Val v = gen(*n.operands[1]);
      element = v.code;
      llvm::Value* slot = call_helper("slj_list_push", {rt_ctx_, out.cell});
      copy(slot, v.cell);
    }
  });
  --value_depth_;
  out.code = "L" + element;
  return out;
}

}  // namespace syncloom::codegen::detail
