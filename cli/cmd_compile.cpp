// `syncloom compile MAPPING --emit ir|llvm|asm|plan`: shows what the compiler makes of a mapping: the typed IR,
// the LLVM IR the JIT compiles, the native assembly it runs, or the sync plan the runtime follows (JSON).
#include <iostream>
#include <memory>

#include "commands.hpp"
#include "syncloom/detail/jit_library.hpp"
#include "syncloom/diag/render.hpp"
#include "syncloom/frontend/frontend.hpp"
#include "syncloom/frontend/lower.hpp"
#include "syncloom/syncloom.hpp"

namespace syncloom::cli {
namespace {

struct CompileOptions {
  std::string mapping;
  std::string emit = "ir";
  std::string flow;  ///< only flows of this domain
};

/// The sync plan through the public API, as the runtime sees it (syncloom/sync_plan.hpp).
int emit_plan(const CompileOptions& opts) {
  if (!opts.flow.empty()) {
    std::cerr << "error: --flow does not apply to --emit plan (the plan is the whole mapping's)\n";
    return kExitUsage;
  }
  CompileResult compiled = compile_file(opts.mapping);
  std::cerr << compiled.diagnostics;
  if (!compiled.mapping) return compiled.io_error ? kExitUsage : kExitFindings;
  std::cout << compiled.mapping->plan().to_json();
  return kExitOk;
}

int run_compile(const CompileOptions& opts) {
  if (opts.emit == "plan") return emit_plan(opts);
  frontend::Compilation compilation;
  if (!compilation.check_file(opts.mapping)) {
    std::cerr << "error: " << compilation.io_error() << "\n";
    return kExitUsage;
  }
  if (compilation.diagnostics().has_errors()) {
    diag::render_human(std::cerr, compilation.sources(), compilation.diagnostics().all(), {});
    return kExitFindings;
  }
  ir::Module module = frontend::lower(*compilation.program());
  if (auto problems = ir::verify(module); !problems.empty()) {
    std::cerr << "internal error: the IR of " << opts.mapping << " does not verify:\n";
    for (const auto& p : problems) std::cerr << "  " << p << "\n";
    return kExitFindings;
  }
  if (!opts.flow.empty()) {
    std::erase_if(module.flows, [&](const ir::Flow& f) { return f.domain != opts.flow; });
    if (module.flows.empty()) {
      std::cerr << "error: no flow in domain `" << opts.flow << "`\n";
      return kExitUsage;
    }
  }
  if (opts.emit == "llvm" || opts.emit == "asm") {
    // What the JIT does not compile is listed first, as comments of the output's language (LLVM ';', asm '#'),
    // since those functions and flows run on the interpreter. No object cache: the output is generated anyway.
    // The JIT module (and LLVM) is loaded only here, not for `--emit ir`.
    const detail::JitLibrary& library = detail::jit_library();
    if (!library.module) {
      std::cerr << "error: the JIT is unavailable: " << library.error << "\n";
      return kExitUsage;
    }
    std::unique_ptr<codegen::JitEngine> engine(library.module->create(module, {}));
    const codegen::JitEngine& jit = *engine;
    if (!jit.error().empty()) {
      std::cerr << "error: " << jit.error() << "\n";
      return kExitFindings;
    }
    const char* comment = opts.emit == "llvm" ? ";" : "#";
    for (size_t i = 0; i < module.functions.size(); ++i)
      if (!jit.unsupported(i).empty())
        std::cout << comment << " fn " << module.functions[i].name << " not compiled: " << jit.unsupported(i) << "\n";
    for (size_t i = 0; i < module.flows.size(); ++i)
      if (!jit.flow_compiled(i))
        std::cout << comment << " flow " << module.flows[i].domain << ":" << module.flows[i].source << "->" << module.flows[i].target
                  << " not compiled: " << jit.flow_unsupported(i) << "\n";
    std::cout << (opts.emit == "llvm" ? jit.llvm_ir() : jit.assembly());
    return kExitOk;
  }
  std::cout << module.to_string();
  return kExitOk;
}

}  // namespace

void add_compile_command(CLI::App& app, int& exit_code) {
  auto opts = std::make_shared<CompileOptions>();
  CLI::App* cmd = app.add_subcommand("compile", "Show what the compiler makes of a mapping");
  cmd->add_option("mapping", opts->mapping, "The mapping file")->required();
  cmd->add_option("--emit", opts->emit,
                  "What to print: ir (typed IR with input layouts), llvm (LLVM IR the JIT compiles), asm (the native code it runs), "
                  "plan (the sync plan as JSON: owners, keys, triggers, policies, workflow steps)")
      ->check(CLI::IsMember({"ir", "llvm", "asm", "plan"}));
  cmd->add_option("--flow", opts->flow, "Only the flows of this domain (or workflow.step)");
  cmd->callback([opts, &exit_code] { exit_code = run_compile(*opts); });
}

}  // namespace syncloom::cli
