// Emits each flow with a FlowEmitter; a flow using something outside the compiled subset is removed again
// and keeps its reason, so the caller runs that flow on the interpreter.
#include "flow_codegen.hpp"

#include "flow_emitter.hpp"

namespace syncloom::codegen::detail {

std::string flow_symbol(size_t index) { return "syncloom_flow_" + std::to_string(index); }
std::string identity_symbol(size_t index) { return "syncloom_identity_" + std::to_string(index); }

std::string emit_flow(const ir::Module& module, size_t index, llvm::Module& out) {
  auto& ctx = out.getContext();
  auto* type = llvm::FunctionType::get(llvm::Type::getInt32Ty(ctx), {llvm::Type::getInt8PtrTy(ctx), node_type(ctx)->getPointerTo()}, false);
  auto* f = llvm::Function::Create(type, llvm::Function::ExternalLinkage, flow_symbol(index), out);
  f->setDoesNotThrow();
  try {
    FlowEmitter(module, module.flows[index], out, f).emit();
  } catch (const FlowUnsupported& u) {
    f->eraseFromParent();
    return "it uses " + u.why;
  }
  // The flow's key and idempotency parts, in the same object (and cache entry). One the JIT does not compile
  // is computed by the interpreter.
  auto* identity = llvm::Function::Create(type, llvm::Function::ExternalLinkage, identity_symbol(index), out);
  identity->setDoesNotThrow();
  try {
    FlowEmitter(module, module.flows[index], out, identity).emit_identity();
  } catch (const FlowUnsupported&) {
    identity->eraseFromParent();
  }
  return "";
}

void emit_flows(const ir::Module& module, llvm::Module& out, std::vector<std::string>& unsupported) {
  unsupported.assign(module.flows.size(), "");
  for (size_t i = 0; i < module.flows.size(); ++i) unsupported[i] = emit_flow(module, i, out);
}

}  // namespace syncloom::codegen::detail
