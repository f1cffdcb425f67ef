// Function bodies: expression trees to straight-line code plus blocks for `if`, `and`, `or` and the
// error exits; integer overflow uses LLVM's with.overflow intrinsics, as the interpreter checks it.
#include "function_codegen.hpp"

#include <llvm/IR/Intrinsics.h>

#include <cstdlib>

namespace syncloom::codegen::detail {
namespace {

using ir::Kind;
using ir::Op;

/// Thrown during emission when a node is outside this stage's subset; the function is skipped.
struct Unsupported {
  std::string why;
};

bool scalar_ok(const ir::TypeRef& t) {
  return t && !t->optional && (t->kind == Kind::kInt || t->kind == Kind::kFloat || t->kind == Kind::kBool);
}

class FunctionEmitter {
 public:
  FunctionEmitter(const ir::Module& module, llvm::Module& out, const std::vector<std::string>& unsupported,
                  const ir::Function& fn, llvm::Function* f)
      : module_(module), out_(out), unsupported_(unsupported), fn_(fn), f_(f), b_(out.getContext()) {}

  void emit() {
    auto& ctx = out_.getContext();
    auto* entry = llvm::BasicBlock::Create(ctx, "entry", f_);
    b_.SetInsertPoint(entry);
    llvm::Value* args = f_->getArg(0);
    for (size_t i = 0; i < fn_.params.size(); ++i) {
      llvm::Value* slot = b_.CreateLoad(b_.getInt64Ty(), b_.CreateConstGEP1_64(b_.getInt64Ty(), args, i));
      params_.push_back(from_slot(slot, fn_.params[i]->kind));
    }
    llvm::Value* result = gen(*fn_.body);
    b_.CreateStore(to_slot(result, fn_.result->kind), f_->getArg(1));
    b_.CreateRet(b_.getInt32(0));
  }

 private:
  llvm::Value* from_slot(llvm::Value* v, Kind k) {
    if (k == Kind::kFloat) return b_.CreateBitCast(v, b_.getDoubleTy());
    if (k == Kind::kBool) return b_.CreateICmpNE(v, b_.getInt64(0));
    return v;
  }
  llvm::Value* to_slot(llvm::Value* v, Kind k) {
    if (k == Kind::kFloat) return b_.CreateBitCast(v, b_.getInt64Ty());
    if (k == Kind::kBool) return b_.CreateZExt(v, b_.getInt64Ty());
    return v;
  }

  /// Leaves the function with `status` when `failed` is true; continues in a fresh block otherwise.
  void fail_if(llvm::Value* failed, int32_t status) {
    auto& ctx = out_.getContext();
    auto* error = llvm::BasicBlock::Create(ctx, "fail", f_);
    auto* next = llvm::BasicBlock::Create(ctx, "ok", f_);
    b_.CreateCondBr(failed, error, next);
    b_.SetInsertPoint(error);
    b_.CreateRet(b_.getInt32(status));
    b_.SetInsertPoint(next);
  }

  llvm::Value* checked(llvm::Intrinsic::ID id, llvm::Value* a, llvm::Value* c) {
    llvm::Value* pair = b_.CreateBinaryIntrinsic(id, a, c);
    fail_if(b_.CreateExtractValue(pair, 1), 1);
    return b_.CreateExtractValue(pair, 0);
  }

  llvm::Value* finite(llvm::Value* v) {
    // |v| < inf is false for NaN and infinities alike.
    llvm::Value* abs = b_.CreateUnaryIntrinsic(llvm::Intrinsic::fabs, v);
    fail_if(b_.CreateFCmpUGE(abs, llvm::ConstantFP::getInfinity(b_.getDoubleTy())), 3);
    return v;
  }

  llvm::Value* gen(const ir::Node& n) {
    if (!scalar_ok(n.type) && n.op != Op::kCompare) throw Unsupported{"values of type " + (n.type ? n.type->to_string() : "?")};
    switch (n.op) {
      case Op::kConst:
        if (n.type->kind == Kind::kBool) return b_.getInt1(n.text == "true");
        if (n.type->kind == Kind::kInt) return b_.getInt64(std::strtoll(n.text.c_str(), nullptr, 10));
        return llvm::ConstantFP::get(b_.getDoubleTy(), std::strtod(n.text.c_str(), nullptr));
      case Op::kLocal:
        if (n.local < 0 || size_t(n.local) >= params_.size()) throw Unsupported{"local bindings"};
        return params_[size_t(n.local)];
      case Op::kConvert: {
        const ir::Node& from = *n.operands[0];
        if (!scalar_ok(from.type)) throw Unsupported{"conversion from " + from.type->to_string()};
        llvm::Value* v = gen(from);
        if (from.type->kind == Kind::kInt && n.type->kind == Kind::kFloat) return b_.CreateSIToFP(v, b_.getDoubleTy());
        throw Unsupported{"conversion to " + n.type->to_string()};
      }
      case Op::kNeg: {
        llvm::Value* v = gen(*n.operands[0]);
        if (n.type->kind == Kind::kFloat) return b_.CreateFNeg(v);
        return checked(llvm::Intrinsic::ssub_with_overflow, b_.getInt64(0), v);
      }
      case Op::kNot: return b_.CreateNot(gen(*n.operands[0]));
      case Op::kArith: return arith(n);
      case Op::kCompare: return compare(n);
      case Op::kAnd:
      case Op::kOr: return logic(n);
      case Op::kIf: return branch(n);
      case Op::kCallUser: return call(n);
      default: throw Unsupported{"this operation"};
    }
  }

