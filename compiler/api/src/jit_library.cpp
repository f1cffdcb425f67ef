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
  // The file the loader chose (a bare name is resolved through its search path).
  Dl_info info{};
  lib.path = dladdr(reinterpret_cast<void*>(entry), &info) != 0 && info.dli_fname ? info.dli_fname : file;
  lib.error.clear();
  return true;
}

// Next to the binary holding this code, next to the executable, then the bare name, which the dynamic
// loader looks up: the calling binary's RUNPATH (the build tree's binaries point it at the module, the
// installed `syncloom` at its ../lib, and the CMake package adds the installed lib/ to an embedder's),
// LD_LIBRARY_PATH, then the system's library directories.
void find_and_open(JitLibrary& lib) {
  std::vector<std::string> files;
  for (const std::string& dir : {own_directory(), exe_directory()}) {
    std::string file = dir.empty() ? "" : (fs::path(dir) / kJitLibraryName).string();
    if (!file.empty() && std::find(files.begin(), files.end(), file) == files.end()) files.push_back(file);
  }
  std::string tried;
  for (const std::string& file : files) {
    std::error_code ec;
    if (fs::exists(file, ec)) {
      if (open(file, lib)) return;
    } else {
      tried += file + ", ";
    }
  }
  std::string found_error = lib.error;  // a module found beside us but unusable says more than "not found"
  if (open(kJitLibraryName, lib)) return;
  bool not_on_search_path = lib.error.find("cannot open shared object file") != std::string::npos;
  if (!not_on_search_path) return;  // found by the loader but unusable: its error says why
  lib.error = !found_error.empty() ? found_error
                                   : std::string("cannot find ") + kJitLibraryName + " (looked for " + tried +
                                         "then on the dynamic loader's search path)";
}

JitLibrary load() {
  auto start = std::chrono::steady_clock::now();
  JitLibrary lib;
  const char* forced = std::getenv("SYNCLOOM_JIT_LIBRARY");
  if (forced && *forced) {
    if (!open(forced, lib)) lib.error = "cannot load $SYNCLOOM_JIT_LIBRARY: " + lib.error;
  } else {
    find_and_open(lib);
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
