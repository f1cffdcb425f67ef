// Calls: built-ins (native fast paths, else the interpreter's own through the bridge), user functions
// (inlined) and value tables.
#include "syncloom/stdlib/decimal.hpp"

#include "flow_codes.hpp"
#include "flow_emitter.hpp"
#include "runtime/abi.hpp"

namespace syncloom::codegen::detail {

using ir::Kind;
using ir::Op;

namespace {

sl_rounding rounding_mode(const std::string& mode) { return sl_rounding_named(mode.data(), mode.size()); }

}  // namespace

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
  if (name == "at" && !args.empty() && kind_of(args[0].code) == 'a') {
    code = "?a";  // an element of an untyped JSON array
  } else if (name == "first" || name == "last" || name == "at") {
    if (args.empty() || (kind_of(args[0].code) != 'L' && kind_of(args[0].code) != 'N')) throw FlowUnsupported{name + " of " + (args.empty() ? "nothing" : args[0].code)};
    code = "?" + element_of(args[0].code);
    if (code.size() > 1 && code[1] == '?') code = code.substr(1);
  } else if (name == "coalesce" && !args.empty()) {
    for (const auto& a : args) code = merge_codes(code, a.code, code);
  }
  if (kind_of(code) == 'o' || (kind_of(code) == 'L' && (element_of(code) == "o" || element_of(code) == "?o"))) {
    bool from_args = false;
    for (const auto& a : args) from_args = from_args || a.code.find('o') != std::string::npos || a.code.find('j') != std::string::npos;
    // group_by's groups and regex_capture's fields are objects the built-in makes: cells of input nodes.
    bool makes_objects = name == "group_by" || name == "regex_capture";
    if (!from_args && !makes_objects) throw FlowUnsupported{"the built-in `" + name + "` returning objects"};
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
  llvm::Value* status =
      call_helper("slj_builtin", {rt_ctx_, cstr(name), array, i32(int32_t(args.size())), cstr(codes), cstr(code), i32(n.index), out.cell});
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
    // The parameter is the argument's cell itself: the callee only reads it, and writes only cells of its
    // own frame, so no copy is needed.
    frame[i].cell = v.cell;
    frame[i].code = v.code;
    // An input object passed along keeps its layout, so reads through the parameter stay indexed.
    if (arg.op == Op::kLocal) frame[i].layout = locals_.at(size_t(arg.local)).layout;
    else if (arg.op == Op::kInput) frame[i].layout = layout_at(arg.local < 0 ? &flow_.input.root : locals_.at(size_t(arg.local)).layout, arg.path);
    // The parameter stands for its argument in messages: `billing.first_name` inside the function.
    frame[i].origin = value_origin(arg).value_or(i < fn.local_names.size() ? fn.local_names[i] : "%" + std::to_string(i));
  }
  std::swap(frame, locals_);
  const std::vector<std::string>* caller_names = names_;
  names_ = &fn.local_names;
  Val result = gen(*fn.body);
  names_ = caller_names;
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
    literal.literal = &row_key;
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
    if (catch_all_) {
      b_.CreateBr(catch_all_);
    } else {
      call_helper("slj_fail_table", {rt_ctx_, cstr(t.name), key_text, cstr(where())});
      b_.CreateRet(i32(rt::kFlowRejected));
    }
    b_.SetInsertPoint(block("table.unreachable"));
  }
  --cond_depth_;
  b_.CreateBr(done);
  b_.SetInsertPoint(done);
  return Val{result, code};
}

}  // namespace syncloom::codegen::detail