  llvm::Value* arith(const ir::Node& n) {
    llvm::Value* a = gen(*n.operands[0]);
    llvm::Value* c = gen(*n.operands[1]);
    char op = n.text[0];
    if (n.type->kind == Kind::kFloat) {
      llvm::Value* r = op == '+' ? b_.CreateFAdd(a, c) : op == '-' ? b_.CreateFSub(a, c) : op == '*' ? b_.CreateFMul(a, c)
                     : op == '/' ? b_.CreateFDiv(a, c) : b_.CreateFRem(a, c);
      return finite(r);
    }
    if (n.type->kind != Kind::kInt) throw Unsupported{"arithmetic on " + n.type->to_string()};
    switch (op) {
      case '+': return checked(llvm::Intrinsic::sadd_with_overflow, a, c);
      case '-': return checked(llvm::Intrinsic::ssub_with_overflow, a, c);
      case '*': return checked(llvm::Intrinsic::smul_with_overflow, a, c);
      case '%':
        fail_if(b_.CreateICmpEQ(c, b_.getInt64(0)), 2);
        fail_if(b_.CreateAnd(b_.CreateICmpEQ(a, b_.getInt64(INT64_MIN)), b_.CreateICmpEQ(c, b_.getInt64(-1))), 1);
        return b_.CreateSRem(a, c);
      default: throw Unsupported{"integer `" + n.text + "`"};
    }
  }

  llvm::Value* compare(const ir::Node& n) {
    const ir::Node& l = *n.operands[0];
    const ir::Node& r = *n.operands[1];
    if (!scalar_ok(l.type) || !scalar_ok(r.type) || l.type->kind != r.type->kind) throw Unsupported{"comparison of these types"};
    llvm::Value* a = gen(l);
    llvm::Value* c = gen(r);
    const std::string& op = n.text;
    if (l.type->kind == Kind::kFloat) {
      // Ordered predicates: NaN never arrives (results are checked finite), so these match the interpreter.
      auto p = op == "==" ? llvm::CmpInst::FCMP_OEQ : op == "!=" ? llvm::CmpInst::FCMP_UNE : op == "<" ? llvm::CmpInst::FCMP_OLT
             : op == "<=" ? llvm::CmpInst::FCMP_OLE : op == ">" ? llvm::CmpInst::FCMP_OGT : llvm::CmpInst::FCMP_OGE;
      return b_.CreateFCmp(p, a, c);
    }
    // Bools compare as 0 < 1, like the interpreter.
    auto p = op == "==" ? llvm::CmpInst::ICMP_EQ : op == "!=" ? llvm::CmpInst::ICMP_NE : op == "<" ? llvm::CmpInst::ICMP_SLT
           : op == "<=" ? llvm::CmpInst::ICMP_SLE : op == ">" ? llvm::CmpInst::ICMP_SGT : llvm::CmpInst::ICMP_SGE;
    if (l.type->kind == Kind::kBool) {
      a = b_.CreateZExt(a, b_.getInt64Ty());
      c = b_.CreateZExt(c, b_.getInt64Ty());
    }
    return b_.CreateICmp(p, a, c);
  }

  llvm::Value* logic(const ir::Node& n) {
    auto& ctx = out_.getContext();
    bool is_and = n.op == Op::kAnd;
    llvm::Value* a = gen(*n.operands[0]);
    llvm::BasicBlock* from = b_.GetInsertBlock();
    auto* rhs = llvm::BasicBlock::Create(ctx, is_and ? "and.rhs" : "or.rhs", f_);
    auto* done = llvm::BasicBlock::Create(ctx, "logic.done", f_);
    if (is_and) b_.CreateCondBr(a, rhs, done);
    else b_.CreateCondBr(a, done, rhs);
    b_.SetInsertPoint(rhs);
    llvm::Value* c = gen(*n.operands[1]);
    llvm::BasicBlock* rhs_end = b_.GetInsertBlock();
    b_.CreateBr(done);
    b_.SetInsertPoint(done);
    llvm::PHINode* phi = b_.CreatePHI(b_.getInt1Ty(), 2);
    phi->addIncoming(b_.getInt1(!is_and), from);
    phi->addIncoming(c, rhs_end);
    return phi;
  }

