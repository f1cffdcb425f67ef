// IR flows to LLVM IR functions `i32 syncloom_flow_N(Ctx*, const Node* root)` (runtime/abi.hpp).
#pragma once

#include <llvm/IR/Module.h>

#include <string>
#include <vector>

#include "syncloom/ir/module.hpp"

namespace syncloom::codegen::detail {

/// Emits every flow of `module` it can; `unsupported[i]` says why flow i was not compiled ("" when it was).
void emit_flows(const ir::Module& module, llvm::Module& out, std::vector<std::string>& unsupported);

/// Emits flow `index` alone; returns why it was not compiled ("" when it was).
std::string emit_flow(const ir::Module& module, size_t index, llvm::Module& out);

/// The symbol name of flow `index`, and of its identity function (key and idempotency parts).
std::string flow_symbol(size_t index);
std::string identity_symbol(size_t index);

}  // namespace syncloom::codegen::detail
