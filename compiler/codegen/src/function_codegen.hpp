// IR functions to LLVM IR: int, float and bool values, checked integer arithmetic, status returns.
#pragma once

#include <llvm/IR/IRBuilder.h>
#include <llvm/IR/Module.h>

#include <string>
#include <vector>

#include "syncloom/ir/module.hpp"

namespace syncloom::codegen::detail {

/// Emits `i32 @fn.N(i64* args, i64* out)` for every function of `module` it supports; `unsupported[i]`
/// says why function i was skipped (a function calling a skipped one is skipped too).
void emit_functions(const ir::Module& module, llvm::Module& out, std::vector<std::string>& unsupported);

/// The symbol name of function `index`.
std::string function_symbol(size_t index);

}  // namespace syncloom::codegen::detail
