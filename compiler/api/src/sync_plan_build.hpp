// Builds the sync plan (syncloom/sync_plan.hpp) of a checked program from its AST and the IR lowered from it.
#pragma once

#include "syncloom/diag/source_manager.hpp"
#include "syncloom/frontend/program.hpp"
#include "syncloom/ir/module.hpp"
#include "syncloom/sync_plan.hpp"

namespace syncloom::detail {

/// `module` is lower(program): its flows are the domains' flows in order, then the workflow steps'.
SyncPlan build_sync_plan(const frontend::Program& program, const diag::SourceManager& sources, const ir::Module& module);

}  // namespace syncloom::detail
