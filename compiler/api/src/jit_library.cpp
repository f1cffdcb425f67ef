// Finds and loads libsyncloom_jit.so with dlopen the first time something needs native code, so that
// linting, formatting and interpreting never map LLVM (about 50 MB and 20 ms at start-up).
#include "syncloom/detail/jit_library.hpp"

#include <dlfcn.h>

#include <chrono>
#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <vector>

namespace syncloom::detail {
namespace {
namespace fs = std::filesystem;

// The directory of the binary this code was linked into: the executable, or an embedder's library.
std::string own_directory() {
  Dl_info info{};
  if (dladdr(reinterpret_cast<void*>(&jit_library), &info) == 0 || info.dli_fname == nullptr || *info.dli_fname == '\0')
    return "";
  std::error_code ec;
  fs::path self = fs::canonical(info.dli_fname, ec);
  return ec ? "" : self.parent_path().string();
}

std::string exe_directory() {
  std::error_code ec;
  fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  return ec ? "" : exe.parent_path().string();
}

std::vector<std::string> candidates() {
  std::vector<std::string> files;
  auto add = [&](const std::string& file) {
    if (!file.empty() && std::find(files.begin(), files.end(), file) == files.end()) files.push_back(file);
  };
  for (const std::string& dir : {own_directory(), exe_directory()})
    if (!dir.empty()) add((fs::path(dir) / kJitLibraryName).string());
#ifdef SYNCLOOM_JIT_BUILD_PATH
  add(SYNCLOOM_JIT_BUILD_PATH);  // tests, examples and benchmarks run from the build tree
#endif
  return files;
}

// dlopen with RTLD_LOCAL: the module's symbols (all local but its entry point) stay out of the global
// scope. It is never closed: compiled code and thread-local scratch memory live in it until exit.
bool open(const std::string& file, JitLibrary& lib) {
  void* handle = dlopen(file.c_str(), RTLD_NOW | RTLD_LOCAL);
  if (!handle) {
    const char* why = dlerror();
    lib.error = why ? why : ("cannot load " + file);
    return false;
  }
  using Entry = const codegen::JitModule* (*)();
  auto entry = reinterpret_cast<Entry>(dlsym(handle, SYNCLOOM_JIT_ENTRY_POINT));
  const codegen::JitModule* module = entry ? entry() : nullptr;
  if (!module) {
    lib.error = file + " is not a syncloom JIT module (no " SYNCLOOM_JIT_ENTRY_POINT ")";
    return false;
  }
  if (module->abi != codegen::kJitModuleAbi || module->layout != codegen::jit_module_layout()) {
    lib.error = file + " is from another build of syncloom (its interface differs)";
    return false;
  }
  lib.module = module;
  lib.path = file;
  lib.error.clear();
  return true;
}

JitLibrary load() {
  auto start = std::chrono::steady_clock::now();
  JitLibrary lib;
  const char* forced = std::getenv("SYNCLOOM_JIT_LIBRARY");
  if (forced && *forced) {
    if (!open(forced, lib)) lib.error = "cannot load $SYNCLOOM_JIT_LIBRARY: " + lib.error;
  } else {
    std::vector<std::string> files = candidates();
    std::string tried;
    for (const std::string& file : files) {
      std::error_code ec;
      if (!fs::exists(file, ec)) {
        tried += (tried.empty() ? "" : ", ") + file;
        continue;
      }
      if (open(file, lib)) break;
    }
    if (!lib.module && lib.error.empty()) lib.error = std::string("cannot find ") + kJitLibraryName + " (looked for " + tried + ")";
  }
  lib.load_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return lib;
}

}  // namespace

const JitLibrary& jit_library() {
  // Loaded once and immutable afterwards: the process-wide state is the dynamic loader's, not ours.
  static const JitLibrary lib = load();
  return lib;
}

}  // namespace syncloom::detail
