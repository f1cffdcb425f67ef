// `sum(line_items.total)`: the most common money aggregate, fused into one loop over the decoded array
// (no list of cells is built). The loop only handles the regular case: an array of objects whose field
// converts; anything else, and any failure, leaves for the general path (the runtime's projection walk and
// sum), which produces exactly the interpreter's result or error.
#include "flow_emitter.hpp"
#include "runtime/abi.hpp"

namespace syncloom::codegen::detail {

std::optional<Val> FlowEmitter::fused_sum(const ir::Node& n) {
  if (n.text != "sum" || n.operands.size() != 1 || inline_depth_ > 0) return std::nullopt;
  const ir::Node& arg = *n.operands[0];
  std::string code = type_code(*n.type);
  if (arg.op != ir::Op::kInput || arg.local >= 0 || arg.path.size() != 2 || (code != "i" && code != "d")) return std::nullopt;
  if (!arg.type->element || arg.type->optional) return std::nullopt;
  std::string element = type_code(*arg.type->element);
  if (element != "i" && element != "d") return std::nullopt;
  const ir::InputField* list = layout_at(&flow_.input.root, {arg.path[0]});
  if (!list || list->whole || list->shape != ir::InputField::Shape::kList) return std::nullopt;
  size_t list_index = 0, field_index = 0;
  bool found_list = false, found_field = false;
  for (size_t i = 0; i < flow_.input.root.children.size(); ++i)
    if (flow_.input.root.children[i].name == arg.path[0]) list_index = i, found_list = true;
  for (size_t i = 0; i < list->children.size(); ++i)
    if (list->children[i].name == arg.path[1]) field_index = i, found_field = true;
  if (!found_list || !found_field) return std::nullopt;

  flush_text();
  Val out{new_cell(), code};
  llvm::Value* acc = new_cell();
  llvm::Value* item = new_cell();
  llvm::Value* counter = new_cell();
  auto* slow = block("sum.slow");
  auto* done = block("sum.done");
  auto* node_ptr = node_type_->getPointerTo();
  auto kind_of_node = [&](llvm::Value* node) { return b_.CreateLoad(b_.getInt8Ty(), b_.CreateStructGEP(node_type_, node, 0)); };
  auto data_of_node = [&](llvm::Value* node) {
    return b_.CreateBitCast(b_.CreateLoad(b_.getInt8PtrTy(), b_.CreateStructGEP(node_type_, node, 3)), node_ptr);
  };
  llvm::Value* array = b_.CreateGEP(node_type_, data_of_node(root_), i64(int64_t(list_index)));
  auto* is_array = block("sum.array");
  b_.CreateCondBr(b_.CreateICmpEQ(kind_of_node(array), b_.getInt8(rt::kNodeArray)), is_array, slow);
  b_.SetInsertPoint(is_array);
  llvm::Value* count = b_.CreateZExt(b_.CreateLoad(b_.getInt32Ty(), b_.CreateStructGEP(node_type_, array, 2)), b_.getInt64Ty());
  llvm::Value* items = data_of_node(array);
  // The sum starts as the interpreter's: integer 0, or decimal 0 at scale 0.
  for (unsigned w = 0; w < 4; ++w) store(acc, w, i64(0));
  store(counter, 0, i64(0));
  auto* head = block("sum.head");
  auto* body = block("sum.body");
  b_.CreateBr(head);
  b_.SetInsertPoint(head);
  llvm::Value* i = load(counter, 0);
  auto* finished = block("sum.finished");
  b_.CreateCondBr(b_.CreateICmpULT(i, count), body, finished);
  b_.SetInsertPoint(body);
  llvm::Value* element_node = b_.CreateGEP(node_type_, items, i);
  auto* is_object = block("sum.object");
  b_.CreateCondBr(b_.CreateICmpEQ(kind_of_node(element_node), b_.getInt8(rt::kNodeObject)), is_object, slow);
  b_.SetInsertPoint(is_object);
  llvm::Value* field = b_.CreateGEP(node_type_, data_of_node(element_node), i64(int64_t(field_index)));
  std::string path = arg.path[0] + "." + arg.path[1];
  llvm::Value* status = call_helper("slj_read", {rt_ctx_, field, cstr(element), cstr(path), item});
  auto* converted = block("sum.converted");
  b_.CreateCondBr(b_.CreateICmpEQ(status, i32(rt::kOk)), converted, slow);
  b_.SetInsertPoint(converted);
  if (code == "i") {
    llvm::Value* pair = b_.CreateBinaryIntrinsic(llvm::Intrinsic::sadd_with_overflow, load(acc, 0), load(item, 0));
    auto* added = block("sum.added");
    b_.CreateCondBr(b_.CreateExtractValue(pair, 1), slow, added);
    b_.SetInsertPoint(added);
    store(acc, 0, b_.CreateExtractValue(pair, 0));
  } else {
    if (element == "i") {
      llvm::Value* as_decimal = new_cell();
      call_helper("slj_decimal_from_int", {load(item, 0), as_decimal});
      copy(item, as_decimal);
    }
    // Its failure (overflow) leaves for the general path, which reports it as the interpreter does.
    llvm::Value* sum = new_cell();
    llvm::Value* st = decimal_add(acc, item, sum, '+');
    copy(acc, sum);
    auto* added = block("sum.added");
    b_.CreateCondBr(b_.CreateICmpEQ(st, i32(rt::kOk)), added, slow);
    b_.SetInsertPoint(added);
  }
  store(counter, 0, b_.CreateAdd(i, i64(1)));
  b_.CreateBr(head);
  b_.SetInsertPoint(finished);
  copy(out.cell, acc);
  set_null(out.cell, false);
  b_.CreateBr(done);
  // The general path: the projection as a list, then the runtime's sum.
  b_.SetInsertPoint(slow);
  ++cond_depth_;
  Val projection = gen(arg);
  --cond_depth_;
  check(call_helper("slj_sum", {rt_ctx_, projection.cell, cstr(projection.code), out.cell}));
  b_.CreateBr(done);
  b_.SetInsertPoint(done);
  return out;
}

}  // namespace syncloom::codegen::detail