  llvm::Value* branch(const ir::Node& n) {
    auto& ctx = out_.getContext();
    llvm::Value* cond = gen(*n.operands[0]);
    auto* then_bb = llvm::BasicBlock::Create(ctx, "then", f_);
    auto* else_bb = llvm::BasicBlock::Create(ctx, "else", f_);
    auto* done = llvm::BasicBlock::Create(ctx, "if.done", f_);
    b_.CreateCondBr(cond, then_bb, else_bb);
    b_.SetInsertPoint(then_bb);
    llvm::Value* a = gen(*n.operands[1]);
    llvm::BasicBlock* then_end = b_.GetInsertBlock();
    b_.CreateBr(done);
    b_.SetInsertPoint(else_bb);
    llvm::Value* c = gen(*n.operands[2]);
    llvm::BasicBlock* else_end = b_.GetInsertBlock();
    b_.CreateBr(done);
    b_.SetInsertPoint(done);
    llvm::PHINode* phi = b_.CreatePHI(a->getType(), 2);
    phi->addIncoming(a, then_end);
    phi->addIncoming(c, else_end);
    return phi;
  }

  llvm::Value* call(const ir::Node& n) {
    size_t index = size_t(n.index);
    if (!unsupported_[index].empty()) throw Unsupported{"a call to `" + module_.functions[index].name + "`, which is not compiled"};
    llvm::Function* callee = out_.getFunction(function_symbol(index));
    if (!callee) throw Unsupported{"a call to a later function"};
    const ir::Function& target = module_.functions[index];
    llvm::Value* args = b_.CreateAlloca(b_.getInt64Ty(), b_.getInt32(uint32_t(std::max<size_t>(1, n.operands.size()))));
    for (size_t i = 0; i < n.operands.size(); ++i)
      b_.CreateStore(to_slot(gen(*n.operands[i]), target.params[i]->kind), b_.CreateConstGEP1_64(b_.getInt64Ty(), args, i));
    llvm::Value* out = b_.CreateAlloca(b_.getInt64Ty());
    llvm::Value* status = b_.CreateCall(callee, {args, out});
    // A failure inside the callee fails the caller with the same status.
    auto& ctx = out_.getContext();
    auto* error = llvm::BasicBlock::Create(ctx, "call.fail", f_);
    auto* next = llvm::BasicBlock::Create(ctx, "call.ok", f_);
    b_.CreateCondBr(b_.CreateICmpNE(status, b_.getInt32(0)), error, next);
    b_.SetInsertPoint(error);
    b_.CreateRet(status);
    b_.SetInsertPoint(next);
    return from_slot(b_.CreateLoad(b_.getInt64Ty(), out), target.result->kind);
  }

  const ir::Module& module_;
  llvm::Module& out_;
  const std::vector<std::string>& unsupported_;
  const ir::Function& fn_;
  llvm::Function* f_;
  llvm::IRBuilder<> b_;
  std::vector<llvm::Value*> params_;
};

}  // namespace

std::string function_symbol(size_t index) { return "syncloom_fn_" + std::to_string(index); }

void emit_functions(const ir::Module& module, llvm::Module& out, std::vector<std::string>& unsupported) {
  auto& ctx = out.getContext();
  llvm::Type* i64p = llvm::Type::getInt64PtrTy(ctx);
  auto* type = llvm::FunctionType::get(llvm::Type::getInt32Ty(ctx), {i64p, i64p}, false);
  unsupported.assign(module.functions.size(), "");
  // Functions cannot recurse, and a callee is declared before its callers in every module sema accepts
  // only when declared earlier; a call to a later function is simply not compiled in this stage.
  for (size_t i = 0; i < module.functions.size(); ++i) {
    const ir::Function& fn = module.functions[i];
    bool signature_ok = scalar_ok(fn.result);
    for (const auto& p : fn.params) signature_ok = signature_ok && scalar_ok(p);
    if (!signature_ok) {
      unsupported[i] = "its signature uses types the JIT does not compile yet";
      continue;
    }
    auto* f = llvm::Function::Create(type, llvm::Function::ExternalLinkage, function_symbol(i), out);
    try {
      FunctionEmitter(module, out, unsupported, fn, f).emit();
    } catch (const Unsupported& u) {
      f->eraseFromParent();
      unsupported[i] = "it uses " + u.why;
    }
  }
}

}  // namespace syncloom::codegen::detail
