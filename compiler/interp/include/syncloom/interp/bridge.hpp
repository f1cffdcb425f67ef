// The interpreter's value-level pieces, for the JIT runtime: generated code calls back into them where both
// engines must agree byte for byte (built-ins, input conversion, JSON text). Additive: the interpreter itself
// does not use this header; every function reports failure through its return value instead of throwing.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "syncloom/interp/value.hpp"
#include "syncloom/ir/input_layout.hpp"
#include "syncloom/ir/module.hpp"
#include "syncloom/ir/type.hpp"

namespace syncloom::interp::bridge {

/// Why a bridged call failed: the record's reason, and whether it was a fallible conversion (`??` catches it).
struct Failure {
  std::string reason;
  bool conversion = false;
};

/// The interpreter's call_builtin; nullopt and `failure` when it fails. `module` and `index` name the call's
/// compiled pattern or loaded zone (ir::Node::index), when it has one.
std::optional<Value> call_builtin(const std::string& name, std::vector<Value>& args, const ir::Type& type, Failure* failure,
                                  const ir::Module* module = nullptr, int32_t index = -1);
/// The interpreter's convert_input (messages name `path`); nullopt and `failure` when it fails.
std::optional<Value> convert_input(const Value& raw, const ir::Type& type, const std::string& path, Failure* failure);
/// The interpreter's write_json; false and `failure` (non-finite float, bad decimal) when it fails.
bool write_json(const Value& v, std::string& out, Failure* failure);
/// The interpreter's parse_json of one JSON object (numbers as RawNumber text), optionally pruned by `layout`.
std::optional<Value> parse_json(std::string_view json, const ir::InputField* layout, Failure* failure);

}  // namespace syncloom::interp::bridge
