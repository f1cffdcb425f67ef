// The JIT driver: (1) emit LLVM IR, (2) look the object up in the cache, else optimise and
// compile it, (3) load the object into an LLJIT, (4) look the functions up.
#include "syncloom/codegen/jit.hpp"

#include <llvm/Config/llvm-config.h>
#include <llvm/AsmParser/Parser.h>
#include <llvm/ExecutionEngine/Orc/ExecutionUtils.h>
#include <llvm/ExecutionEngine/JITLink/EHFrameSupport.h>
#include <llvm/ExecutionEngine/Orc/LLJIT.h>
#include <llvm/ExecutionEngine/Orc/ObjectLinkingLayer.h>
#include <llvm/IRReader/IRReader.h>
#include <llvm/Support/SourceMgr.h>
#include <llvm/IR/LegacyPassManager.h>
#include <llvm/IR/Verifier.h>
#include <llvm/MC/TargetRegistry.h>
#include <llvm/Object/ObjectFile.h>
#include <llvm/Passes/PassBuilder.h>
#include <llvm/Support/Host.h>
#include <llvm/Support/MemoryBuffer.h>
#include <llvm/Support/TargetSelect.h>
#include <llvm/Support/raw_ostream.h>
#include <llvm/Target/TargetMachine.h>

#include <unistd.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <iterator>
#include <optional>
#include <thread>
#include <fstream>
#include <mutex>

#include "flow_codegen.hpp"
#include "object_cache.hpp"
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

/// kFull: LLVM's -O2. kFast: SimplifyCFG only. Flow code is calls into the runtime with little arithmetic
/// between them, and measured on the orders benchmark neither -O2 nor SROA, EarlyCSE and InstCombine
/// changed its speed (within 1% of instructions) while they doubled to quadrupled the compile time;
/// docs/jit.md has the numbers.
void optimise(llvm::Module& m, llvm::TargetMachine& tm, JitOptions::Optimisation level) {
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
  if (level == JitOptions::Optimisation::kFull) {
    pb.buildPerModuleDefaultPipeline(llvm::OptimizationLevel::O2).run(m, mam);
    return;
  }
  llvm::ModulePassManager mpm;
  llvm::cantFail(pb.parsePassPipeline(mpm, "function(simplifycfg)"));
  mpm.run(m, mam);
}

}  // namespace

std::string cache_key(const std::string& ir_text) {
  char buf[17];
  std::snprintf(buf, sizeof buf, "%016llx",
                static_cast<unsigned long long>(fnv1a(ir_text + "\nllvm " LLVM_VERSION_STRING "\n" + llvm::sys::getProcessTriple() +
                                                      "\n" + llvm::sys::getHostCPUName().str())));
  return buf;
}

using detail::build_identity;
using detail::read_file;
using detail::valid_object;
using detail::write_file;

struct Jit::Impl {
  const ir::Module& module;
  std::filesystem::path cache;  ///< empty: no object cache
  std::string key;              ///< names this mapping's cache entries
  std::optional<llvm::orc::JITTargetMachineBuilder> target;
  std::unique_ptr<llvm::orc::LLJIT> jit;
  std::string error;
  bool cached_mapping = false;
  JitOptions::Optimisation optimisation = JitOptions::Optimisation::kFast;
  std::atomic<int64_t> nanos{0};

  // Flows compile on first use, each in its own LLVM module and cache entry: a process pays only for the
  // flows it runs (`syncloom map --flow orders` compiles one of a mapping's flows).
  struct FlowUnit {
    std::once_flag once;
    std::atomic<rt::FlowFn> fn{nullptr};  ///< swapped to the -O2 code by a tier-up while others run it
    std::atomic<rt::IdentityFn> identity{nullptr};  ///< null: the interpreter computes key and idempotency
    std::string why;
    std::unique_ptr<rt::DecodePlan> plan;
    std::atomic<uint64_t> runs{0};
    std::atomic<bool> optimised{false};
    std::once_flag tier_once;  ///< a tier-up is attempted at most once
  };
  std::unique_ptr<FlowUnit[]> flows;
  uint64_t tier_up_after = 0;
  std::mutex tier_threads_mutex;
  std::vector<std::thread> tier_threads;  ///< background tier-ups, joined before the JIT goes away

