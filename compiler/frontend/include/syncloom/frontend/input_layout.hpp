// Which fields of its source record a checked flow reads: the compile-time input layout (ir::InputLayout).
#pragma once

#include "syncloom/frontend/program.hpp"
#include "syncloom/ir/input_layout.hpp"

namespace syncloom::frontend {

/// Collects every source path the flow reads: its `when`, its checks (and the domain's checks that apply
/// to it), its body, and the source side of the domain's key, idempotency keys and sync filters.
/// `domain` may be null (workflow flows). `start_in_envelope`: `start.x` reads the envelope's start record
/// (ir::kStartField), for a workflow flow whose source is an awaited record; else the record itself.
/// Call only on a program sema checked without errors.
ir::InputLayout collect_input_layout(const FlowDecl& flow, const DomainDecl* domain,
                                     const WorkflowDecl* workflow = nullptr, const StepDecl* step = nullptr,
                                     bool start_in_envelope = false);
/// The fields of `record` ("woo.refund") that `exprs` read: a workflow predicate or key compiled as a flow.
ir::InputLayout collect_expr_layout(const std::string& record, const std::vector<const Expr*>& exprs, bool start_in_envelope);

}  // namespace syncloom::frontend
