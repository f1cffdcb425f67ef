// Tiered compilation (docs/jit.md): a flow starts on light code, is compiled again with -O2 after
// JitOptions::tier_up_after records (on a background thread) or on request, and its calls move to the
// optimised code, which is cached so that a later start begins there. Results never change.
#include <catch2/catch.hpp>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <thread>

#include "syncloom/codegen/jit.hpp"
#include "syncloom/frontend/frontend.hpp"
#include "syncloom/frontend/lower.hpp"
#include "syncloom/interp/interpreter.hpp"

using namespace syncloom;
namespace fs = std::filesystem;

namespace {

const std::string kCase = std::string(SYNCLOOM_SOURCE_DIR) + "/tests/golden/tx_money_exact";

ir::Module lowered() {
  frontend::Compilation c(frontend::FrontendOptions{std::string(SYNCLOOM_SOURCE_DIR) + "/schemas", false, nullptr});
  REQUIRE(c.check_file(kCase + "/mapping.loom"));
  REQUIRE(!c.diagnostics().has_errors());
  return frontend::lower(*c.program());
}

std::vector<std::string> records() {
  std::ifstream in(kCase + "/input.ndjson");
  std::vector<std::string> out;
  for (std::string line; std::getline(in, line);)
    if (!line.empty()) out.push_back(line);
  return out;
}

std::string text(const interp::RunResult& r) {
  return std::to_string(int(r.outcome)) + "|" + r.output + "|" + r.error_path + "|" + r.error;
}

struct TempDir {
  fs::path path = fs::temp_directory_path() / ("syncloom-tier-" + std::to_string(::getpid()));
  TempDir() { fs::remove_all(path); }
  ~TempDir() { fs::remove_all(path); }
};

}  // namespace

TEST_CASE("a flow tiers up to -O2 after enough records, with the same results, and starts there next time", "[jit][tier]") {
  ir::Module module = lowered();
  interp::Interpreter interpreter(module);
  TempDir cache;
  auto inputs = records();
  REQUIRE(inputs.size() >= 5);
  codegen::JitOptions options;
  options.cache_dir = cache.path.string();
  options.tier_up_after = 3;
  {
    codegen::Jit jit(module, options);
    REQUIRE(jit.flow_compiled(0));
    CHECK_FALSE(jit.flow_optimised(0));
    // Every record gives the interpreter's bytes, before, during and after the background compile.
    for (int round = 0; round < 200 && !jit.flow_optimised(0); ++round) {
      for (const auto& input : inputs) CHECK(text(jit.run(0, input)) == text(interpreter.run(0, input)));
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    CHECK(jit.flow_optimised(0));
    for (const auto& input : inputs) CHECK(text(jit.run(0, input)) == text(interpreter.run(0, input)));
  }
  // The optimised object is cached: a new start runs it from its first record.
  codegen::Jit again(module, options);
  REQUIRE(again.flow_compiled(0));
  CHECK(again.flow_optimised(0));
  for (const auto& input : inputs) CHECK(text(again.run(0, input)) == text(interpreter.run(0, input)));
}

TEST_CASE("tier_up compiles a flow with -O2 on request; tier_up_after 0 never does it by itself", "[jit][tier]") {
  ir::Module module = lowered();
  interp::Interpreter interpreter(module);
  codegen::JitOptions options;
  options.tier_up_after = 0;
  codegen::Jit jit(module, options);
  auto inputs = records();
  for (int i = 0; i < 50; ++i)
    for (const auto& input : inputs) jit.run(0, input);
  CHECK_FALSE(jit.flow_optimised(0));
  CHECK(jit.tier_up(0));
  CHECK(jit.flow_optimised(0));
  CHECK(jit.tier_up(0));  // already done: still true, nothing compiled again
  for (const auto& input : inputs) CHECK(text(jit.run(0, input)) == text(interpreter.run(0, input)));
  CHECK_FALSE(jit.tier_up(99));
}
