// Expressions: one case per IR op, mirroring the interpreter's evaluator (compiler/interp/src/evaluator.cpp)
// case by case, including where null propagates and which errors `??` catches.
#include <llvm/IR/Intrinsics.h>

#include <charconv>
#include <functional>
#include <set>
#include <cstdlib>

#include "flow_emitter.hpp"
#include "runtime/abi.hpp"
#include "syncloom/stdlib/decimal.hpp"

namespace syncloom::codegen::detail {
namespace {

using ir::Kind;
using ir::Op;

/// The kind letter of a code ("?d" -> 'd', "LN..." -> 'L').
char kind_of(const std::string& code) { return code.empty() ? 'x' : code[0] == '?' ? (code.size() > 1 ? code[1] : 'x') : code[0]; }
/// The element code of a list code ("?Ld" -> "d").
std::string element_of(const std::string& code) {
  size_t at = code[0] == '?' ? 2 : 1;
  return at < code.size() ? code.substr(at) : "a";
}
bool is_placeholder(const std::string& code) { return kind_of(code) == 'n' || kind_of(code) == 'x'; }

/// The code two branches share: null and never fit anywhere; otherwise the representations must agree.
std::string merge_codes(const std::string& a, const std::string& b, const std::string& fallback) {
  if (is_placeholder(a)) return is_placeholder(b) ? fallback : b;
  if (is_placeholder(b)) return a;
  auto strip = [](const std::string& c) { return c[0] == '?' ? c.substr(1) : c; };
  // An empty list literal (elements of type never) takes the other side's representation (coerce()).
  if (strip(a) == "Lx" && (kind_of(b) == 'L' || kind_of(b) == 'N')) return a[0] == '?' && b[0] != '?' ? "?" + b : b;
  if (strip(b) == "Lx" && (kind_of(a) == 'L' || kind_of(a) == 'N')) return b[0] == '?' && a[0] != '?' ? "?" + a : a;
  if (strip(a) != strip(b)) throw FlowUnsupported{"branches of different representations (" + a + ", " + b + ")"};
  return a[0] == '?' ? a : b;
}

sl_rounding rounding_mode(const std::string& mode) { return sl_rounding_named(mode.data(), mode.size()); }

}  // namespace

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
  if (!worth_memoizing(n, inline_depth_ == 0 ? loop_locals_ : std::set<int32_t>{})) return gen_uncached(n);
  std::string key;
  memo_key(n, key);
  Memo& m = memo_[key];
  m.local = n.op == Op::kInput ? n.local : -1;
  // Computed earlier on every path to here: the value is simply there.
  if (m.settled) return Val{m.cell, m.code, -1};
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
  return Val{m.cell, m.code, v.literal_len};
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
      if (kind_of(base.code) != 'o' && kind_of(base.code) != 'a') throw FlowUnsupported{"a member of a built object"};
      std::string code = type_code(*n.type);
      if (kind_of(code) == 'L' && n.type->element && (n.type->element->kind == Kind::kObject || n.type->element->kind == Kind::kAny))
        code = (n.type->optional ? "?N" : "N") + type_code(*n.type->element);
      Val out{new_cell(), code};
      check(call_helper("slj_member", {rt_ctx_, base.cell, cstr(n.text), cstr(code), out.cell}));
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
      check(call_helper("slj_meta_get", {rt_ctx_, meta.cell, cstr(n.text), cstr(code), out.cell}));
      return out;
    }
    case Op::kChanged: {
      // No previous version outside the runtime: treated as changed, as the interpreter does.
      Val out{new_cell(), "b"};
      store(out.cell, 0, i64(1));
      set_null(out.cell, false);
      return out;
    }
  }
  throw FlowUnsupported{"an unknown operation"};
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
      out.literal_len = int64_t(n.text.size());
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

