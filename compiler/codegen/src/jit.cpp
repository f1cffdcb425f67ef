// The JIT driver: (1) emit LLVM IR, (2) look the object up in the cache, else optimise at -O2 and
// compile it, (3) load the object into an LLJIT, (4) look the functions up.
#include "syncloom/codegen/jit.hpp"

#include <llvm/Config/llvm-config.h>
#include <llvm/AsmParser/Parser.h>
#include <llvm/ExecutionEngine/Orc/ExecutionUtils.h>
#include <llvm/ExecutionEngine/Orc/LLJIT.h>
#include <llvm/IRReader/IRReader.h>
#include <llvm/Support/SourceMgr.h>
#include <llvm/IR/LegacyPassManager.h>
#include <llvm/IR/Verifier.h>
#include <llvm/MC/TargetRegistry.h>
#include <llvm/Passes/PassBuilder.h>
#include <llvm/Support/Host.h>
#include <llvm/Support/MemoryBuffer.h>
#include <llvm/Support/TargetSelect.h>
#include <llvm/Support/raw_ostream.h>
#include <llvm/Target/TargetMachine.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <mutex>

#include "flow_codegen.hpp"
#include "function_codegen.hpp"
#include "runtime/driver.hpp"

namespace syncloom::codegen {
namespace {

void initialise_llvm() {
  static std::once_flag once;
  std::call_once(once, [] {
    llvm::InitializeNativeTarget();
    llvm::InitializeNativeTargetAsmPrinter();
  });
}

/// FNV-1a: stable across runs and machines (std::hash is not).
uint64_t fnv1a(const std::string& s) {
  uint64_t h = 1469598103934665603ull;
  for (unsigned char c : s) {
    h ^= c;
    h *= 1099511628211ull;
  }
  return h;
}

/// Generated code calls the runtime's slj_* helpers by name; they resolve to this process's functions.
/// libc (memcmp, and what LLVM itself may call: memcpy, memset) comes from the process too.
llvm::Error define_runtime(llvm::orc::LLJIT& jit) {
  llvm::orc::SymbolMap symbols;
  for (const auto& [name, address] : rt::helper_symbols())
    symbols[jit.mangleAndIntern(name)] =
        llvm::JITEvaluatedSymbol(llvm::pointerToJITTargetAddress(address), llvm::JITSymbolFlags::Exported | llvm::JITSymbolFlags::Callable);
  if (auto err = jit.getMainJITDylib().define(llvm::orc::absoluteSymbols(std::move(symbols)))) return err;
  auto process = llvm::orc::DynamicLibrarySearchGenerator::GetForCurrentProcess(jit.getDataLayout().getGlobalPrefix());
  if (!process) return process.takeError();
  jit.getMainJITDylib().addGenerator(std::move(*process));
  return llvm::Error::success();
}

void optimise(llvm::Module& m, llvm::TargetMachine& tm) {
  llvm::LoopAnalysisManager lam;
  llvm::FunctionAnalysisManager fam;
  llvm::CGSCCAnalysisManager cgam;
  llvm::ModuleAnalysisManager mam;
  llvm::PassBuilder pb(&tm);
  pb.registerModuleAnalyses(mam);
  pb.registerCGSCCAnalyses(cgam);
  pb.registerFunctionAnalyses(fam);
  pb.registerLoopAnalyses(lam);
  pb.crossRegisterProxies(lam, fam, cgam, mam);
  pb.buildPerModuleDefaultPipeline(llvm::OptimizationLevel::O2).run(m, mam);
}

}  // namespace

std::string cache_key(const std::string& ir_text) {
  char buf[17];
  std::snprintf(buf, sizeof buf, "%016llx",
                static_cast<unsigned long long>(fnv1a(ir_text + "\nllvm " LLVM_VERSION_STRING "\n" + llvm::sys::getProcessTriple() +
                                                      "\n" + llvm::sys::getHostCPUName().str())));
  return buf;
}

struct Jit::Impl {
  std::unique_ptr<llvm::orc::LLJIT> jit;
  std::vector<JitFunction> functions;
  std::vector<std::string> unsupported;
  std::vector<rt::FlowFn> flows;
  std::vector<std::string> flow_unsupported;
  std::vector<std::unique_ptr<rt::DecodePlan>> plans;
  std::string llvm_ir;
  double seconds = 0;
  std::string error;
  bool from_cache = false;
};

Jit::Jit(const ir::Module& module, const JitOptions& options) : impl_(std::make_unique<Impl>()) {
  auto started = std::chrono::steady_clock::now();
  initialise_llvm();
  Impl& s = *impl_;
  s.functions.assign(module.functions.size(), nullptr);
  s.flows.assign(module.flows.size(), nullptr);
  s.plans.resize(module.flows.size());
  struct Timer {
    Impl& s;
    std::chrono::steady_clock::time_point started;
    ~Timer() { s.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count(); }
  } timer{s, started};

  // 1. LLVM IR for what this stage supports.
  auto context = std::make_unique<llvm::LLVMContext>();
  auto m = std::make_unique<llvm::Module>("syncloom." + module.mapping, *context);
  detail::emit_functions(module, *m, s.unsupported);
  detail::emit_flows(module, *m, s.flow_unsupported);
  std::string verify_errors;
  llvm::raw_string_ostream verify_out(verify_errors);
  if (llvm::verifyModule(*m, &verify_out)) {
    s.error = "internal error: generated LLVM IR does not verify: " + verify_out.str();
    return;
  }
  llvm::raw_string_ostream ir_out(s.llvm_ir);
  m->print(ir_out, nullptr);
  ir_out.flush();

  auto jtmb = llvm::orc::JITTargetMachineBuilder::detectHost();
  if (!jtmb) {
    s.error = llvm::toString(jtmb.takeError());
    return;
  }
  jtmb->setCodeGenOptLevel(llvm::CodeGenOpt::Default);
  auto built = llvm::orc::LLJITBuilder().setJITTargetMachineBuilder(*jtmb).create();
  if (!built) {
    s.error = llvm::toString(built.takeError());
    return;
  }
  s.jit = std::move(*built);
  if (auto err = define_runtime(*s.jit)) {
    s.error = llvm::toString(std::move(err));
    return;
  }
  if (m->empty()) return;

  // 2. The object: from the cache, or optimised and compiled now (and cached).
  std::string key = cache_key(s.llvm_ir);
  std::filesystem::path cached = options.cache_dir.empty() ? std::filesystem::path() : std::filesystem::path(options.cache_dir) / (key + ".o");
  std::unique_ptr<llvm::MemoryBuffer> object;
  if (!cached.empty() && std::filesystem::exists(cached)) {
    auto buffer = llvm::MemoryBuffer::getFile(cached.string());
    if (buffer) {
      object = std::move(*buffer);
      s.from_cache = true;
    }
  }
  if (!object) {
    auto tm = jtmb->createTargetMachine();
    if (!tm) {
      s.error = llvm::toString(tm.takeError());
      return;
    }
    m->setDataLayout((*tm)->createDataLayout());
    m->setTargetTriple((*tm)->getTargetTriple().str());
    optimise(*m, **tm);
    llvm::SmallVector<char, 0> bytes;
    llvm::raw_svector_ostream os(bytes);
    llvm::legacy::PassManager pm;
    if ((*tm)->addPassesToEmitFile(pm, os, nullptr, llvm::CGFT_ObjectFile)) {
      s.error = "the target cannot emit object files";
      return;
    }
    pm.run(*m);
    if (!cached.empty()) {
      std::error_code ec;
      std::filesystem::create_directories(options.cache_dir, ec);
      // Write then rename, so a concurrent reader never sees half an object.
      std::filesystem::path tmp = cached;
      tmp += ".tmp" + std::to_string(reinterpret_cast<uintptr_t>(this));
      std::ofstream(tmp, std::ios::binary).write(bytes.data(), std::streamsize(bytes.size()));
      std::filesystem::rename(tmp, cached, ec);
    }
    object = llvm::MemoryBuffer::getMemBufferCopy(llvm::StringRef(bytes.data(), bytes.size()), key);
  }

  // 3. Load, 4. look up.
  if (auto err = s.jit->addObjectFile(std::move(object))) {
    s.error = llvm::toString(std::move(err));
    return;
  }
  for (size_t i = 0; i < module.functions.size(); ++i) {
    if (!s.unsupported[i].empty()) continue;
    auto symbol = s.jit->lookup(detail::function_symbol(i));
    if (!symbol) {
      s.error = llvm::toString(symbol.takeError());
      return;
    }
    s.functions[i] = reinterpret_cast<JitFunction>(symbol->getAddress());
  }
  for (size_t i = 0; i < module.flows.size(); ++i) {
    if (!s.flow_unsupported[i].empty()) continue;
    auto symbol = s.jit->lookup(detail::flow_symbol(i));
    if (!symbol) {
      s.error = llvm::toString(symbol.takeError());
      return;
    }
    s.plans[i] = std::make_unique<rt::DecodePlan>(module.flows[i].input.root);
    s.flows[i] = reinterpret_cast<rt::FlowFn>(symbol->getAddress());
  }
}

Jit::~Jit() = default;

bool Jit::flow_compiled(size_t index) const { return index < impl_->flows.size() && impl_->flows[index] != nullptr; }

const std::string& Jit::flow_unsupported(size_t index) const {
  static const std::string compiled;
  if (flow_compiled(index)) return compiled;
  // A JIT that failed as a whole (no native target, bad IR) explains every flow it did not compile.
  if (!impl_->error.empty() || index >= impl_->flow_unsupported.size() || impl_->flow_unsupported[index].empty())
    return impl_->error;
  return impl_->flow_unsupported[index];
}

interp::RunResult Jit::run(size_t index, std::string_view json, const interp::RefResolver* refs) const {
  return rt::run_flow(impl_->flows.at(index), *impl_->plans.at(index), json, refs);
}

double Jit::compile_seconds() const { return impl_->seconds; }

std::string Jit::assembly() const {
  // Re-derived from the LLVM IR on request: the object cache keeps only machine code.
  llvm::LLVMContext context;
  llvm::SMDiagnostic diagnostic;
  auto m = llvm::parseIR(llvm::MemoryBufferRef(impl_->llvm_ir, "syncloom"), diagnostic, context);
  if (!m) return "; cannot re-read the LLVM IR: " + diagnostic.getMessage().str() + "\n";
  auto jtmb = llvm::orc::JITTargetMachineBuilder::detectHost();
  if (!jtmb) return "; " + llvm::toString(jtmb.takeError()) + "\n";
  jtmb->setCodeGenOptLevel(llvm::CodeGenOpt::Default);
  auto tm = jtmb->createTargetMachine();
  if (!tm) return "; " + llvm::toString(tm.takeError()) + "\n";
  m->setDataLayout((*tm)->createDataLayout());
  m->setTargetTriple((*tm)->getTargetTriple().str());
  optimise(*m, **tm);
  llvm::SmallVector<char, 0> bytes;
  llvm::raw_svector_ostream os(bytes);
  llvm::legacy::PassManager pm;
  if ((*tm)->addPassesToEmitFile(pm, os, nullptr, llvm::CGFT_AssemblyFile)) return "; the target cannot emit assembly\n";
  pm.run(*m);
  return std::string(bytes.data(), bytes.size());
}

JitFunction Jit::function(size_t index) const { return index < impl_->functions.size() ? impl_->functions[index] : nullptr; }
const std::string& Jit::unsupported(size_t index) const { return impl_->unsupported.at(index); }
const std::string& Jit::llvm_ir() const { return impl_->llvm_ir; }
bool Jit::from_cache() const { return impl_->from_cache; }
const std::string& Jit::error() const { return impl_->error; }

}  // namespace syncloom::codegen
