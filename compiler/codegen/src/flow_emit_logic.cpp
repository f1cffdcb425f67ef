// Truth, equality and ordering, short-circuit logic, `??`, `if` and `in`, with the interpreter's null rules.
#include <cstring>
#include <functional>

#include "flow_codes.hpp"
#include "flow_emitter.hpp"
#include "runtime/abi.hpp"

namespace syncloom::codegen::detail {

using ir::Kind;
using ir::Op;

llvm::Value* FlowEmitter::truth(const Val& v) {
  if (kind_of(v.code) != 'b') return b_.getFalse();
  return b_.CreateAnd(b_.CreateNot(is_null(v.cell)), b_.CreateICmpNE(load(v.cell, 0), i64(0)));
}

llvm::Value* FlowEmitter::equal(const Val& a, const Val& c) {
  llvm::Value* na = is_null(a.cell);
  llvm::Value* nc = is_null(c.cell);
  llvm::Value* both_null = b_.CreateAnd(na, nc);
  llvm::BasicBlock* from = b_.GetInsertBlock();
  auto* values = block("eq.values");
  auto* done = block("eq.done");
  b_.CreateCondBr(b_.CreateOr(na, nc), done, values);
  b_.SetInsertPoint(values);
  std::string code = is_placeholder(a.code) ? c.code : a.code;
  char k = kind_of(code);
  llvm::Value* eq = nullptr;
  if (kind_of(a.code) != kind_of(c.code) && !is_placeholder(a.code) && !is_placeholder(c.code)) {
    eq = b_.getFalse();  // different types are never equal (the interpreter compares variant indices first)
  } else if (k == 'b' || k == 'i' || k == 'D' || k == 't') {
    eq = b_.CreateICmpEQ(load(a.cell, 0), load(c.cell, 0));
  } else if (k == 'f') {
    eq = b_.CreateFCmpOEQ(b_.CreateBitCast(load(a.cell, 0), b_.getDoubleTy()), b_.CreateBitCast(load(c.cell, 0), b_.getDoubleTy()));
  } else if (k == 's') {
    // Against a literal the length is a constant and the bytes are known: compare words inline.
    const std::string* literal = a.literal ? a.literal : c.literal;
    llvm::Value* len = literal ? i64(int64_t(literal->size())) : load(a.cell, 2);
    llvm::Value* same_len = b_.CreateAnd(b_.CreateICmpEQ(load(a.cell, 2), len), b_.CreateICmpEQ(load(c.cell, 2), len));
    llvm::BasicBlock* len_block = b_.GetInsertBlock();
    auto* bytes = block("eq.bytes");
    auto* joined = block("eq.joined");
    b_.CreateCondBr(same_len, bytes, joined);
    b_.SetInsertPoint(bytes);
    llvm::Value* pa = b_.CreateIntToPtr(load(a.cell, 0), b_.getInt8PtrTy());
    llvm::Value* pc = b_.CreateIntToPtr(load(c.cell, 0), b_.getInt8PtrTy());
    llvm::Value* same = literal ? equals_literal(a.literal ? pc : pa, *literal)
                                : b_.CreateICmpEQ(call_helper("memcmp", {pa, pc, len}), i32(0));
    llvm::BasicBlock* bytes_end = b_.GetInsertBlock();
    b_.CreateBr(joined);
    b_.SetInsertPoint(joined);
    llvm::PHINode* phi = b_.CreatePHI(b_.getInt1Ty(), 2);
    phi->addIncoming(b_.getFalse(), len_block);
    phi->addIncoming(same, bytes_end);
    eq = phi;
  } else if (k == 'd') {
    eq = b_.CreateICmpEQ(call_helper("slj_decimal_compare", {a.cell, c.cell}), i32(0));
  } else {
    // 1 equal, 0 not, -1 the values cannot be compared (the reason is stored): the record fails.
    llvm::Value* r = call_helper("slj_equal", {rt_ctx_, a.cell, c.cell, cstr(code)});
    check(b_.CreateSelect(b_.CreateICmpSLT(r, i32(0)), i32(rt::kRecordError), i32(rt::kOk)));
    eq = b_.CreateICmpSGT(r, i32(0));
  }
  llvm::BasicBlock* values_end = b_.GetInsertBlock();
  b_.CreateBr(done);
  b_.SetInsertPoint(done);
  llvm::PHINode* result = b_.CreatePHI(b_.getInt1Ty(), 2);
  result->addIncoming(both_null, from);
  result->addIncoming(eq, values_end);
  return result;
}

llvm::Value* FlowEmitter::equals_literal(llvm::Value* p, const std::string& literal) {
  // Unaligned loads of the other string against constants built from the literal's bytes in host order
  // (generated code runs on the host). Inline, so the fast instruction selector keeps the whole block
  // (it leaves memcmp calls to the full selector).
  llvm::Value* same = b_.getTrue();
  for (size_t at = 0; at < literal.size();) {
    size_t left = literal.size() - at;
    size_t width = left >= 8 ? 8 : left >= 4 ? 4 : left >= 2 ? 2 : 1;
    uint64_t word = 0;
    std::memcpy(&word, literal.data() + at, width);
    llvm::Type* type = b_.getIntNTy(unsigned(width * 8));
    llvm::Value* at_ptr = b_.CreateBitCast(b_.CreateConstInBoundsGEP1_64(b_.getInt8Ty(), p, at), type->getPointerTo());
    llvm::Value* bytes = b_.CreateAlignedLoad(type, at_ptr, llvm::MaybeAlign(1));
    same = b_.CreateAnd(same, b_.CreateICmpEQ(bytes, llvm::ConstantInt::get(type, word)));
    at += width;
  }
  return same;
}

Val FlowEmitter::compare(const ir::Node& n) {
  Val a = gen(*n.operands[0]);
  Val c = gen(*n.operands[1]);
  Val out{new_cell(), "b"};
  set_null(out.cell, false);
  const std::string& op = n.text;
  if (op == "==" || op == "!=") {
    llvm::Value* eq = equal(a, c);
    store(out.cell, 0, b_.CreateZExt(op == "==" ? eq : b_.CreateNot(eq), b_.getInt64Ty()));
    return out;
  }
  // Ordered comparison with null is false.
  store(out.cell, 0, i64(0));
  auto* done = block("cmp.done");
  auto* work = block("cmp");
  b_.CreateCondBr(b_.CreateOr(is_null(a.cell), is_null(c.cell)), done, work);
  b_.SetInsertPoint(work);
  char k = kind_of(a.code);
  llvm::Value* r = nullptr;
  if (k == 'i' || k == 'D' || k == 't' || k == 'b') {
    llvm::Value* x = load(a.cell, 0);
    llvm::Value* y = load(c.cell, 0);
    auto p = op == "<" ? llvm::CmpInst::ICMP_SLT : op == "<=" ? llvm::CmpInst::ICMP_SLE : op == ">" ? llvm::CmpInst::ICMP_SGT : llvm::CmpInst::ICMP_SGE;
    r = b_.CreateICmp(p, x, y);
  } else if (k == 'f') {
    llvm::Value* x = b_.CreateBitCast(load(a.cell, 0), b_.getDoubleTy());
    llvm::Value* y = b_.CreateBitCast(load(c.cell, 0), b_.getDoubleTy());
    auto p = op == "<" ? llvm::CmpInst::FCMP_OLT : op == "<=" ? llvm::CmpInst::FCMP_OLE : op == ">" ? llvm::CmpInst::FCMP_OGT : llvm::CmpInst::FCMP_OGE;
    r = b_.CreateFCmp(p, x, y);
  } else {
    llvm::Value* c3 = k == 'd' ? call_helper("slj_decimal_compare", {a.cell, c.cell}) : call_helper("slj_compare", {a.cell, c.cell, cstr(a.code)});
    auto p = op == "<" ? llvm::CmpInst::ICMP_SLT : op == "<=" ? llvm::CmpInst::ICMP_SLE : op == ">" ? llvm::CmpInst::ICMP_SGT : llvm::CmpInst::ICMP_SGE;
    r = b_.CreateICmp(p, c3, i32(0));
  }
  store(out.cell, 0, b_.CreateZExt(r, b_.getInt64Ty()));
  b_.CreateBr(done);
  b_.SetInsertPoint(done);
  return out;
}

Val FlowEmitter::logic(const ir::Node& n) {
  bool is_and = n.op == Op::kAnd;
  Val out{new_cell(), "b"};
  set_null(out.cell, false);
  Val a = gen(*n.operands[0]);
  llvm::Value* ta = truth(a);
  store(out.cell, 0, b_.CreateZExt(ta, b_.getInt64Ty()));
  auto* rhs = block(is_and ? "and.rhs" : "or.rhs");
  auto* done = block("logic.done");
  if (is_and) b_.CreateCondBr(ta, rhs, done);
  else b_.CreateCondBr(ta, done, rhs);
  b_.SetInsertPoint(rhs);
  ++cond_depth_;
  Val c = gen(*n.operands[1]);
  --cond_depth_;
  store(out.cell, 0, b_.CreateZExt(truth(c), b_.getInt64Ty()));
  b_.CreateBr(done);
  b_.SetInsertPoint(done);
  return out;
}

Val FlowEmitter::coerce(const Val& v, const std::string& code) {
  std::string from = v.code[0] == '?' ? v.code.substr(1) : v.code;
  if (from != "Lx" || kind_of(code) != 'N') return v;
  // An empty list literal where an input array is expected: a constant empty array node.
  auto* empty = out_.getGlobalVariable("slj.empty_array", true);
  if (!empty) {
    auto* i8p = llvm::Type::getInt8PtrTy(ctx_);
    auto* init = llvm::ConstantStruct::get(
        node_type_, {b_.getInt8(rt::kNodeArray), llvm::ConstantAggregateZero::get(llvm::ArrayType::get(b_.getInt8Ty(), 3)), b_.getInt32(0),
                     llvm::ConstantPointerNull::get(i8p), llvm::ConstantPointerNull::get(i8p)});
    empty = new llvm::GlobalVariable(out_, node_type_, true, llvm::GlobalValue::PrivateLinkage, init, "slj.empty_array");
  }
  Val out{new_cell(), code};
  copy(out.cell, v.cell);
  store(out.cell, 0, b_.CreatePtrToInt(empty, b_.getInt64Ty()));
  return out;
}

Val FlowEmitter::coalesce(const ir::Node& n) {
  auto* fallback = block("coalesce.rhs");
  auto* done = block("coalesce.done");
  llvm::Value* result = new_cell();
  // A conversion error anywhere on the left goes to the fallback, like the interpreter's catch. A left side
  // that builds objects in the output buffer may fail halfway through one: the fallback cuts that away.
  std::function<bool(const ir::Node&)> writes = [&](const ir::Node& x) {
    if (x.op == Op::kFor || x.op == Op::kTable || x.op == Op::kCallUser) return true;
    for (const auto& o : x.operands)
      if (writes(*o)) return true;
    return false;
  };
  bool cut = writes(*n.operands[0]);
  flush_text();
  llvm::Value* mark = cut ? call_helper("slj_out_mark", {rt_ctx_}) : nullptr;
  handlers_.push_back(fallback);
  Val a = gen(*n.operands[0]);
  handlers_.pop_back();
  llvm::BasicBlock* left_end = b_.GetInsertBlock();
  b_.SetInsertPoint(fallback);
  if (cut) call_helper("slj_out_cut", {rt_ctx_, mark, new_cell()});
  ++cond_depth_;
  Val c = gen(*n.operands[1]);
  --cond_depth_;
  std::string code = merge_codes(a.code, c.code, type_code(*n.type));
  copy(result, coerce(c, code).cell);
  b_.CreateBr(done);
  // The left side's copy goes in last, when the shared representation is known.
  b_.SetInsertPoint(left_end);
  copy(result, coerce(a, code).cell);
  b_.CreateCondBr(is_null(a.cell), fallback, done);
  b_.SetInsertPoint(done);
  return Val{result, code};
}

Val FlowEmitter::choose(const ir::Node& n) {
  Val cond = gen(*n.operands[0]);
  llvm::Value* result = new_cell();
  auto* then_bb = block("then");
  auto* else_bb = block("else");
  auto* done = block("if.done");
  b_.CreateCondBr(truth(cond), then_bb, else_bb);
  b_.SetInsertPoint(then_bb);
  ++cond_depth_;
  Val a = gen(*n.operands[1]);
  llvm::BasicBlock* then_end = b_.GetInsertBlock();
  b_.SetInsertPoint(else_bb);
  Val c = gen(*n.operands[2]);
  --cond_depth_;
  llvm::BasicBlock* else_end = b_.GetInsertBlock();
  std::string code = merge_codes(a.code, c.code, type_code(*n.type));
  b_.SetInsertPoint(then_end);
  copy(result, coerce(a, code).cell);
  b_.CreateBr(done);
  b_.SetInsertPoint(else_end);
  copy(result, coerce(c, code).cell);
  b_.CreateBr(done);
  b_.SetInsertPoint(done);
  return Val{result, code};
}

Val FlowEmitter::in_list(const ir::Node& n) {
  Val needle = gen(*n.operands[0]);
  Val out{new_cell(), "b"};
  set_null(out.cell, false);
  const ir::Node& hay = *n.operands[1];
  llvm::Value* found = new_cell();  // word 0: found so far
  store(found, 0, i64(0));
  if (hay.op == Op::kList) {
    // A literal list: compare against each element in turn, without building the list.
    std::vector<Val> items;
    for (const auto& item : hay.operands) items.push_back(gen(*item));
    for (const auto& item : items) {
      llvm::Value* eq = equal(needle, item);
      store(found, 0, b_.CreateOr(load(found, 0), b_.CreateZExt(eq, b_.getInt64Ty())));
    }
  } else {
    Val list = gen(hay);
    llvm::Value* count = call_helper("slj_list_count", {list.cell, cstr(list.code)});
    llvm::Value* i = new_cell();
    store(i, 0, i64(0));
    auto* head = block("in.head");
    auto* body = block("in.body");
    auto* done = block("in.done");
    b_.CreateBr(head);
    b_.SetInsertPoint(head);
    b_.CreateCondBr(b_.CreateICmpULT(load(i, 0), count), body, done);
    b_.SetInsertPoint(body);
    Val item{new_cell(), element_of(list.code)};
    check(call_helper("slj_list_item", {rt_ctx_, list.cell, cstr(list.code), load(i, 0), cstr(""), item.cell}));
    llvm::Value* eq = equal(needle, item);
    store(found, 0, b_.CreateOr(load(found, 0), b_.CreateZExt(eq, b_.getInt64Ty())));
    store(i, 0, b_.CreateAdd(load(i, 0), i64(1)));
    b_.CreateBr(head);
    b_.SetInsertPoint(done);
  }
  llvm::Value* f = b_.CreateICmpNE(load(found, 0), i64(0));
  store(out.cell, 0, b_.CreateZExt(n.negated ? b_.CreateNot(f) : f, b_.getInt64Ty()));
  return out;
}

}  // namespace syncloom::codegen::detail