Val FlowEmitter::read(const ir::Node& n) {
  // The base: the record, or an input object in a local (a loop element, a let, a parameter).
  llvm::Value* base = nullptr;
  const ir::InputField* layout = nullptr;
  bool base_is_record = n.local < 0;
  if (base_is_record) {
    base = root_;
    layout = &flow_.input.root;
  } else {
    const Local& l = locals_.at(size_t(n.local));
    if (!l.cell || (kind_of(l.code) != 'o' && kind_of(l.code) != 'a')) throw FlowUnsupported{"a read from a local of code " + l.code};
    // A null local reads as a missing base: the runtime walk turns it into null or the schema error.
    llvm::Value* ptr = b_.CreateIntToPtr(load(l.cell, 0), node_type_->getPointerTo());
    base = b_.CreateSelect(is_null(l.cell), llvm::ConstantPointerNull::get(node_type_->getPointerTo()), ptr);
    layout = l.layout;
  }
  std::string code = type_code(*n.type);
  // A list of input objects read in one step stays the input array (elements convert when used); read
  // through more steps it may project over lists on the way, so it becomes a list of cells.
  if (kind_of(code) == 'L' && n.path.size() == 1 && n.type->element &&
      (n.type->element->kind == Kind::kObject || n.type->element->kind == Kind::kAny))
    code = (n.type->optional ? "?N" : "N") + type_code(*n.type->element);
  std::string path = n.local < 0 ? "" : "%" + std::to_string(n.local);
  for (const auto& p : n.path) path += (path.empty() ? "" : ".") + p;
  if (path.empty()) path = "record";
  Val out{new_cell(), code};

  // Every step a known field of a fixed block: the runtime follows indices instead of searching keys (and
  // takes the interpreter's walk for anything unexpected). The site is one constant: one call per read.
  std::vector<int32_t> indices;
  const ir::InputField* at = layout;
  for (size_t i = 0; i < n.path.size() && at; ++i) {
    bool fixed = !at->whole && (at->shape == ir::InputField::Shape::kObject || (i == 0 && at->shape == ir::InputField::Shape::kList));
    const ir::InputField* next = nullptr;
    if (fixed)
      for (size_t c = 0; c < at->children.size(); ++c)
        if (at->children[c].name == n.path[i]) {
          next = &at->children[c];
          indices.push_back(int32_t(c));
        }
    at = next;
  }
  bool fast = at && !n.path.empty();
  std::string segs;
  for (const auto& p : n.path) segs += (segs.empty() ? "" : "\x1f") + p;
  auto* i32t = b_.getInt32Ty();
  auto* i8p = b_.getInt8PtrTy();
  size_t count = fast ? indices.size() : 0;
  auto* array_type = llvm::ArrayType::get(i32t, std::max<size_t>(count, 1));
  auto* site_type = llvm::StructType::get(ctx_, {i32t, i32t, i32t, i32t, i8p, i8p, i8p, array_type});
  std::vector<llvm::Constant*> index_constants;
  for (size_t i = 0; i < std::max<size_t>(count, 1); ++i) index_constants.push_back(b_.getInt32(i < count ? uint32_t(indices[i]) : 0));
  auto as_constant = [](llvm::Value* v) { return llvm::cast<llvm::Constant>(v); };
  auto* init = llvm::ConstantStruct::get(
      site_type, {b_.getInt32(fast ? uint32_t(count) : uint32_t(-1)), b_.getInt32(base_is_record ? 1 : 0), b_.getInt32(uint32_t(n.local)),
                  b_.getInt32(uint32_t(n.path.size())), as_constant(cstr(code)), as_constant(cstr(path)), as_constant(cstr(segs)),
                  llvm::ConstantArray::get(array_type, index_constants)});
  auto* site = new llvm::GlobalVariable(out_, site_type, true, llvm::GlobalValue::PrivateLinkage, init, "read");
  check(call_helper("slj_read_site", {rt_ctx_, base, site, out.cell}));
  return out;
}

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
    // Against a literal the length is a constant, so LLVM expands the memcmp into a few loads.
    int64_t literal = a.literal_len >= 0 ? a.literal_len : c.literal_len;
    llvm::Value* len = literal >= 0 ? i64(literal) : load(a.cell, 2);
    llvm::Value* same_len = b_.CreateAnd(b_.CreateICmpEQ(load(a.cell, 2), len), b_.CreateICmpEQ(load(c.cell, 2), len));
    llvm::BasicBlock* len_block = b_.GetInsertBlock();
    auto* bytes = block("eq.bytes");
    auto* joined = block("eq.joined");
    b_.CreateCondBr(same_len, bytes, joined);
    b_.SetInsertPoint(bytes);
    llvm::Value* pa = b_.CreateIntToPtr(load(a.cell, 0), b_.getInt8PtrTy());
    llvm::Value* pc = b_.CreateIntToPtr(load(c.cell, 0), b_.getInt8PtrTy());
    llvm::Value* cmp = call_helper("memcmp", {pa, pc, len});
    llvm::Value* same = b_.CreateICmpEQ(cmp, i32(0));
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

