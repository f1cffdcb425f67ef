// Lowers a checked program to the typed IR that the interpreter and the JIT run.
#pragma once

#include "syncloom/frontend/program.hpp"
#include "syncloom/ir/module.hpp"

namespace syncloom::frontend {

/// Lowers every flow of the root mapping (domains and workflow steps) with the tables and functions it
/// can reach. Call only on a program sema checked without errors; the result passes ir::verify.
ir::Module lower(Program& program);

}  // namespace syncloom::frontend
