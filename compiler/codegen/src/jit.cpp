// The JIT driver: (1) emit LLVM IR, (2) look the object up in the cache, else optimise at -O2 and
// compile it, (3) load the object into an LLJIT, (4) look the functions up.
#include "syncloom/codegen/jit.hpp"

#include <llvm/Config/llvm-config.h>
#include <llvm/ExecutionEngine/Orc/LLJIT.h>
#include <llvm/IR/LegacyPassManager.h>
#include <llvm/IR/Verifier.h>
#include <llvm/MC/TargetRegistry.h>
#include <llvm/Passes/PassBuilder.h>
#include <llvm/Support/Host.h>
#include <llvm/Support/MemoryBuffer.h>
#include <llvm/Support/TargetSelect.h>
#include <llvm/Support/raw_ostream.h>
#include <llvm/Target/TargetMachine.h>

#include <filesystem>
#include <fstream>
#include <mutex>

#include "function_codegen.hpp"

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
  std::string llvm_ir;
  std::string error;
  bool from_cache = false;
};

Jit::Jit(const ir::Module& module, const JitOptions& options) : impl_(std::make_unique<Impl>()) {
  initialise_llvm();
  Impl& s = *impl_;
  s.functions.assign(module.functions.size(), nullptr);

  // 1. LLVM IR for what this stage supports.
  auto context = std::make_unique<llvm::LLVMContext>();
  auto m = std::make_unique<llvm::Module>("syncloom." + module.mapping, *context);
  detail::emit_functions(module, *m, s.unsupported);
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
}

Jit::~Jit() = default;

bool Jit::flow_compiled(size_t) const { return false; }
const std::string& Jit::flow_unsupported(size_t) const {
  static const std::string why = "flows are not compiled yet";
  return why;
}
interp::RunResult Jit::run(size_t, std::string_view, const interp::RefResolver*) const {
  interp::RunResult r;
  r.error = "internal error: flow not compiled";
  return r;
}
std::string Jit::assembly() const { return {}; }
double Jit::compile_seconds() const { return 0; }

JitFunction Jit::function(size_t index) const { return index < impl_->functions.size() ? impl_->functions[index] : nullptr; }
const std::string& Jit::unsupported(size_t index) const { return impl_->unsupported.at(index); }
const std::string& Jit::llvm_ir() const { return impl_->llvm_ir; }
bool Jit::from_cache() const { return impl_->from_cache; }
const std::string& Jit::error() const { return impl_->error; }

}  // namespace syncloom::codegen