  std::once_flag functions_once;
  std::vector<JitFunction> functions;
  std::vector<std::string> function_why;

  std::once_flag ir_once;
  std::string llvm_ir;

  explicit Impl(const ir::Module& m) : module(m), flows(new FlowUnit[m.flows.size()]) {}
  ~Impl() {
    std::lock_guard<std::mutex> lock(tier_threads_mutex);
    for (auto& t : tier_threads) t.join();
  }

  struct Clock {
    Impl& s;
    std::chrono::steady_clock::time_point started = std::chrono::steady_clock::now();
    ~Clock() { s.nanos += std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now() - started).count(); }
  };

  std::filesystem::path entry(const std::string& suffix) const { return cache / (key + suffix); }

  /// Verified, optimised machine code for `m` (an object file, or assembly text for --emit asm); empty and
  /// `why` set on failure.
  std::string compile(llvm::Module& m, std::string& why, llvm::CodeGenFileType type = llvm::CGFT_ObjectFile) {
    return compile(m, why, type, optimisation);
  }
  std::string compile(llvm::Module& m, std::string& why, llvm::CodeGenFileType type, JitOptions::Optimisation level) {
    std::string verify_errors;
    llvm::raw_string_ostream verify_out(verify_errors);
    if (llvm::verifyModule(m, &verify_out)) {
      why = "internal error: generated LLVM IR does not verify: " + verify_out.str();
      return {};
    }
    llvm::orc::JITTargetMachineBuilder builder = *target;
    builder.setCodeGenOptLevel(level == JitOptions::Optimisation::kFull ? llvm::CodeGenOpt::Default : llvm::CodeGenOpt::None);
    auto tm = builder.createTargetMachine();
    if (!tm) {
      why = llvm::toString(tm.takeError());
      return {};
    }
    m.setDataLayout((*tm)->createDataLayout());
    m.setTargetTriple((*tm)->getTargetTriple().str());
    optimise(m, **tm, level);
    llvm::SmallVector<char, 0> bytes;
    llvm::raw_svector_ostream os(bytes);
    llvm::legacy::PassManager pm;
    if ((*tm)->addPassesToEmitFile(pm, os, nullptr, type)) {
      why = "the target cannot emit this kind of file";
      return {};
    }
    pm.run(m);
    return std::string(bytes.data(), bytes.size());
  }

  /// The address of `symbol` in objects already loaded, or 0 (an identity function the JIT did not compile).
  uint64_t find(const std::string& symbol) {
    auto found = jit->lookup(symbol);
    if (!found) {
      llvm::consumeError(found.takeError());
      return 0;
    }
    return found->getAddress();
  }

  /// Adds an object to the JIT and looks `symbol` up; 0 and `why` set on failure.
  uint64_t load(std::string_view object, const std::string& symbol, std::string& why) {
    auto buffer = llvm::MemoryBuffer::getMemBufferCopy(llvm::StringRef(object.data(), object.size()), symbol);
    if (auto err = jit->addObjectFile(std::move(buffer))) {
      why = llvm::toString(std::move(err));
      return 0;
    }
    auto found = jit->lookup(symbol);
    if (!found) {
      why = llvm::toString(found.takeError());
      return 0;
    }
    return found->getAddress();
  }

  void ensure_flow(size_t i) {
    FlowUnit& u = flows[i];
    std::call_once(u.once, [&] {
      Clock clock{*this};
      if (!error.empty()) {
        u.why = error;
        return;
      }
      const std::string symbol = detail::flow_symbol(i);
      const std::string suffix = "-flow" + std::to_string(i);
      std::string object;
      if (!cache.empty()) {
        // A flow the JIT does not compile is remembered too, so a warm start emits nothing at all.
        if (read_file(entry(suffix + ".why"), u.why) && !u.why.empty()) return;
        u.why.clear();
        // A flow an earlier run tiered up starts on its -O2 code.
        if (tier_up_after && read_file(entry(suffix + kTierSuffix), object) && valid_object(object)) {
          std::string why;
          if (uint64_t address = load(object, symbol + kTierSymbol, why)) {
            u.plan = std::make_unique<rt::DecodePlan>(module.flows[i].input.root);
            u.optimised = true;
            u.identity = reinterpret_cast<rt::IdentityFn>(find(detail::identity_symbol(i) + kTierSymbol));
            u.fn = reinterpret_cast<rt::FlowFn>(address);
            return;
          }
        }
        object.clear();
        // A damaged entry (a truncated write, a full disk) is dropped and compiled afresh, not trusted.
        if (read_file(entry(suffix + ".o"), object) && !valid_object(object)) {
          std::error_code ec;
          std::filesystem::remove(entry(suffix + ".o"), ec);
          object.clear();
        }
      }
      if (object.empty()) {
        llvm::LLVMContext context;
        llvm::Module m("syncloom." + module.mapping + symbol, context);
        u.why = detail::emit_flow(module, i, m);
        if (!u.why.empty()) {
          if (!cache.empty()) write_file(entry(suffix + ".why"), u.why);
          return;
        }
        object = compile(m, u.why);
        if (object.empty()) return;
        if (!cache.empty()) write_file(entry(suffix + ".o"), object);
      }
      uint64_t address = load(object, symbol, u.why);
      if (!address) return;
      u.plan = std::make_unique<rt::DecodePlan>(module.flows[i].input.root);
      u.optimised = optimisation == JitOptions::Optimisation::kFull;
      u.identity = reinterpret_cast<rt::IdentityFn>(find(detail::identity_symbol(i)));
      u.fn = reinterpret_cast<rt::FlowFn>(address);
    });
  }

  // Tiered code lives beside the light code in the same JIT, under its own symbol and cache entry.
  static constexpr const char* kTierSymbol = ".o2";
  static constexpr const char* kTierSuffix = ".o2.o";

  /// Compiles flow `i` with -O2 and moves its calls there; false when it cannot (the light code stays).
  bool tier_up(size_t i) {
    ensure_flow(i);
    FlowUnit& u = flows[i];
    if (!u.fn.load() || u.optimised) return u.optimised;
    bool done = false;
    std::call_once(u.tier_once, [&] {
      Clock clock{*this};
      const std::string symbol = detail::flow_symbol(i);
      llvm::LLVMContext context;
      llvm::Module m("syncloom." + module.mapping + symbol + kTierSymbol, context);
      std::string why = detail::emit_flow(module, i, m);
      if (!why.empty()) return;
      m.getFunction(symbol)->setName(symbol + kTierSymbol);
      if (auto* identity = m.getFunction(detail::identity_symbol(i))) identity->setName(detail::identity_symbol(i) + kTierSymbol);
      std::string object = compile(m, why, llvm::CGFT_ObjectFile, JitOptions::Optimisation::kFull);
      if (object.empty()) return;
      if (!cache.empty()) write_file(entry("-flow" + std::to_string(i) + kTierSuffix), object);
      uint64_t address = load(object, symbol + kTierSymbol, why);
      if (!address) return;
      // Threads running the light code finish their record there; the next call runs the new code.
      if (uint64_t identity = find(detail::identity_symbol(i) + kTierSymbol))
        u.identity.store(reinterpret_cast<rt::IdentityFn>(identity), std::memory_order_release);
      u.fn.store(reinterpret_cast<rt::FlowFn>(address), std::memory_order_release);
      u.optimised = true;
      done = true;
    });
    return done || u.optimised;
  }

  /// Counts a record of flow `i`; the one that reaches tier_up_after starts the background tier-up.
  void count_run(size_t i) {
    FlowUnit& u = flows[i];
    // Past the threshold (tiered up, or a tier-up that failed) a record costs a load, not a shared increment.
    if (!tier_up_after || u.optimised.load(std::memory_order_relaxed) || u.runs.load(std::memory_order_relaxed) >= tier_up_after)
      return;
    if (u.runs.fetch_add(1, std::memory_order_relaxed) + 1 != tier_up_after) return;
    std::lock_guard<std::mutex> lock(tier_threads_mutex);
    tier_threads.emplace_back([this, i] { tier_up(i); });
  }

  void ensure_functions() {
    std::call_once(functions_once, [&] {
      Clock clock{*this};
      functions.assign(module.functions.size(), nullptr);
      function_why.assign(module.functions.size(), error);
      if (!error.empty() || module.functions.empty()) return;
      std::string object;
      bool cached = !cache.empty() && read_file(entry("-functions.o"), object) && !object.empty();
      llvm::LLVMContext context;
      llvm::Module m("syncloom." + module.mapping + ".functions", context);
      // Emission also says which functions compile (cheap next to codegen, so it runs even on a cache hit).
      detail::emit_functions(module, m, function_why);
      if (m.empty()) return;
      std::string why;
      if (!cached) {
        object = compile(m, why);
        if (object.empty()) {
          function_why.assign(module.functions.size(), why);
          return;
        }
        if (!cache.empty()) write_file(entry("-functions.o"), object);
      }
      auto buffer = llvm::MemoryBuffer::getMemBufferCopy(object, "functions");
      if (auto err = jit->addObjectFile(std::move(buffer))) {
        function_why.assign(module.functions.size(), llvm::toString(std::move(err)));
        return;
      }
      for (size_t i = 0; i < module.functions.size(); ++i) {
        if (!function_why[i].empty()) continue;
        auto symbol = jit->lookup(detail::function_symbol(i));
        if (!symbol) {
          function_why[i] = llvm::toString(symbol.takeError());
          continue;
        }
        functions[i] = reinterpret_cast<JitFunction>(symbol->getAddress());
      }
    });
  }

  /// Everything in one module, unoptimised (for --emit llvm and --emit asm).
  std::unique_ptr<llvm::Module> whole_module(llvm::LLVMContext& context) const {
    auto m = std::make_unique<llvm::Module>("syncloom." + module.mapping, context);
    std::vector<std::string> ignored;
    detail::emit_functions(module, *m, ignored);
    detail::emit_flows(module, *m, ignored);
    return m;
  }
};