Val FlowEmitter::call(const ir::Node& n) {
  if (auto fused = fused_sum(n)) return *fused;
  std::vector<Val> args;
  for (const auto& op : n.operands) args.push_back(gen(*op));
  const std::string& name = n.text;
  std::string code = type_code(*n.type);
  auto arg_kind = [&](size_t i) { return i < args.size() ? kind_of(args[i].code) : 'x'; };
  // Scalar built-ins propagate null: a null argument gives null without calling anything.
  auto scalar_call = [&](std::vector<size_t> nullable, auto emit) {
    Val out{new_cell(), code};
    set_null(out.cell, true);
    auto* done = block("call.done");
    auto* work = block("call");
    llvm::Value* any_null = b_.getFalse();
    for (size_t i : nullable) any_null = b_.CreateOr(any_null, is_null(args[i].cell));
    b_.CreateCondBr(any_null, done, work);
    b_.SetInsertPoint(work);
    emit(out);
    b_.CreateBr(done);
    b_.SetInsertPoint(done);
    return out;
  };
  if (name == "string" && args.size() == 1 && arg_kind(0) == 'i')
    return scalar_call({0}, [&](Val& out) { check(call_helper("slj_string_of_int", {rt_ctx_, load(args[0].cell, 0), out.cell})); });
  if ((name == "lower" || name == "upper" || name == "trim") && args.size() == 1 && arg_kind(0) == 's')
    return scalar_call({0}, [&](Val& out) { check(call_helper("slj_" + name, {rt_ctx_, args[0].cell, out.cell})); });
  if (name == "round" && args.size() >= 2 && arg_kind(0) == 'd' && arg_kind(1) == 'i' &&
      (args.size() == 2 || n.operands[2]->op == Op::kConst)) {
    sl_rounding mode = args.size() > 2 ? rounding_mode(n.operands[2]->text) : SL_ROUND_HALF_EVEN;
    std::vector<size_t> nullable = {0, 1};
    if (args.size() > 2) nullable.push_back(2);
    return scalar_call(nullable, [&](Val& out) {
      check(call_helper("slj_round", {rt_ctx_, args[0].cell, load(args[1].cell, 0), i32(int32_t(mode)), out.cell}));
    });
  }
  if (name == "date" && args.size() == 1 && arg_kind(0) == 't') {
    // The UTC day of a timestamp: floor division, so instants before 1970 fall on the right day.
    return scalar_call({0}, [&](Val& out) {
      llvm::Value* micros = load(args[0].cell, 0);
      llvm::Value* per_day = i64(86400000000LL);
      llvm::Value* q = b_.CreateSDiv(micros, per_day);
      llvm::Value* r = b_.CreateSRem(micros, per_day);
      q = b_.CreateSub(q, b_.CreateZExt(b_.CreateICmpSLT(r, i64(0)), b_.getInt64Ty()));
      store(out.cell, 0, q);
      set_null(out.cell, false);
    });
  }
  if (name == "sum" && args.size() == 1 && kind_of(args[0].code) == 'L' && (code == "i" || code == "d") &&
      (element_of(args[0].code) == "i" || element_of(args[0].code) == "d")) {
    Val out{new_cell(), code};
    check(call_helper("slj_sum", {rt_ctx_, args[0].cell, cstr(args[0].code), out.cell}));
    return out;
  }
  if (name == "count" && args.size() == 1 && (kind_of(args[0].code) == 'L' || kind_of(args[0].code) == 'N')) {
    Val out{new_cell(), "i"};
    set_null(out.cell, false);
    store(out.cell, 0, call_helper("slj_list_count", {args[0].cell, cstr(args[0].code)}));
    return out;
  }
  if ((name == "first" || name == "last") && args.size() == 1 && kind_of(args[0].code) == 'N') {
    // An input array: the element node itself, no conversion (its fields convert when read).
    Val out{new_cell(), "?" + element_of(args[0].code)};
    set_null(out.cell, true);
    auto* done = block("first.done");
    auto* work = block("first");
    llvm::Value* count = call_helper("slj_list_count", {args[0].cell, cstr(args[0].code)});
    b_.CreateCondBr(b_.CreateICmpEQ(count, i64(0)), done, work);
    b_.SetInsertPoint(work);
    llvm::Value* array = b_.CreateIntToPtr(load(args[0].cell, 0), node_type_->getPointerTo());
    llvm::Value* data = b_.CreateBitCast(b_.CreateLoad(b_.getInt8PtrTy(), b_.CreateStructGEP(node_type_, array, 3)), node_type_->getPointerTo());
    llvm::Value* node = b_.CreateGEP(node_type_, data, name == "first" ? i64(0) : b_.CreateSub(count, i64(1)));
    llvm::Value* kind = b_.CreateLoad(b_.getInt8Ty(), b_.CreateStructGEP(node_type_, node, 0));
    store(out.cell, 0, b_.CreatePtrToInt(node, b_.getInt64Ty()));
    store(out.cell, 3, b_.CreateZExt(b_.CreateICmpULE(kind, b_.getInt8(rt::kNodeNull)), b_.getInt64Ty()));
    b_.CreateBr(done);
    b_.SetInsertPoint(done);
    return out;
  }
  // The rest: the interpreter's own built-ins on converted values.
  if (name == "first" || name == "last" || name == "at") {
    if (args.empty() || (kind_of(args[0].code) != 'L' && kind_of(args[0].code) != 'N')) throw FlowUnsupported{name + " of " + (args.empty() ? "nothing" : args[0].code)};
    code = "?" + element_of(args[0].code);
    if (code.size() > 1 && code[1] == '?') code = code.substr(1);
  } else if (name == "coalesce" && !args.empty()) {
    for (const auto& a : args) code = merge_codes(code, a.code, code);
  }
  if (kind_of(code) == 'o' || (kind_of(code) == 'L' && (element_of(code) == "o" || element_of(code) == "?o"))) {
    bool from_args = false;
    for (const auto& a : args) from_args = from_args || a.code.find('o') != std::string::npos || a.code.find('j') != std::string::npos;
    if (!from_args) throw FlowUnsupported{"the built-in `" + name + "` returning objects"};
  }
  std::string codes;
  llvm::Value* array = nullptr;
  if (!args.empty()) {
    llvm::BasicBlock& entry = f_->getEntryBlock();
    entry_.SetInsertPoint(&entry, entry.getFirstInsertionPt());
    array = entry_.CreateAlloca(cell_type_, i32(int32_t(args.size())));
    for (size_t i = 0; i < args.size(); ++i) {
      copy(b_.CreateGEP(cell_type_, array, i64(int64_t(i))), args[i].cell);
      codes += (i ? "," : "") + args[i].code;
    }
  } else {
    array = llvm::ConstantPointerNull::get(cell_type_->getPointerTo());
  }
  Val out{new_cell(), code};
  llvm::Value* status = call_helper("slj_builtin", {rt_ctx_, cstr(name), array, i32(int32_t(args.size())), cstr(codes), cstr(code), out.cell});
  // `!` turns the built-in's own conversion failure into a rejection; `??` around it must not catch it.
  if (n.bang) handlers_.push_back(nullptr);
  check(status);
  if (n.bang) handlers_.pop_back();
  return out;
}

