// The host side of a compiled flow: decode one record by the flow's input layout, call the generated
// function, turn its result into the interpreter's RunResult. Also the table of helper symbols the JIT
// links generated code against.
#pragma once

#include <memory>
#include <optional>
#include <string_view>
#include <utility>
#include <vector>

#include "runtime/abi.hpp"
#include "syncloom/interp/interpreter.hpp"
#include "syncloom/ir/input_layout.hpp"
#include "syncloom/ir/module.hpp"

namespace syncloom::codegen::rt {

using FlowFn = int32_t (*)(Ctx* ctx, const Node* root);
/// A flow's identity function: writes the key (or `null`) and each idempotency part as JSON, separated
/// by '\n' (no JSON value we write contains a raw newline), and returns a FlowResult.
using IdentityFn = int32_t (*)(Ctx* ctx, const Node* root);

/// What the decoder keeps of a record, precomputed from the flow's InputLayout (immutable, shareable).
class DecodePlan {
 public:
  explicit DecodePlan(const ir::InputField& root);
  ~DecodePlan();
  DecodePlan(const DecodePlan&) = delete;
  DecodePlan& operator=(const DecodePlan&) = delete;
  struct Impl;
  const Impl& impl() const { return *impl_; }

 private:
  std::unique_ptr<Impl> impl_;
};

/// Runs `fn` on `json`: decode (a record that is not a JSON object, or not valid UTF-8/JSON, is
/// rejected with the interpreter's messages), call, collect. Thread-safe. `previous`: the record's last
/// synced version, for changed(); `module` gives bridged built-ins the mapping's compiled patterns and
/// loaded zones.
interp::RunResult run_flow(FlowFn fn, const DecodePlan& plan, std::string_view json, const interp::RefResolver* refs,
                           std::optional<std::string_view> previous = std::nullopt, const ir::Module* module = nullptr);
/// The same into `result`, reusing its strings' memory (streams call this once per record).
void run_flow(FlowFn fn, const DecodePlan& plan, std::string_view json, const interp::RefResolver* refs, interp::RunResult& result,
              std::optional<std::string_view> previous = std::nullopt, const ir::Module* module = nullptr);
/// Runs a flow's identity function on `json` (Interpreter::identity's result).
interp::IdentityResult run_identity(IdentityFn fn, const DecodePlan& plan, std::string_view json, const interp::RefResolver* refs,
                                    const ir::Module* module = nullptr);

/// Every slj_* helper by name, for the JIT's symbol table.
const std::vector<std::pair<const char*, void*>>& helper_symbols();

}  // namespace syncloom::codegen::rt
