// Engine selection in the embedding API: the JIT engine compiles, runs what it compiled natively and the rest
// on the interpreter with a stated reason, gives the interpreter's bytes either way, and keeps its object
// code in a cache directory that a second compile reads.
#include <unistd.h>

#include <catch2/catch.hpp>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <optional>
#include <string>
#include <vector>

#include "syncloom/syncloom.hpp"

namespace fs = std::filesystem;

namespace {

const std::string kRoot = SYNCLOOM_SOURCE_DIR;

// A flow and a user function over int: the function compiles at every JIT stage, so there is always object
// code to cache, whether or not the flow compiles.
const char* kCacheProbe = R"(mapping cache_probe version 1

system woo: woocommerce
system erp: netsuite

fn doubled(x: int) -> int = x * 2

domain orders {
  owner woo
  sync event on woo "order.created"
  flow woo.order -> erp.salesOrder update {
    externalId = "WOO-" + string(doubled(id))
    entity { id = "1" }
  }
}
)";

/// A fresh, empty directory under the system's temp directory, removed at scope exit.
struct TempDir {
  fs::path path;
  explicit TempDir(const std::string& name) : path(fs::temp_directory_path() / (name + "-" + std::to_string(::getpid()))) {
    fs::remove_all(path);
  }
  ~TempDir() { fs::remove_all(path); }
};

/// Sets an environment variable for one scope, restoring the previous value (tests run one per process).
struct ScopedEnv {
  std::string name;
  std::optional<std::string> old;
  ScopedEnv(std::string n, const char* value) : name(std::move(n)) {
    if (const char* v = std::getenv(name.c_str())) old = v;
    if (value) setenv(name.c_str(), value, 1); else unsetenv(name.c_str());
  }
  ~ScopedEnv() {
    if (old) setenv(name.c_str(), old->c_str(), 1); else unsetenv(name.c_str());
  }
};

std::string outcome_text(const syncloom::RecordResult& r) {
  return std::to_string(int(r.outcome)) + "|" + r.output + "|" + r.error_path + "|" + r.error;
}

}  // namespace

TEST_CASE("the interpreter engine runs no native code and says so", "[api][engine]") {
  auto r = syncloom::compile_file(kRoot + "/tests/golden/tx_money_exact/mapping.loom");
  REQUIRE(r.mapping);
  CHECK(r.mapping->engine() == syncloom::Engine::kInterpreter);
  CHECK(r.mapping->jit_seconds() == 0);
  CHECK_FALSE(r.mapping->from_cache());
  auto pipeline = r.mapping->pipeline("orders");
  REQUIRE(pipeline);
  CHECK(pipeline->engine() == syncloom::Engine::kInterpreter);
  CHECK_FALSE(pipeline->native());
  CHECK(pipeline->fallback_reason() == "the interpreter engine was selected");
}

TEST_CASE("the JIT engine compiles; a flow either runs natively or names why it falls back", "[api][engine][jit]") {
  syncloom::CompileOptions options;
  options.engine = syncloom::Engine::kJit;
  options.use_cache = false;
  auto jit = syncloom::compile_file(kRoot + "/tests/golden/tx_money_exact/mapping.loom", options);
  REQUIRE(jit.mapping);
  CHECK(jit.mapping->engine() == syncloom::Engine::kJit);
  CHECK(jit.mapping->jit_error().empty());  // LLVM has a native target on every machine we build on
  CHECK(jit.mapping->jit_seconds() > 0);
  auto pipeline = jit.mapping->pipeline("orders");
  REQUIRE(pipeline);
  CHECK(pipeline->engine() == syncloom::Engine::kJit);
  INFO("native " << pipeline->native() << ", fallback reason: " << pipeline->fallback_reason());
  CHECK(pipeline->native() == pipeline->fallback_reason().empty());

  // Either way, the bytes are the interpreter's.
  auto interp = syncloom::compile_file(kRoot + "/tests/golden/tx_money_exact/mapping.loom");
  REQUIRE(interp.mapping);
  auto reference = interp.mapping->pipeline("orders");
  std::ifstream in(kRoot + "/tests/golden/tx_money_exact/input.ndjson");
  int records = 0;
  for (std::string line; std::getline(in, line);) {
    if (line.empty()) continue;
    ++records;
    INFO(line);
    CHECK(outcome_text(pipeline->run(line)) == outcome_text(reference->run(line)));
    CHECK(outcome_text(pipeline->reference().run(line)) == outcome_text(reference->run(line)));
  }
  CHECK(records >= 5);
  // reference() is the same flow on the interpreter, whatever the mapping's engine.
  CHECK(pipeline->native());  // this flow compiles, so the next two lines say something
  CHECK(pipeline->reference().engine() == syncloom::Engine::kInterpreter);
  CHECK_FALSE(pipeline->reference().native());
  CHECK(pipeline->reference().flow().selector() == pipeline->flow().selector());
}