Val FlowEmitter::call_user(const ir::Node& n) {
  const ir::Function& fn = module_.functions.at(size_t(n.index));
  if (++inline_depth_ > 64) throw FlowUnsupported{"user functions nested deeper than 64 calls"};
  std::vector<Local> frame(size_t(std::max(fn.locals, int32_t(fn.params.size()))));
  for (size_t i = 0; i < n.operands.size(); ++i) {
    const ir::Node& arg = *n.operands[i];
    Val v = gen(arg);
    frame[i].cell = new_cell();
    copy(frame[i].cell, v.cell);
    frame[i].code = v.code;
    // An input object passed along keeps its layout, so reads through the parameter stay indexed.
    if (arg.op == Op::kLocal) frame[i].layout = locals_.at(size_t(arg.local)).layout;
    else if (arg.op == Op::kInput) frame[i].layout = layout_at(arg.local < 0 ? &flow_.input.root : locals_.at(size_t(arg.local)).layout, arg.path);
  }
  std::swap(frame, locals_);
  Val result = gen(*fn.body);
  std::swap(frame, locals_);
  --inline_depth_;
  return result;
}

Val FlowEmitter::table(const ir::Node& n) {
  const ir::Table& t = module_.tables.at(size_t(n.index));
  Val key = gen(*n.operands[0]);
  // The key's text: a string as it is, anything else as its JSON (the interpreter's rule).
  Val text = key;
  if (kind_of(key.code) != 's' && !is_placeholder(key.code)) {
    text = Val{new_cell(), "s"};
    set_null(text.cell, true);
    auto* write = block("table.text");
    auto* ready = block("table.ready");
    b_.CreateCondBr(is_null(key.cell), ready, write);
    b_.SetInsertPoint(write);
    flush_text();
    llvm::Value* mark = call_helper("slj_out_mark", {rt_ctx_});
    check(call_helper("slj_out_value", {rt_ctx_, key.cell, cstr(key.code)}));
    call_helper("slj_out_cut", {rt_ctx_, mark, text.cell});
    set_null(text.cell, false);
    b_.CreateBr(ready);
    b_.SetInsertPoint(ready);
  }
  std::string code = type_code(*n.type);
  llvm::Value* result = new_cell();
  set_null(result, true);
  auto* done = block("table.done");
  auto* miss = block("table.miss");
  auto* lookup = block("table.lookup");
  if (is_placeholder(key.code)) b_.CreateBr(miss);
  else b_.CreateCondBr(is_null(text.cell), miss, lookup);
  b_.SetInsertPoint(lookup);
  ++cond_depth_;  // rows and the fallback run for some keys only
  for (const auto& [row_key, value] : t.rows) {
    Val literal{new_cell(), "s"};
    set_null(literal.cell, false);
    store(literal.cell, 0, b_.CreatePtrToInt(cstr(row_key), b_.getInt64Ty()));
    store(literal.cell, 2, i64(int64_t(row_key.size())));
    literal.literal_len = int64_t(row_key.size());
    auto* hit = block("table.hit");
    auto* next = block("table.next");
    b_.CreateCondBr(equal(text, literal), hit, next);
    b_.SetInsertPoint(hit);
    Val v = gen(*value);
    code = merge_codes(code, v.code, code);
    copy(result, v.cell);
    b_.CreateBr(done);
    b_.SetInsertPoint(next);
  }
  b_.CreateBr(miss);
  b_.SetInsertPoint(miss);
  if (t.fallback) {
    Val v = gen(*t.fallback);
    code = merge_codes(code, v.code, code);
    copy(result, v.cell);
  } else {
    llvm::Value* key_text = text.cell;
    if (is_placeholder(key.code)) key_text = null_val("s").cell;
    call_helper("slj_fail_table", {rt_ctx_, cstr(t.name), key_text, cstr(where())});
    b_.CreateRet(i32(rt::kFlowRejected));
    b_.SetInsertPoint(block("table.unreachable"));
  }
  --cond_depth_;
  b_.CreateBr(done);
  b_.SetInsertPoint(done);
  return Val{result, code};
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
