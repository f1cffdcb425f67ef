// bench_jit_compile: what the JIT adds to compiling a mapping. Compiles the largest shipped mapping (or
// --mapping FILE) RUNS times each way and reports median and minimum wall times in ms:
//   interp  the front end and lowering only (what every engine pays);
//   cold    with the JIT engine and an empty object cache, every flow compiled (Mapping::compile_all, in
//           parallel; flows otherwise compile on first use): LLVM emission, optimisation, codegen, load;
//   cached  the same with the cache filled by a previous compile: objects are loaded, nothing is emitted;
//   per flow  each flow's first use alone, cold (what `syncloom map --flow F` pays on a cold start).
// "jit" columns are Mapping::jit_seconds(), the JIT's own share of each compile. Targets (issue 3): cold
// <= 50 ms, cached <= 5 ms. See bench/README.md.
//
//   bench_jit_compile [RUNS] [--mapping FILE]
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include "syncloom/syncloom.hpp"

namespace {

namespace fs = std::filesystem;

struct Timings {
  std::vector<double> total_ms, jit_ms;
  int from_cache = 0;
};

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v.empty() ? 0 : v.size() % 2 ? v[v.size() / 2] : (v[v.size() / 2 - 1] + v[v.size() / 2]) / 2;
}
double minimum(const std::vector<double>& v) { return v.empty() ? 0 : *std::min_element(v.begin(), v.end()); }

std::string largest_shipped_mapping() {
  std::string best;
  uintmax_t best_size = 0;
  for (const auto& entry : fs::directory_iterator(std::string(SYNCLOOM_SOURCE_DIR) + "/mappings")) {
    if (entry.path().extension() != ".loom" || entry.file_size() <= best_size) continue;
    best_size = entry.file_size();
    best = entry.path().string();
  }
  return best;
}

/// One compile, timed; exits on a compile error (the benchmark's input must be valid). With the JIT, every
/// flow is compiled too (Mapping::compile_all, in parallel): flows otherwise compile on first use.
std::shared_ptr<const syncloom::Mapping> compile(const std::string& path, const syncloom::CompileOptions& options, Timings& t) {
  auto start = std::chrono::steady_clock::now();
  auto result = syncloom::compile_file(path, options);
  auto built = std::chrono::steady_clock::now();
  if (!result.mapping) {
    std::fprintf(stderr, "error: %s does not compile:\n%s", path.c_str(), result.diagnostics.c_str());
    std::exit(1);
  }
  double jit_ms = result.mapping->jit_seconds() * 1000;  // the JIT's part of compile_file
  result.mapping->compile_all();
  auto end = std::chrono::steady_clock::now();
  jit_ms += std::chrono::duration<double, std::milli>(end - built).count();
  t.total_ms.push_back(std::chrono::duration<double, std::milli>(end - start).count());
  t.jit_ms.push_back(jit_ms);
  t.from_cache += result.mapping->from_cache();
  return result.mapping;
}

/// Each flow alone, cold: a new cache directory, then the wall time of the flow's first use.
std::vector<double> flow_alone(const std::string& path, syncloom::CompileOptions options, size_t flow, const fs::path& dir) {
  options.cache_dir = dir.string();
  auto result = syncloom::compile_file(path, options);
  if (!result.mapping) std::exit(1);
  auto start = std::chrono::steady_clock::now();
  (void)result.mapping->pipeline(result.mapping->flows()[flow].selector())->native();
  return {std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count()};
}

void report(const char* name, const Timings& t, const char* target) {
  std::printf("  %-7s total median %7.1f ms, min %7.1f ms   jit median %7.1f ms, min %7.1f ms   from cache %d/%zu   %s\n", name,
              median(t.total_ms), minimum(t.total_ms), median(t.jit_ms), minimum(t.jit_ms), t.from_cache, t.total_ms.size(), target);
}

}  // namespace

int main(int argc, char** argv) {
  int runs = 9;
  std::string mapping = largest_shipped_mapping();
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    if (arg == "--mapping" && i + 1 < argc) {
      mapping = argv[++i];
    } else if (!arg.empty() && std::isdigit(static_cast<unsigned char>(arg[0]))) {
      runs = std::max(1, std::atoi(arg.c_str()));
    } else {
      std::fprintf(stderr, "usage: bench_jit_compile [RUNS] [--mapping FILE]\n");
      return 2;
    }
  }
  fs::path cache_root = fs::temp_directory_path() / ("syncloom-bench-jit-" + std::to_string(::getpid()));
  syncloom::CompileOptions interp_options;
  interp_options.schema_dir = std::string(SYNCLOOM_SOURCE_DIR) + "/schemas";
  syncloom::CompileOptions jit_options = interp_options;
  jit_options.engine = syncloom::Engine::kJit;

  // One compile first, so the process-wide start-up (schemas in the page cache, LLVM's target registry)
  // is not charged to the first timed run; the reported flows come from it.
  Timings warmup;
  jit_options.cache_dir = (cache_root / "warmup").string();
  auto probe = compile(mapping, jit_options, warmup);
  size_t native = 0;
  std::string fallback;
  for (const auto& flow : probe->flows()) {
    auto pipeline = probe->pipeline(flow.selector());
    if (pipeline->native()) ++native;
    else if (fallback.empty()) fallback = flow.selector() + ": " + pipeline->fallback_reason();
  }
  std::printf("mapping: %s (%ju bytes), %zu flows, %zu compiled by the JIT\n", mapping.c_str(), uintmax_t(fs::file_size(mapping)),
              probe->flows().size(), native);
  if (!probe->jit_error().empty()) std::printf("  the JIT is unavailable: %s\n", probe->jit_error().c_str());
  if (!fallback.empty()) std::printf("  first fallback: %s\n", fallback.c_str());

  Timings interp, cold, cached;
  for (int r = 0; r < runs; ++r) compile(mapping, interp_options, interp);
  for (int r = 0; r < runs; ++r) {
    jit_options.cache_dir = (cache_root / ("cold-" + std::to_string(r))).string();  // a new, empty directory
    compile(mapping, jit_options, cold);
  }
  jit_options.cache_dir = (cache_root / "cold-0").string();  // filled by the first cold run
  for (int r = 0; r < runs; ++r) compile(mapping, jit_options, cached);

  std::printf("%d runs each:\n", runs);
  report("interp", interp, "");
  report("cold", cold, "(target: jit <= 50 ms)");
  report("cached", cached, "(target: jit <= 5 ms)");
  std::printf("  per flow, cold, alone (median ms of its first use):\n");
  for (size_t f = 0; f < probe->flows().size(); ++f) {
    std::vector<double> ms;
    for (int r = 0; r < runs; ++r) {
      auto one = flow_alone(mapping, jit_options, f, cache_root / ("flow-" + std::to_string(f) + "-" + std::to_string(r)));
      ms.insert(ms.end(), one.begin(), one.end());
    }
    std::printf("    %7.1f  %s\n", median(ms), probe->flows()[f].selector().c_str());
  }
  fs::remove_all(cache_root);
  if (cached.from_cache == 0)
    std::printf("  note: nothing came from the cache: the JIT compiled no object code for this mapping\n");
  return 0;
}
