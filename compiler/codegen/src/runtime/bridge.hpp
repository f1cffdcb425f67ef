// Cells <-> the interpreter's Values, for the helpers that call the interpreter itself (built-ins, refs).
#pragma once

#include "runtime/state.hpp"
#include "syncloom/interp/value.hpp"

namespace syncloom::codegen::rt {

/// The raw Value the interpreter would hold for an input node (numbers as RawNumber text).
interp::Value value_of_node(const Node* n);
/// The Value the interpreter would hold for a cell of type `code`.
interp::Value value_of_cell(Ctx* ctx, const Cell* c, const char* code);
/// Stores `v` as a cell of type `code` (strings, lists and nodes copied into the arena).
int32_t cell_of_value(Ctx* ctx, const interp::Value& v, const char* code, Cell* out);

}  // namespace syncloom::codegen::rt