Jit::Jit(const ir::Module& module, const JitOptions& options) : impl_(std::make_unique<Impl>(module)) {
  Impl& s = *impl_;
  Impl::Clock clock{s};
  initialise_llvm();
  // The key comes from the typed IR, not from LLVM IR: a warm start finds its objects without emitting
  // or printing any LLVM IR.
  s.optimisation = options.optimisation;
  bool full = options.optimisation == JitOptions::Optimisation::kFull;
  s.tier_up_after = full ? 0 : options.tier_up_after;
  s.key = cache_key(module.to_string() + "\n" + build_identity() + (full ? "\n-O2" : "\nfast"));
  if (!options.cache_dir.empty()) {
    s.cache = options.cache_dir;
    std::error_code ec;
    s.cached_mapping = std::filesystem::exists(s.entry(".mapping"), ec);
    if (s.cached_mapping) {
      detail::touch(s.entry(".mapping"));  // used: pruning keeps it
    } else {
      write_file(s.entry(".mapping"), module.mapping + "\n");
      // A cold start (a new mapping, or a new syncloom build, whose key differs) is when the directory
      // gains entries, so it is when entries nobody used for a month go.
      detail::prune(s.cache);
    }
  }
  auto target = llvm::orc::JITTargetMachineBuilder::detectHost();
  if (!target) {
    s.error = llvm::toString(target.takeError());
    return;
  }
  // The optimisation level is set per compile (compile()): kFast uses fast instruction selection, kFull and
  // tier-ups the full selector.
  // The small code model, position-independent, as a compiler would for a shared object: direct calls
  // and RIP-relative constants instead of 64-bit immediates, and the only model x86's fast instruction
  // selector handles (under the JIT's default, large, it hands almost every block to the full selector).
  // It needs a linker that keeps a flow's sections together and reaches far helpers through stubs:
  // JITLink, which lays each object out in one allocation and builds PLT and GOT entries.
  target->setCodeModel(llvm::CodeModel::Small);
  target->setRelocationModel(llvm::Reloc::PIC_);
  s.target = *target;
  auto built = llvm::orc::LLJITBuilder()
                   .setJITTargetMachineBuilder(*target)
                   .setObjectLinkingLayerCreator([](llvm::orc::ExecutionSession& es, const llvm::Triple&)
                                                     -> llvm::Expected<std::unique_ptr<llvm::orc::ObjectLayer>> {
                     auto layer = std::make_unique<llvm::orc::ObjectLinkingLayer>(es);
                     // Unwind tables, so that a C++ exception could cross generated frames as it does
                     // compiled ones.
                     layer->addPlugin(std::make_unique<llvm::orc::EHFrameRegistrationPlugin>(
                         es, std::make_unique<llvm::jitlink::InProcessEHFrameRegistrar>()));
                     return layer;  // moved implicitly (C++20)
                   })
                   .create();
  if (!built) {
    s.error = llvm::toString(built.takeError());
    return;
  }
  s.jit = std::move(*built);
  if (auto err = define_runtime(*s.jit)) s.error = llvm::toString(std::move(err));
}

