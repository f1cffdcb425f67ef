// Loading the JIT module (libsyncloom_jit.so, which links LLVM) once per process, on first use. Not part
// of the embedding API: Mapping uses it for Engine::kJit, and `syncloom compile --emit llvm|asm` to
// show what the JIT makes. Where it looks is in docs/design.md ("Loading the JIT").
#pragma once

#include <string>

#include "syncloom/codegen/jit_module.hpp"

namespace syncloom::detail {

inline constexpr const char* kJitLibraryName = "libsyncloom_jit.so";

struct JitLibrary {
  const codegen::JitModule* module = nullptr;  ///< null when it could not be loaded (`error` says why)
  std::string path;                            ///< the file that was loaded ("" when none was)
  std::string error;
  double load_seconds = 0;  ///< what loading it (and LLVM) cost
};

/// The JIT module, loaded on the first call (thread-safe) and kept for the life of the process: the
/// first call decides, later calls return the same result. `$SYNCLOOM_JIT_LIBRARY`, when set, is the only
/// file tried; otherwise kJitLibraryName next to the binary holding this code (the executable, or the
/// embedder's shared library), next to /proc/self/exe, then by name through the dynamic loader (RUNPATH,
/// LD_LIBRARY_PATH, system directories), which is how the build tree and an installation find it.
const JitLibrary& jit_library();

}  // namespace syncloom::detail
