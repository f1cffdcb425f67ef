// Expressions: one case per IR op, mirroring the interpreter's evaluator (compiler/interp/src/evaluator.cpp)
// case by case, including where null propagates and which errors `??` catches. The larger cases live in
// flow_emit_read/arith/logic/call.cpp.
#include <charconv>
#include <cstdlib>
#include <set>

#include "syncloom/stdlib/decimal.hpp"
#include "flow_codes.hpp"
#include "flow_emitter.hpp"
#include "runtime/abi.hpp"

namespace syncloom::codegen::detail {

using ir::Kind;
using ir::Op;

namespace {

/// Depends on the record only: no loop variable, parameter or let, no cross-reference lookup.
bool record_pure(const ir::Node& n) {
  if (n.op == Op::kLocal || n.op == Op::kRef || n.op == Op::kFor || (n.op == Op::kInput && n.local >= 0)) return false;
  for (const auto& o : n.operands)
    if (!record_pure(*o)) return false;
  return !n.filter;
}

bool worth_memoizing(const ir::Node& n, const std::set<int32_t>& loop_locals) {
  // A read through the current element of a loop: once per element (the loop resets it).
  if (n.op == Op::kInput && n.local >= 0) return loop_locals.count(n.local) > 0;
  switch (n.op) {
    case Op::kInput:
    case Op::kCall:
    case Op::kCallUser:
    case Op::kArith:
    case Op::kConcat:
    case Op::kTable:
    case Op::kMetaGet:
      return record_pure(n);
    default:
      return false;
  }
}

void memo_key(const ir::Node& n, std::string& key) {
  key += std::to_string(int(n.op)) + "(" + n.type->to_string() + "|" + n.text + "|" + std::to_string(n.index) + "|" +
         std::to_string(n.local) + "|" +
         (n.bang ? "!" : "") + (n.negated ? "~" : "");
  for (const auto& p : n.path) key += p + ".";
  for (const auto& o : n.operands) memo_key(*o, key);
  key += ")";
}

}  // namespace

Val FlowEmitter::gen(const ir::Node& n) {
  if (no_memo_ || !worth_memoizing(n, inline_depth_ == 0 ? loop_locals_ : std::set<int32_t>{})) return gen_uncached(n);
  std::string key;
  memo_key(n, key);
  Memo& m = memo_[key];
  m.local = n.op == Op::kInput ? n.local : -1;
  // Computed earlier on every path to here: the value is simply there.
  if (m.settled) return Val{m.cell, m.code, nullptr};
  if (!m.flag) {
    llvm::BasicBlock& entry = f_->getEntryBlock();
    entry_.SetInsertPoint(&entry, entry.getFirstInsertionPt());
    m.flag = entry_.CreateAlloca(b_.getInt1Ty());
    entry_.CreateStore(b_.getFalse(), m.flag);
    m.cell = new_cell();
  }
  auto* compute = block("memo.compute");
  auto* done = block("memo.done");
  b_.CreateCondBr(b_.CreateLoad(b_.getInt1Ty(), m.flag), done, compute);
  b_.SetInsertPoint(compute);
  Val v = gen_uncached(n);
  copy(m.cell, v.cell);
  b_.CreateStore(b_.getTrue(), m.flag);
  b_.CreateBr(done);
  b_.SetInsertPoint(done);
  m.code = v.code;
  // Emitted where every later statement of the flow passes through (not in a branch, a loop or the left
  // of a `??`): later uses need no flag test and no second copy of the computation.
  if (m.local < 0 && cond_depth_ == 0 && loop_depth_ == 0 && handlers_.empty()) m.settled = true;
  return Val{m.cell, m.code, v.literal};
}

Val FlowEmitter::gen_uncached(const ir::Node& n) {
  switch (n.op) {
    case Op::kConst: return constant(n);
    case Op::kInput: return read(n);
    case Op::kLocal: {
      const Local& l = locals_.at(size_t(n.local));
      if (!l.cell) throw FlowUnsupported{"a local read before it is bound"};
      return Val{l.cell, l.code};
    }
    case Op::kMember: {
      Val base = gen(*n.operands[0]);
      char element = (kind_of(base.code) == 'N' || kind_of(base.code) == 'L') ? kind_of(element_of(base.code)) : 'x';
      if ((element == 'o' || element == 'a') && n.type->kind == Kind::kList && n.type->element &&
          n.type->element->kind != Kind::kObject && n.type->element->kind != Kind::kList) {
        // A projection over a list of input objects held in a value (`ls.total`, `let ls = line_items`).
        std::string item = type_code(*n.type->element);
        Val out{new_cell(), (n.type->optional ? "?L" : "L") + item};
        std::optional<std::string> list = value_origin(*n.operands[0]);
        llvm::Value* base_path = list ? cstr(*list) : llvm::ConstantPointerNull::get(b_.getInt8PtrTy());
        check(call_helper("slj_member_items", {rt_ctx_, base.cell, cstr(base.code), cstr(n.text), base_path, cstr(item), out.cell}));
        return out;
      }
      if (kind_of(base.code) != 'o' && kind_of(base.code) != 'a') throw FlowUnsupported{"a member of a built object"};
      std::string code = type_code(*n.type);
      if (kind_of(code) == 'L' && n.type->element && (n.type->element->kind == Kind::kObject || n.type->element->kind == Kind::kAny))
        code = (n.type->optional ? "?N" : "N") + type_code(*n.type->element);
      Val out{new_cell(), code};
      std::string path = value_origin(n).value_or(n.text);
      check(call_helper("slj_member", {rt_ctx_, base.cell, cstr(n.text), cstr(path), cstr(code), out.cell}));
      return out;
    }
    case Op::kNeg: {
      Val v = gen(*n.operands[0]);
      Val out{new_cell(), v.code};
      copy(out.cell, v.cell);
      auto* done = block("neg.done");
      auto* work = block("neg");
      b_.CreateCondBr(is_null(v.cell), done, work);
      b_.SetInsertPoint(work);
      char k = kind_of(v.code);
      if (k == 'i') {
        llvm::Value* x = load(v.cell, 0);
        fail_if(b_.CreateICmpEQ(x, i64(INT64_MIN)), "integer overflow");
        store(out.cell, 0, b_.CreateNeg(x));
      } else if (k == 'd') {
        // The coefficient range is symmetric: negation cannot overflow (stdlib sl_decimal_negate).
        // Two's complement of the 128-bit coefficient in 64-bit halves (no i128 in the IR: it would send
        // the block from fast instruction selection to SelectionDAG).
        llvm::Value* lo = load(v.cell, 0);
        llvm::Value* hi = load(v.cell, 1);
        llvm::Value* borrow = b_.CreateZExt(b_.CreateICmpNE(lo, i64(0)), b_.getInt64Ty());
        store(out.cell, 0, b_.CreateNeg(lo));
        store(out.cell, 1, b_.CreateSub(b_.CreateNeg(hi), borrow));
      } else if (k == 'f') {
        store(out.cell, 0, b_.CreateBitCast(b_.CreateFNeg(b_.CreateBitCast(load(v.cell, 0), b_.getDoubleTy())), b_.getInt64Ty()));
      } else {
        throw FlowUnsupported{"negation of " + v.code};
      }
      b_.CreateBr(done);
      b_.SetInsertPoint(done);
      return out;
    }
    case Op::kNot: {
      Val v = gen(*n.operands[0]);
      Val out{new_cell(), "?b"};
      store(out.cell, 3, load(v.cell, 3));
      store(out.cell, 0, b_.CreateZExt(b_.CreateNot(truth(v)), b_.getInt64Ty()));
      return out;
    }
    case Op::kArith: return arith(n);
    case Op::kConcat:
    case Op::kListConcat: {
      Val a = gen(*n.operands[0]);
      Val c = gen(*n.operands[1]);
      // Lists concatenate within one representation: two input arrays give an input array, two built lists a
      // built list (merge_codes refuses a mix).
      std::string code = "s";
      if (n.op == Op::kListConcat) {
        code = merge_codes(a.code, c.code, type_code(*n.type));
        if (code[0] == '?') code = code.substr(1);
      }
      if (n.op == Op::kListConcat && (kind_of(a.code) == 'n' || kind_of(c.code) == 'n')) return null_val(code);
      Val out{new_cell(), code};
      set_null(out.cell, true);
      unless_null({a.cell, c.cell}, [&] {
        if (n.op == Op::kConcat) check(call_helper("slj_concat", {rt_ctx_, a.cell, c.cell, out.cell}));
        else check(call_helper("slj_list_concat", {rt_ctx_, a.cell, c.cell, cstr(code), out.cell}));
        set_null(out.cell, false);
      });
      return out;
    }
    case Op::kCompare: return compare(n);
    case Op::kAnd:
    case Op::kOr: return logic(n);
    case Op::kCoalesce: return coalesce(n);
    case Op::kIf: return choose(n);
    case Op::kIn: return in_list(n);
    case Op::kCall: return call(n);
    case Op::kCallUser: return call_user(n);
    case Op::kTable: return table(n);
    case Op::kRef: {
      Val key = gen(*n.operands[0]);
      std::string code = type_code(*n.type);
      Val out{new_cell(), code};
      check(call_helper("slj_ref", {rt_ctx_, cstr(n.text), key.cell, cstr(key.code), cstr(code), out.cell}));
      return out;
    }
    case Op::kList: return list_literal(n);
    case Op::kFor: return for_value(n);
    case Op::kObject: throw FlowUnsupported{"object values"};
    case Op::kConvert: return convert(n);
    case Op::kReject:
      fail_now(n.text);
      return null_val("x");
    case Op::kMetaGet: {
      Val meta = gen(*n.operands[0]);
      std::string code = type_code(*n.type);
      if (kind_of(code) == 'o' || kind_of(code) == 'L') throw FlowUnsupported{"meta_data values of type " + n.type->to_string()};
      Val out{new_cell(), code};
      std::string path = value_origin(*n.operands[0]).value_or("meta_data");
      check(call_helper("slj_meta_get", {rt_ctx_, meta.cell, cstr(n.text), cstr(path), cstr(code), out.cell}));
      return out;
    }
    case Op::kOmit:
      if (omit_handlers_.empty()) throw FlowUnsupported{"`omit` outside a field's value"};
      b_.CreateBr(omit_handlers_.back());
      b_.SetInsertPoint(block("omit.unreachable"));
      return null_val("x");
    case Op::kChanged: return changed(n);
  }
  throw FlowUnsupported{"an unknown operation"};
}

Val FlowEmitter::changed(const ir::Node& n) {
  // Without a previous version (null in the context) everything counts as changed, as in the interpreter.
  if (catch_all_) throw FlowUnsupported{"changed() inside changed()"};
  Val out{new_cell(), "b"};
  set_null(out.cell, false);
  store(out.cell, 0, i64(1));
  llvm::Value* previous = b_.CreateLoad(b_.getInt64Ty(), context_slot(rt::kCtxPrevious));
  auto* compare = block("changed.compare");
  auto* unknown = block("changed.unknown");
  auto* done = block("changed.done");
  b_.CreateCondBr(b_.CreateICmpEQ(previous, i64(0)), done, compare);
  b_.SetInsertPoint(compare);
  ++cond_depth_;
  Val now = gen(*n.operands[0]);
  // The argument again, over the previous version: the same reads from another root, no memos, and any
  // failure (a previous value that does not read as the schema says) meaning "changed".
  llvm::Value* saved_root = root_;
  root_ = b_.CreateIntToPtr(previous, node_type_->getPointerTo());
  ++no_memo_;
  catch_all_ = unknown;
  handlers_.push_back(nullptr);  // a `??` outside changed() does not catch failures on the previous version
  Val before = gen(*n.operands[0]);
  handlers_.pop_back();
  catch_all_ = nullptr;
  --no_memo_;
  root_ = saved_root;
  store(out.cell, 0, b_.CreateZExt(b_.CreateNot(equal(now, before)), b_.getInt64Ty()));
  --cond_depth_;
  b_.CreateBr(done);
  b_.SetInsertPoint(unknown);
  store(out.cell, 0, i64(1));
  b_.CreateBr(done);
  b_.SetInsertPoint(done);
  return out;
}

Val FlowEmitter::constant(const ir::Node& n) {
  std::string code = type_code(*n.type);
  Val out{new_cell(), code};
  set_null(out.cell, false);
  switch (n.type->kind) {
    case Kind::kNull: set_null(out.cell, true); return out;
    case Kind::kBool: store(out.cell, 0, i64(n.text == "true")); return out;
    case Kind::kString:
      store(out.cell, 0, b_.CreatePtrToInt(cstr(n.text), b_.getInt64Ty()));
      store(out.cell, 2, i64(int64_t(n.text.size())));
      out.literal = &n.text;
      return out;
    case Kind::kInt: {
      int64_t v = 0;
      auto [p, ec] = std::from_chars(n.text.data(), n.text.data() + n.text.size(), v);
      if (ec != std::errc() || p != n.text.data() + n.text.size()) throw FlowUnsupported{"the int literal " + n.text};
      store(out.cell, 0, i64(v));
      return out;
    }
    case Kind::kDecimal: {
      sl_decimal d;
      if (sl_decimal_parse(n.text.data(), n.text.size(), &d) != SL_OK) throw FlowUnsupported{"the decimal literal " + n.text};
      __extension__ typedef unsigned __int128 u128;
      auto bits = static_cast<u128>(d.coeff);
      store(out.cell, 0, i64(int64_t(uint64_t(bits))));
      store(out.cell, 1, i64(int64_t(uint64_t(bits >> 64))));
      store(out.cell, 2, i64(d.scale));
      return out;
    }
    case Kind::kFloat: {
      char* end = nullptr;
      double f = std::strtod(n.text.c_str(), &end);
      if (n.text.empty() || end != n.text.c_str() + n.text.size()) throw FlowUnsupported{"the float literal " + n.text};
      store(out.cell, 0, b_.CreateBitCast(llvm::ConstantFP::get(b_.getDoubleTy(), f), b_.getInt64Ty()));
      return out;
    }
    default: throw FlowUnsupported{"literals of type " + n.type->to_string()};
  }
}

}  // namespace syncloom::codegen::detail