Jit::~Jit() = default;

JitFunction Jit::function(size_t index) const {
  impl_->ensure_functions();
  return index < impl_->functions.size() ? impl_->functions[index] : nullptr;
}

const std::string& Jit::unsupported(size_t index) const {
  impl_->ensure_functions();
  return impl_->function_why.at(index);
}

bool Jit::flow_compiled(size_t index) const {
  if (index >= impl_->module.flows.size()) return false;
  impl_->ensure_flow(index);
  return impl_->flows[index].fn != nullptr;
}

const std::string& Jit::flow_unsupported(size_t index) const {
  impl_->ensure_flow(index);
  return impl_->flows[index].why;
}

interp::RunResult Jit::run(size_t index, std::string_view json, const interp::RefResolver* refs,
                           std::optional<std::string_view> previous) const {
  interp::RunResult result;
  run(index, json, refs, result, previous);
  return result;
}

bool Jit::identity_compiled(size_t index) const { return flow_compiled(index) && impl_->flows[index].identity.load() != nullptr; }

interp::IdentityResult Jit::identity(size_t index, std::string_view json, const interp::RefResolver* refs) const {
  if (!identity_compiled(index)) {
    interp::IdentityResult result;
    result.error = "internal error: the identity of flow " + std::to_string(index) + " is not compiled";
    return result;
  }
  return rt::run_identity(impl_->flows[index].identity.load(std::memory_order_acquire), *impl_->flows[index].plan, json, refs,
                          &impl_->module);
}