TEST_CASE("a second JIT compile with the same cache directory loads the object from the cache", "[api][engine][jit][cache]") {
  TempDir cache("syncloom-api-cache");
  syncloom::CompileOptions options;
  options.engine = syncloom::Engine::kJit;
  options.cache_dir = cache.path.string();
  auto first = syncloom::compile_source("cache_probe.loom", kCacheProbe, options);
  INFO(first.diagnostics);
  REQUIRE(first.mapping);
  CHECK_FALSE(first.mapping->from_cache());
  CHECK(fs::exists(cache.path));
  CHECK_FALSE(fs::is_empty(cache.path));
  auto second = syncloom::compile_source("cache_probe.loom", kCacheProbe, options);
  REQUIRE(second.mapping);
  CHECK(second.mapping->from_cache());
  std::string input = R"({"id": 21, "status": "processing"})";
  CHECK(outcome_text(second.mapping->pipeline("orders")->run(input)) == outcome_text(first.mapping->pipeline("orders")->run(input)));
  CHECK(first.mapping->pipeline("orders")->run(input).output.find("\"externalId\":\"WOO-42\"") != std::string::npos);

  // Without the cache nothing is read or written.
  TempDir unused("syncloom-api-nocache");
  options.cache_dir = unused.path.string();
  options.use_cache = false;
  auto uncached = syncloom::compile_source("cache_probe.loom", kCacheProbe, options);
  REQUIRE(uncached.mapping);
  CHECK_FALSE(uncached.mapping->from_cache());
  CHECK_FALSE(fs::exists(unused.path));
}

TEST_CASE("a cold start prunes cache entries unused for a month; a cache hit keeps its entry", "[api][engine][jit][cache]") {
  TempDir cache("syncloom-api-prune");
  syncloom::CompileOptions options;
  options.engine = syncloom::Engine::kJit;
  options.cache_dir = cache.path.string();
  fs::create_directories(cache.path);
  auto write = [&](const std::string& name, int days_old) {
    std::ofstream(cache.path / name) << "x";
    fs::last_write_time(cache.path / name, fs::file_time_type::clock::now() - std::chrono::hours(24 * days_old));
  };
  write("00000000000000aa.mapping", 40);        // stale entry: its marker and objects go
  write("00000000000000aa-flow0.o", 40);
  write("00000000000000aa-flow1.why", 40);
  write("00000000000000bb.mapping", 3);         // recently used: kept, objects too
  write("00000000000000bb-flow0.o", 40);
  write("00000000000000cc-flow0.o", 40);        // orphaned object: goes
  write("00000000000000dd.mapping.tmp77.0", 2);  // a recent unfinished write: kept
  write("00000000000000ee-flow0.o.tmp77.1", 45);  // an abandoned one: goes
  write("notes.txt", 400);                      // not the cache's: never touched
  auto first = syncloom::compile_source("cache_probe.loom", kCacheProbe, options);
  REQUIRE(first.mapping);
  CHECK_FALSE(first.mapping->from_cache());
  CHECK_FALSE(fs::exists(cache.path / "00000000000000aa.mapping"));
  CHECK_FALSE(fs::exists(cache.path / "00000000000000aa-flow0.o"));
  CHECK_FALSE(fs::exists(cache.path / "00000000000000aa-flow1.why"));
  CHECK_FALSE(fs::exists(cache.path / "00000000000000cc-flow0.o"));
  CHECK(fs::exists(cache.path / "00000000000000bb.mapping"));
  CHECK(fs::exists(cache.path / "00000000000000bb-flow0.o"));
  CHECK(fs::exists(cache.path / "00000000000000dd.mapping.tmp77.0"));
  CHECK_FALSE(fs::exists(cache.path / "00000000000000ee-flow0.o.tmp77.1"));
  CHECK(fs::exists(cache.path / "notes.txt"));

  // A hit refreshes its marker, so a mapping in use is never pruned however old its first compile.
  fs::path marker;
  for (const auto& e : fs::directory_iterator(cache.path))
    if (e.path().extension() == ".mapping" && e.path().filename().string().rfind("00000000000000", 0) != 0) marker = e.path();
  REQUIRE(!marker.empty());
  fs::last_write_time(marker, fs::file_time_type::clock::now() - std::chrono::hours(24 * 60));
  auto second = syncloom::compile_source("cache_probe.loom", kCacheProbe, options);
  REQUIRE(second.mapping);
  CHECK(second.mapping->from_cache());
  CHECK(fs::last_write_time(marker) > fs::file_time_type::clock::now() - std::chrono::hours(1));
}

namespace {

/// Every flow the JIT compiles: the mapping's, and per workflow its start filter, instance key, checks and
/// each await's filter and `by` (docs/design.md).
size_t compiled_flows(const syncloom::Mapping& m) {
  size_t n = m.flows().size();
  for (const auto& w : m.plan().workflows) {
    n += size_t(w.start.has_filter) + 1;
    for (const auto& s : w.steps) {
      n += s.checks.size();
      for (const auto& a : s.awaits) n += size_t(a.event.has_filter) + 1;
    }
  }
  return n;
}

}  // namespace

