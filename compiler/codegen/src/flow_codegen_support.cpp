// Cells, constants, runtime helper declarations and failure exits for the flow emitter.
#include <cstring>

#include "flow_emitter.hpp"
#include "runtime/abi.hpp"

namespace syncloom::codegen::detail {

llvm::StructType* node_type(llvm::LLVMContext& ctx) {
  if (auto* existing = llvm::StructType::getTypeByName(ctx, "slj.node")) return existing;
  auto* i8p = llvm::Type::getInt8PtrTy(ctx);
  return llvm::StructType::create(
      ctx, {llvm::Type::getInt8Ty(ctx), llvm::ArrayType::get(llvm::Type::getInt8Ty(ctx), 3), llvm::Type::getInt32Ty(ctx), i8p, i8p},
      "slj.node");
}

FlowEmitter::FlowEmitter(const ir::Module& module, const ir::Flow& flow, llvm::Module& out, llvm::Function* f)
    : module_(module), flow_(flow), out_(out), ctx_(out.getContext()), f_(f), b_(ctx_), entry_(ctx_) {
  auto* i64t = llvm::Type::getInt64Ty(ctx_);
  cell_type_ = llvm::StructType::getTypeByName(ctx_, "slj.cell");
  if (!cell_type_) cell_type_ = llvm::StructType::create(ctx_, {i64t, i64t, i64t, i64t}, "slj.cell");
  node_type_ = node_type(ctx_);
  static_assert(sizeof(rt::Node) == 24 && sizeof(rt::Cell) == 32, "the LLVM structs mirror these");
}

llvm::BasicBlock* FlowEmitter::block(const char* name) { return llvm::BasicBlock::Create(ctx_, name, f_); }

llvm::Value* FlowEmitter::new_cell() {
  // Allocas in the entry block, so loops do not grow the stack (and -O2's SROA can promote them).
  llvm::BasicBlock& entry = f_->getEntryBlock();
  entry_.SetInsertPoint(&entry, entry.getFirstInsertionPt());
  return entry_.CreateAlloca(cell_type_);
}

llvm::Value* FlowEmitter::field_ptr(llvm::Value* cell, unsigned index) { return b_.CreateStructGEP(cell_type_, cell, index); }
llvm::Value* FlowEmitter::load(llvm::Value* cell, unsigned index) { return b_.CreateLoad(b_.getInt64Ty(), field_ptr(cell, index)); }
void FlowEmitter::store(llvm::Value* cell, unsigned index, llvm::Value* v) { b_.CreateStore(v, field_ptr(cell, index)); }
llvm::Value* FlowEmitter::is_null(llvm::Value* cell) { return b_.CreateICmpNE(load(cell, 3), i64(0)); }
void FlowEmitter::set_null(llvm::Value* cell, bool null) { store(cell, 3, i64(null ? 1 : 0)); }

void FlowEmitter::copy(llvm::Value* to, llvm::Value* from) {
  // One memcpy instead of four loads and stores: a quarter of the IR, and SROA splits it just as well
  // (fast instruction selection turns it into four moves).
  b_.CreateMemCpy(to, llvm::MaybeAlign(8), from, llvm::MaybeAlign(8), sizeof(rt::Cell));
}

Val FlowEmitter::null_val(const std::string& code) {
  Val v{new_cell(), code};
  set_null(v.cell, true);
  return v;
}

llvm::Value* FlowEmitter::cstr(const std::string& s) {
  auto it = strings_.find(s);
  if (it != strings_.end()) return it->second;
  // Strings may hold NUL bytes (JSON "\u0000"): lengths always travel separately.
  auto* data = llvm::ConstantDataArray::getString(ctx_, s, true);
  auto* global = new llvm::GlobalVariable(out_, data->getType(), true, llvm::GlobalValue::PrivateLinkage, data, "str");
  global->setUnnamedAddr(llvm::GlobalValue::UnnamedAddr::Global);
  llvm::Constant* zero = llvm::ConstantInt::get(llvm::Type::getInt32Ty(ctx_), 0);
  llvm::Constant* ptr = llvm::ConstantExpr::getInBoundsGetElementPtr(data->getType(), global, llvm::ArrayRef<llvm::Constant*>{zero, zero});
  strings_[s] = ptr;
  return ptr;
}

llvm::Value* FlowEmitter::i64(int64_t v) { return llvm::ConstantInt::get(llvm::Type::getInt64Ty(ctx_), uint64_t(v), true); }
llvm::Value* FlowEmitter::i32(int32_t v) { return llvm::ConstantInt::get(llvm::Type::getInt32Ty(ctx_), uint64_t(uint32_t(v))); }

llvm::FunctionCallee FlowEmitter::helper(const std::string& name) {
  // Signatures in a compact spelling: result, then arguments. c ctx*, n node*, s i8*, v cell*,
  // l i64, p i64*, w i32, d double, 0 void.
  static const std::map<std::string, std::string> signatures = {
      {"slj_fail", "w:css"},
      {"slj_fail_where", "w:cs"},
      {"slj_write_failed", "0:cs"},
      {"slj_read", "w:cnssv"},
      {"slj_read_site", "w:cnsv"},
      {"slj_out_raw", "0:csl"},
      {"slj_out_value", "w:cvs"},
      {"slj_out_decimal", "w:cv"},
      {"slj_out_mark", "l:c"},
      {"slj_out_truncate", "0:cl"},
      {"slj_out_items", "w:cvsp"},
      {"slj_out_string_cell", "0:cslv"},
      {"slj_out_int_cell", "0:cslv"},
      {"slj_out_json_cell", "0:cslv"},
      {"slj_out_decimal_cell", "w:cslv"},
      {"slj_out_cut", "0:clv"},
      {"slj_decimal_arith", "w:cwvvv"},
      {"slj_decimal_compare", "w:vv"},
      {"slj_decimal_from_int", "0:lv"},
      {"slj_concat", "w:cvvv"},
      {"slj_compare", "w:vvs"},
      {"slj_equal", "w:cvvs"},
      {"slj_list_concat", "w:cvvsv"},
      {"slj_list_new", "v:clv"},
      {"slj_list_push", "v:cv"},
      {"slj_list_count", "l:vs"},
      {"slj_list_item", "w:cvslsv"},
      {"slj_member", "w:cvsssv"},
      {"slj_member_items", "w:cvssssv"},
      {"slj_meta_get", "w:cvsssv"},
      {"slj_decimal_to_float", "d:v"},
      {"slj_builtin", "w:csvwsswv"},
      {"slj_string_of_int", "w:clv"},
      {"slj_round", "w:cvlwv"},
      {"slj_lower", "w:cvv"},
      {"slj_upper", "w:cvv"},
      {"slj_trim", "w:cvv"},
      {"slj_sum", "w:cvsv"},
      {"slj_ref", "w:csvssv"},
      {"slj_fail_table", "w:csvs"},
      {"memcmp", "w:ssl"},
  };
  const std::string& sig = signatures.at(name);
  auto type_of = [&](char c) -> llvm::Type* {
    switch (c) {
      case 'c': return llvm::Type::getInt8PtrTy(ctx_);
      case 'n': return node_type_->getPointerTo();
      case 's': return llvm::Type::getInt8PtrTy(ctx_);
      case 'v': return cell_type_->getPointerTo();
      case 'l': return llvm::Type::getInt64Ty(ctx_);
      case 'p': return llvm::Type::getInt64PtrTy(ctx_);
      case 'w': return llvm::Type::getInt32Ty(ctx_);
      case 'd': return llvm::Type::getDoubleTy(ctx_);
      default: return llvm::Type::getVoidTy(ctx_);
    }
  };
  std::vector<llvm::Type*> params;
  for (size_t i = 2; i < sig.size(); ++i) params.push_back(type_of(sig[i]));
  auto callee = out_.getOrInsertFunction(name, llvm::FunctionType::get(type_of(sig[0]), params, false));
  if (auto* fn = llvm::dyn_cast<llvm::Function>(callee.getCallee())) fn->setDoesNotThrow();
  return callee;
}

llvm::Value* FlowEmitter::call_helper(const std::string& name, std::vector<llvm::Value*> args) {
  llvm::FunctionCallee callee = helper(name);
  auto* type = callee.getFunctionType();
  for (size_t i = 0; i < args.size(); ++i)
    if (args[i]->getType() != type->getParamType(unsigned(i))) args[i] = b_.CreateBitCast(args[i], type->getParamType(unsigned(i)));
  return b_.CreateCall(callee, args);
}

std::string FlowEmitter::where() const {
  std::string s;
  for (const auto& p : path_) s += (s.empty() || p.front() == '[' ? "" : ".") + p;
  return s;
}

void FlowEmitter::check_write(llvm::Value* status) {
  // An object built as a value (`let xs = for ...`) is never written to the output, and the interpreter
  // writes values only there: a value in it that could not be written fails nothing.
  if (value_depth_ > 0) return;
  auto* failed = block("write.failed");
  auto* ok = block("write.ok");
  b_.CreateCondBr(b_.CreateICmpNE(status, i32(rt::kOk)), failed, ok);
  b_.SetInsertPoint(failed);
  call_helper("slj_write_failed", {rt_ctx_, cstr(where())});
  b_.CreateBr(ok);
  b_.SetInsertPoint(ok);
}

void FlowEmitter::check(llvm::Value* status) {
  // Each call site costs one compare and branch; the failure side is a dispatch block shared by every call
  // with the same `??` handler and error path, which reads the status back from a slot.
  if (!status_slot_) {
    llvm::BasicBlock& entry = f_->getEntryBlock();
    entry_.SetInsertPoint(&entry, entry.getFirstInsertionPt());
    status_slot_ = entry_.CreateAlloca(b_.getInt32Ty());
  }
  llvm::BasicBlock* handler = handlers_.empty() ? nullptr : handlers_.back();
  std::string key = "\x01" + where() + "\x02" + std::to_string(reinterpret_cast<uintptr_t>(handler)) + "\x03" +
                    std::to_string(reinterpret_cast<uintptr_t>(catch_all_));
  auto& dispatch = fail_blocks_[key];
  if (!dispatch) {
    llvm::IRBuilderBase::InsertPointGuard guard(b_);
    // Inside changed()'s look at the previous version, a failure is not the record's: it goes there.
    llvm::BasicBlock* exit_block = catch_all_;
    if (!exit_block) {
      auto& exit = fail_blocks_["\x01" + where()];
      if (!exit) {
        exit = block("reject");
        b_.SetInsertPoint(exit);
        call_helper("slj_fail_where", {rt_ctx_, cstr(where())});
        b_.CreateRet(i32(rt::kFlowRejected));
      }
      exit_block = exit;
    }
    llvm::BasicBlock* exit = exit_block;
    if (handler) {
      dispatch = block("failed");
      b_.SetInsertPoint(dispatch);
      llvm::Value* saved = b_.CreateLoad(b_.getInt32Ty(), status_slot_);
      b_.CreateCondBr(b_.CreateICmpEQ(saved, i32(rt::kConversionError)), handler, exit);
    } else {
      dispatch = exit;
    }
  }
  if (handler) b_.CreateStore(status, status_slot_);
  auto* ok = block("ok");
  b_.CreateCondBr(b_.CreateICmpEQ(status, i32(rt::kOk)), ok, dispatch);
  b_.SetInsertPoint(ok);
}

void FlowEmitter::fail_if(llvm::Value* failed, const std::string& reason) {
  if (catch_all_) {
    auto* ok = block("ok");
    b_.CreateCondBr(failed, catch_all_, ok);
    b_.SetInsertPoint(ok);
    return;
  }
  std::string key = reason + "\x01" + where();
  auto& exit = fail_blocks_[key];
  if (!exit) {
    llvm::IRBuilderBase::InsertPointGuard guard(b_);
    exit = block("reject");
    b_.SetInsertPoint(exit);
    call_helper("slj_fail", {rt_ctx_, cstr(reason), cstr(where())});
    b_.CreateRet(i32(rt::kFlowRejected));
  }
  auto* ok = block("ok");
  b_.CreateCondBr(failed, exit, ok);
  b_.SetInsertPoint(ok);
}

void FlowEmitter::fail_now(const std::string& reason) {
  fail_if(b_.getTrue(), reason);
  // What follows is unreachable; it still needs a block to go on emitting into.
}

void FlowEmitter::out_text(const std::string& text) { pending_text_ += text; }

void FlowEmitter::flush_text() {
  if (pending_text_.empty()) return;
  call_helper("slj_out_raw", {rt_ctx_, cstr(pending_text_), i64(int64_t(pending_text_.size()))});
  pending_text_.clear();
}

std::string FlowEmitter::type_code(const ir::Type& t) {
  std::string code = t.optional ? "?" : "";
  switch (t.kind) {
    case ir::Kind::kNever: return code + "x";
    case ir::Kind::kNull: return code + "n";
    case ir::Kind::kBool: return code + "b";
    case ir::Kind::kInt: return code + "i";
    case ir::Kind::kDecimal: return code + "d";
    case ir::Kind::kFloat: return code + "f";
    case ir::Kind::kString: return code + "s";
    case ir::Kind::kDate: return code + "D";
    case ir::Kind::kTimestamp: return code + "t";
    case ir::Kind::kAny: return code + "a";
    case ir::Kind::kObject: return code + "o";
    case ir::Kind::kList: return code + "L" + (t.element ? type_code(*t.element) : std::string("a"));
  }
  return code + "a";
}

const ir::InputField* FlowEmitter::layout_at(const ir::InputField* layout, const std::vector<std::string>& path) {
  for (size_t i = 0; i < path.size(); ++i) {
    // The base is an object (the record) or an element of a list whose children apply to each element;
    // below it only objects keep the fixed-block shape (a list on the way would project).
    bool fixed = layout && !layout->whole &&
                 (layout->shape == ir::InputField::Shape::kObject || (i == 0 && layout->shape == ir::InputField::Shape::kList));
    if (!fixed) return nullptr;
    const ir::InputField* next = nullptr;
    for (const auto& c : layout->children)
      if (c.name == path[i]) next = &c;
    layout = next;
  }
  return layout;
}

}  // namespace syncloom::codegen::detail
