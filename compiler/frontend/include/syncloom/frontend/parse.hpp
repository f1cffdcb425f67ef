// Parses one .loom file into an AST, reporting syntax errors (P0xxx) and recovering to report several.
#pragma once

#include <memory>

#include "syncloom/diag/diagnostic.hpp"
#include "syncloom/diag/source_manager.hpp"
#include "syncloom/frontend/ast.hpp"

namespace syncloom::frontend {

/// Always returns a module: on syntax errors it holds what could be recovered (sema may still run on it,
/// but callers usually stop after parse errors to avoid follow-on noise).
std::unique_ptr<Module> parse_module(const diag::SourceManager& sm, uint32_t file, diag::DiagnosticBag& diags);

/// Deepest bracket / prefix nesting the parser accepts; deeper input is a P0001 error, not a stack overflow.
inline constexpr int kMaxNesting = 200;

}  // namespace syncloom::frontend
