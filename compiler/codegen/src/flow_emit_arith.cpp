// Arithmetic, decimal fast paths, conversions and list literals.
#include <llvm/IR/Intrinsics.h>

#include "flow_codes.hpp"
#include "flow_emitter.hpp"
#include "runtime/abi.hpp"

namespace syncloom::codegen::detail {

using ir::Kind;
using ir::Op;

Val FlowEmitter::arith(const ir::Node& n) {
  Val a = gen(*n.operands[0]);
  Val c = gen(*n.operands[1]);
  std::string code = type_code(*n.type);
  Val out{new_cell(), code};
  set_null(out.cell, true);
  auto* done = block("arith.done");
  auto* work = block("arith");
  b_.CreateCondBr(b_.CreateOr(is_null(a.cell), is_null(c.cell)), done, work);
  b_.SetInsertPoint(work);
  char op = n.text[0];
  switch (n.type->kind) {
    case Kind::kInt: {
      llvm::Value* x = load(a.cell, 0);
      llvm::Value* y = load(c.cell, 0);
      llvm::Value* r = nullptr;
      auto checked = [&](llvm::Intrinsic::ID id) {
        llvm::Value* pair = b_.CreateBinaryIntrinsic(id, x, y);
        fail_if(b_.CreateExtractValue(pair, 1), "integer overflow");
        return b_.CreateExtractValue(pair, 0);
      };
      switch (op) {
        case '+': r = checked(llvm::Intrinsic::sadd_with_overflow); break;
        case '-': r = checked(llvm::Intrinsic::ssub_with_overflow); break;
        case '*': r = checked(llvm::Intrinsic::smul_with_overflow); break;
        case '%':
          fail_if(b_.CreateICmpEQ(y, i64(0)), "division by zero");
          fail_if(b_.CreateAnd(b_.CreateICmpEQ(x, i64(INT64_MIN)), b_.CreateICmpEQ(y, i64(-1))), "integer overflow");
          r = b_.CreateSRem(x, y);
          break;
        default: fail_now("unexpected integer operator"); r = i64(0);
      }
      store(out.cell, 0, r);
      break;
    }
    case Kind::kDecimal: {
      if (op != '+' && op != '-') {
        check(call_helper("slj_decimal_arith", {rt_ctx_, i32(op), a.cell, c.cell, out.cell}));
        break;
      }
      check(decimal_add(a.cell, c.cell, out.cell, op));
      break;
    }
    case Kind::kFloat: {
      llvm::Value* x = b_.CreateBitCast(load(a.cell, 0), b_.getDoubleTy());
      llvm::Value* y = b_.CreateBitCast(load(c.cell, 0), b_.getDoubleTy());
      llvm::Value* r = op == '+' ? b_.CreateFAdd(x, y) : op == '-' ? b_.CreateFSub(x, y) : op == '*' ? b_.CreateFMul(x, y)
                     : op == '/' ? b_.CreateFDiv(x, y) : b_.CreateFRem(x, y);
      llvm::Value* abs = b_.CreateUnaryIntrinsic(llvm::Intrinsic::fabs, r);
      fail_if(b_.CreateFCmpUGE(abs, llvm::ConstantFP::getInfinity(b_.getDoubleTy())), "float result is not finite");
      store(out.cell, 0, b_.CreateBitCast(r, b_.getInt64Ty()));
      break;
    }
    default: throw FlowUnsupported{"arithmetic on " + n.type->to_string()};
  }
  set_null(out.cell, false);
  b_.CreateBr(done);
  b_.SetInsertPoint(done);
  return out;
}

llvm::Value* FlowEmitter::decimal_add(llvm::Value* a, llvm::Value* c, llvm::Value* out, char op) {
  // Inline fast path, the stdlib's own: equal scales and coefficients that fit in 64 bits add in 128 bits
  // without leaving the 38-digit range. Everything else goes to the helper.
  auto fits64 = [&](llvm::Value* cell) { return b_.CreateICmpEQ(load(cell, 1), b_.CreateAShr(load(cell, 0), 63)); };
  llvm::Value* fast = b_.CreateAnd(b_.CreateICmpEQ(load(a, 2), load(c, 2)), b_.CreateAnd(fits64(a), fits64(c)));
  auto* inline_bb = block("dec.inline");
  auto* no_overflow = block("dec.fits");
  auto* helper_bb = block("dec.helper");
  auto* joined = block("dec.done");
  b_.CreateCondBr(fast, inline_bb, helper_bb);
  b_.SetInsertPoint(inline_bb);
  // In 64 bits with an overflow check (a sum past 64 bits takes the helper): no i128 in the IR, which
  // would send the block from fast instruction selection to SelectionDAG.
  llvm::Value* pair = b_.CreateBinaryIntrinsic(op == '+' ? llvm::Intrinsic::sadd_with_overflow : llvm::Intrinsic::ssub_with_overflow,
                                               load(a, 0), load(c, 0));
  b_.CreateCondBr(b_.CreateExtractValue(pair, 1), helper_bb, no_overflow);
  b_.SetInsertPoint(no_overflow);
  llvm::Value* r = b_.CreateExtractValue(pair, 0);
  llvm::Value* scale = load(a, 2);
  store(out, 0, r);
  store(out, 1, b_.CreateAShr(r, 63));
  store(out, 2, scale);
  store(out, 3, i64(0));
  b_.CreateBr(joined);
  b_.SetInsertPoint(helper_bb);
  llvm::Value* status = call_helper("slj_decimal_arith", {rt_ctx_, i32(op), a, c, out});
  b_.CreateBr(joined);
  b_.SetInsertPoint(joined);
  llvm::PHINode* result = b_.CreatePHI(b_.getInt32Ty(), 2);
  result->addIncoming(i32(rt::kOk), no_overflow);
  result->addIncoming(status, helper_bb);
  return result;
}

void FlowEmitter::unless_null(const std::vector<llvm::Value*>& cells, const std::function<void()>& work) {
  llvm::Value* any_null = b_.getFalse();
  for (llvm::Value* cell : cells) any_null = b_.CreateOr(any_null, is_null(cell));
  auto* done = block("present.done");
  auto* present = block("present");
  b_.CreateCondBr(any_null, done, present);
  b_.SetInsertPoint(present);
  work();
  b_.CreateBr(done);
  b_.SetInsertPoint(done);
}

Val FlowEmitter::convert(const ir::Node& n) {
  Val v = gen(*n.operands[0]);
  char from = kind_of(v.code);
  Kind to = n.type->kind;
  if (is_placeholder(v.code)) return null_val(type_code(*n.type));
  if ((from == 'i' && (to == Kind::kDecimal || to == Kind::kFloat)) || (from == 'd' && to == Kind::kFloat)) {
    Val out{new_cell(), type_code(*n.type)};
    set_null(out.cell, true);
    auto* done = block("convert.done");
    auto* work = block("convert");
    b_.CreateCondBr(is_null(v.cell), done, work);
    b_.SetInsertPoint(work);
    if (from == 'i' && to == Kind::kDecimal) {
      call_helper("slj_decimal_from_int", {load(v.cell, 0), out.cell});
    } else if (from == 'i') {
      store(out.cell, 0, b_.CreateBitCast(b_.CreateSIToFP(load(v.cell, 0), b_.getDoubleTy()), b_.getInt64Ty()));
    } else {
      store(out.cell, 0, b_.CreateBitCast(call_helper("slj_decimal_to_float", {v.cell}), b_.getInt64Ty()));
    }
    set_null(out.cell, false);
    b_.CreateBr(done);
    b_.SetInsertPoint(done);
    return out;
  }
  return v;  // the interpreter passes other values through unchanged
}

Val FlowEmitter::list_literal(const ir::Node& n) {
  std::vector<Val> items;
  for (const auto& op : n.operands) items.push_back(gen(*op));
  std::string element = n.type->element ? type_code(*n.type->element) : "a";
  for (const auto& item : items) element = merge_codes(element, item.code, element);
  Val out{new_cell(), "L" + element};
  llvm::Value* slots = call_helper("slj_list_new", {rt_ctx_, i64(int64_t(items.size())), out.cell});
  for (size_t i = 0; i < items.size(); ++i) copy(b_.CreateGEP(cell_type_, slots, i64(int64_t(i))), items[i].cell);
  set_null(out.cell, false);
  return out;
}

}  // namespace syncloom::codegen::detail