TEST_CASE("compile_all compiles every flow of a shipped mapping in parallel", "[api][engine][jit]") {
  TempDir cache("syncloom-api-compile-all");
  syncloom::CompileOptions options;
  options.schema_dir = kRoot + "/schemas";
  options.engine = syncloom::Engine::kJit;
  options.cache_dir = cache.path.string();
  auto compiled = syncloom::compile_file(kRoot + "/mappings/woocommerce-oracle-fusion.loom", options);
  INFO(compiled.diagnostics);
  REQUIRE(compiled.mapping);
  double before = compiled.mapping->jit_seconds();
  compiled.mapping->compile_all();
  CHECK(compiled.mapping->jit_seconds() > before);  // the flows compiled here, not on first use
  size_t objects = 0;
  for (const auto& entry : fs::directory_iterator(cache.path)) objects += entry.path().extension() == ".o";
  CHECK(objects == compiled_flows(*compiled.mapping));
  for (const auto& flow : compiled.mapping->flows()) {
    auto pipeline = compiled.mapping->pipeline(flow.selector());
    INFO(flow.selector() << ": " << pipeline->fallback_reason());
    CHECK(pipeline->native());
  }
  compiled.mapping->compile_all();  // a second call has nothing left to do
  CHECK(objects == compiled_flows(*compiled.mapping));
}

TEST_CASE("a damaged cache entry is compiled afresh, not trusted", "[api][engine][jit][cache]") {
  TempDir cache("syncloom-api-damaged");
  syncloom::CompileOptions options;
  options.engine = syncloom::Engine::kJit;
  options.cache_dir = cache.path.string();
  std::string input = R"({"id": 21, "status": "processing"})";
  auto first = syncloom::compile_source("cache_probe.loom", kCacheProbe, options);
  REQUIRE(first.mapping);
  std::string expected = outcome_text(first.mapping->pipeline("orders")->run(input));
  // Truncate every object the first compile wrote, as a full disk or a killed writer would.
  size_t damaged = 0;
  for (const auto& entry : fs::directory_iterator(cache.path))
    if (entry.path().extension() == ".o") {
      fs::resize_file(entry.path(), 64);
      ++damaged;
    }
  REQUIRE(damaged > 0);
  auto second = syncloom::compile_source("cache_probe.loom", kCacheProbe, options);
  REQUIRE(second.mapping);
  auto pipeline = second.mapping->pipeline("orders");
  CHECK(pipeline->native());
  CHECK(pipeline->fallback_reason().empty());
  CHECK(outcome_text(pipeline->run(input)) == expected);
  for (const auto& entry : fs::directory_iterator(cache.path))
    if (entry.path().extension() == ".o") CHECK(fs::file_size(entry.path()) > 64);
}

TEST_CASE("the default cache directory follows SYNCLOOM_CACHE_DIR, then XDG_CACHE_HOME, then HOME", "[api][cache]") {
  ScopedEnv home("HOME", "/home/analyst");
  {
    ScopedEnv own("SYNCLOOM_CACHE_DIR", "/var/cache/loom");
    ScopedEnv xdg("XDG_CACHE_HOME", "/xdg");
    CHECK(syncloom::default_jit_cache_dir() == "/var/cache/loom");
  }
  ScopedEnv own("SYNCLOOM_CACHE_DIR", nullptr);
  {
    ScopedEnv xdg("XDG_CACHE_HOME", "/xdg");
    CHECK(syncloom::default_jit_cache_dir() == "/xdg/syncloom");
  }
  {
    ScopedEnv xdg("XDG_CACHE_HOME", "relative/ignored");  // the XDG spec: relative paths are invalid
    CHECK(syncloom::default_jit_cache_dir() == "/home/analyst/.cache/syncloom");
  }
  ScopedEnv xdg("XDG_CACHE_HOME", nullptr);
  CHECK(syncloom::default_jit_cache_dir() == "/home/analyst/.cache/syncloom");
  ScopedEnv no_home("HOME", nullptr);
  CHECK(syncloom::default_jit_cache_dir().empty());
}

TEST_CASE("a JIT that cannot be built leaves the mapping compiled and its flows on the interpreter, saying why", "[api][engine][jit]") {
  // A cache path too long for the file system: codegen::Jit throws from std::filesystem (today) or compiles
  // without its cache. Either way the compile succeeds and records come out as the interpreter writes them.
  syncloom::CompileOptions options;
  options.engine = syncloom::Engine::kJit;
  options.cache_dir = (fs::temp_directory_path() / std::string(5000, 'x')).string();
  auto r = syncloom::compile_source("cache_probe.loom", kCacheProbe, options);
  REQUIRE(r.mapping);
  auto pipeline = r.mapping->pipeline("orders");
  REQUIRE(pipeline);
  INFO("jit error: " << r.mapping->jit_error() << "\nfallback reason: " << pipeline->fallback_reason());
  if (!r.mapping->jit_error().empty()) {
    CHECK_FALSE(pipeline->native());
    CHECK(pipeline->fallback_reason() == "the JIT is unavailable: " + r.mapping->jit_error());
  }
  std::string input = R"({"id": 21, "status": "processing"})";
  CHECK(pipeline->run(input).output.find("\"externalId\":\"WOO-42\"") != std::string::npos);
}