void Jit::run(size_t index, std::string_view json, const interp::RefResolver* refs, interp::RunResult& result,
              std::optional<std::string_view> previous) const {
  if (!flow_compiled(index)) {
    // A caller that skipped flow_compiled() gets a rejection, not a jump through a null pointer.
    result = interp::RunResult{};
    result.error = "internal error: flow " + std::to_string(index) + " is not compiled: " +
                   (index < impl_->module.flows.size() ? impl_->flows[index].why : std::string("no such flow"));
    return;
  }
  impl_->count_run(index);
  rt::run_flow(impl_->flows[index].fn.load(std::memory_order_acquire), *impl_->flows[index].plan, json, refs, result, previous,
               &impl_->module);
}

bool Jit::tier_up(size_t index) const { return index < impl_->module.flows.size() && impl_->tier_up(index); }

bool Jit::flow_optimised(size_t index) const { return flow_compiled(index) && impl_->flows[index].optimised; }

void Jit::compile_all() const {
  // Flows are independent (own module, own context, own cache entry) and ORC links concurrently, so a
  // mapping's flows compile on all cores.
  size_t n = impl_->module.flows.size();
  size_t workers = std::min<size_t>(n, std::max(1u, std::thread::hardware_concurrency()));
  std::atomic<size_t> next{0};
  auto work = [&] {
    for (size_t i = next++; i < n; i = next++) impl_->ensure_flow(i);
  };
  std::vector<std::thread> threads;
  for (size_t t = 1; t < workers; ++t) threads.emplace_back(work);
  work();
  for (auto& t : threads) t.join();
}

double Jit::compile_seconds() const { return double(impl_->nanos.load()) / 1e9; }

const std::string& Jit::llvm_ir() const {
  std::call_once(impl_->ir_once, [&] {
    llvm::LLVMContext context;
    auto m = impl_->whole_module(context);
    llvm::raw_string_ostream out(impl_->llvm_ir);
    m->print(out, nullptr);
  });
  return impl_->llvm_ir;
}

std::string Jit::assembly() const {
  if (!impl_->target) return "; " + impl_->error + "\n";
  llvm::LLVMContext context;
  auto m = impl_->whole_module(context);
  std::string why;
  std::string text = impl_->compile(*m, why, llvm::CGFT_AssemblyFile);
  return why.empty() ? text : "; " + why + "\n";
}

bool Jit::from_cache() const { return impl_->cached_mapping; }
const std::string& Jit::error() const { return impl_->error; }

}  // namespace syncloom::codegen
