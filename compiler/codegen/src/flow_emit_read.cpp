// Reads from the record or an input object: one call per read, with a constant site (fixed-block
// indices when the layout knows them, the interpreter's walk otherwise).
#include "flow_codes.hpp"
#include "flow_emitter.hpp"
#include "runtime/abi.hpp"

namespace syncloom::codegen::detail {

using ir::Kind;
using ir::Op;

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
  std::string base_origin = n.local < 0 ? "" : locals_.at(size_t(n.local)).origin;
  std::string path = ir::input_path(base_origin, n.path);
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
  auto* site_type = llvm::StructType::get(ctx_, {i32t, i32t, i32t, i32t, i8p, i8p, i8p, i8p, array_type});
  std::vector<llvm::Constant*> index_constants;
  for (size_t i = 0; i < std::max<size_t>(count, 1); ++i) index_constants.push_back(b_.getInt32(i < count ? uint32_t(indices[i]) : 0));
  auto as_constant = [](llvm::Value* v) { return llvm::cast<llvm::Constant>(v); };
  auto* init = llvm::ConstantStruct::get(
      site_type, {b_.getInt32(fast ? uint32_t(count) : uint32_t(-1)), b_.getInt32(base_is_record ? 1 : 0),
                  b_.getInt32(uint32_t(n.path.size())), b_.getInt32(0), as_constant(cstr(code)), as_constant(cstr(path)),
                  as_constant(cstr(base_origin)), as_constant(cstr(segs)), llvm::ConstantArray::get(array_type, index_constants)});
  auto* site = new llvm::GlobalVariable(out_, site_type, true, llvm::GlobalValue::PrivateLinkage, init, "read");
  check(call_helper("slj_read_site", {rt_ctx_, base, site, out.cell}));
  return out;
}

// Origins mirror the interpreter's origin_of / value_path / element_path, with the positions of enclosing
// loops left as placeholders the runtime fills in when a message needs them.

std::string FlowEmitter::local_name(int32_t local) const {
  if (names_ && local >= 0 && size_t(local) < names_->size()) return (*names_)[size_t(local)];
  return "%" + std::to_string(local);
}

std::optional<std::string> FlowEmitter::value_origin(const ir::Node& n) const {
  switch (n.op) {
    case Op::kInput: return ir::input_path(n.local < 0 ? std::string() : locals_.at(size_t(n.local)).origin, n.path);
    case Op::kLocal: return locals_.at(size_t(n.local)).origin;
    case Op::kMember: {
      // A field of an input object (not a projection over a list: that has no one place).
      const ir::Node& object = *n.operands[0];
      if (object.type && object.type->kind == ir::Kind::kList) return std::nullopt;
      std::optional<std::string> p = value_origin(object);
      if (p) *p += "." + n.text;
      return p;
    }
    default: return std::nullopt;
  }
}

std::string FlowEmitter::element_origin(const ir::Node& n, int depth, const std::string& fallback) const {
  std::string position{rt::kOriginPosition, char('A' + depth)};
  switch (n.op) {
    case Op::kInput: return ir::input_element_path(n.local < 0 ? std::string() : locals_.at(size_t(n.local)).origin, n, position);
    case Op::kList: {
      // One alternative per element of the literal, chosen by the loop's position; a computed element is
      // named by the loop variable, as the interpreter does.
      if (n.operands.empty()) return fallback;
      std::string t{rt::kOriginChoose, char('A' + depth)};
      for (size_t i = 0; i < n.operands.size(); ++i) {
        if (i) t += rt::kOriginOr;
        t += value_origin(*n.operands[i]).value_or(fallback);
      }
      return t + rt::kOriginEnd;
    }
    default: {
      std::optional<std::string> list = value_origin(n);
      return list ? *list + "[" + position + "]" : fallback;
    }
  }
}

}  // namespace syncloom::codegen::detail
