// The JIT's first stage: user functions over int, float and bool, compiled through LLVM ORC and compared
// with the reference interpreter on many arguments, including overflow, division by zero and non-finite
// floats; and the object cache.
#include <catch2/catch.hpp>
#include <cstring>
#include <filesystem>
#include <random>

#include "syncloom/codegen/jit.hpp"
#include "syncloom/frontend/frontend.hpp"
#include "syncloom/frontend/lower.hpp"
#include "syncloom/interp/interpreter.hpp"

using namespace syncloom;

namespace {

const char* kSource = R"(module jit_functions

fn clamp(x: int, lo: int, hi: int) -> int = if x < lo then lo else if x > hi then hi else x
fn cube(x: int) -> int = x * x * x
fn even(n: int) -> bool = n % 2 == 0 and n != 0
fn remainder(a: int, b: int) -> int = a % b
fn weight(q: int, w: float) -> float = q * w
fn spread(a: float, b: float) -> float = if a > b then a - b else b - a
fn ratio(a: float, b: float) -> float = a / b
fn twice_clamped(n: int) -> int = clamp(-(n * 2), -100, 100)
fn either(a: bool, b: bool) -> bool = (a or b) and not (a and b)
fn label(n: int) -> string = string(n)
)";

ir::Module lowered() {
  frontend::Compilation c(frontend::FrontendOptions{std::string(SYNCLOOM_SOURCE_DIR) + "/schemas", false, nullptr});
  c.check_source("jit_functions.loom", kSource);
  REQUIRE(!c.diagnostics().has_errors());
  return frontend::lower(*c.program());
}

int64_t to_slot(const interp::Value& v) {
  if (auto* i = std::get_if<int64_t>(&v.v)) return *i;
  if (auto* b = std::get_if<bool>(&v.v)) return *b ? 1 : 0;
  double d = std::get<double>(v.v);
  int64_t bits;
  std::memcpy(&bits, &d, sizeof bits);
  return bits;
}

interp::Value random_value(ir::Kind k, std::mt19937_64& rng) {
  const int64_t ints[] = {0, 1, -1, 2, 3, 7, -8, 100, -101, 1 << 21, 3037000500LL, INT64_MAX, INT64_MIN};
  const double floats[] = {0.0, 1.5, -2.25, 1e308, -1e308, 3.0, 0.1, 1e-300};
  switch (k) {
    case ir::Kind::kInt: return {ints[rng() % std::size(ints)]};
    case ir::Kind::kFloat: return {floats[rng() % std::size(floats)]};
    default: return {rng() % 2 == 0};
  }
}

}  // namespace

TEST_CASE("compiled functions agree with the interpreter, failures included", "[jit]") {
  ir::Module m = lowered();
  codegen::Jit jit(m);
  REQUIRE(jit.error().empty());
  interp::Interpreter oracle(m);
  std::mt19937_64 rng(42);
  size_t compiled = 0;
  for (size_t f = 0; f < m.functions.size(); ++f) {
    const ir::Function& fn = m.functions[f];
    if (fn.name == "label") {
      CHECK(jit.function(f) == nullptr);  // strings are not in this stage
      CHECK(!jit.unsupported(f).empty());
      continue;
    }
    INFO(fn.name << ": " << jit.unsupported(f));
    REQUIRE(jit.function(f) != nullptr);
    ++compiled;
    for (int n = 0; n < 500; ++n) {
      std::vector<interp::Value> args;
      std::vector<int64_t> slots;
      for (const auto& p : fn.params) {
        args.push_back(random_value(p->kind, rng));
        slots.push_back(to_slot(args.back()));
      }
      std::string error;
      std::optional<interp::Value> expected = oracle.call(f, args, &error);
      int64_t out = 0;
      int32_t status = jit.function(f)(slots.data(), &out);
      INFO("call " << n << " interpreter: " << (expected ? "ok" : error) << ", jit status " << status);
      CHECK((status == codegen::kJitOk) == expected.has_value());
      if (expected && status == codegen::kJitOk) CHECK(out == to_slot(*expected));
    }
  }
  CHECK(compiled == m.functions.size() - 1);
  CHECK(jit.llvm_ir().find("define") != std::string::npos);
}

TEST_CASE("a second compile of the same IR loads its object from the cache", "[jit][cache]") {
  ir::Module m = lowered();
  auto dir = std::filesystem::temp_directory_path() / "syncloom_jit_cache_test";
  std::filesystem::remove_all(dir);
  codegen::JitOptions options{dir.string()};
  codegen::Jit first(m, options);
  REQUIRE(first.error().empty());
  CHECK_FALSE(first.from_cache());
  codegen::Jit second(m, options);
  REQUIRE(second.error().empty());
  CHECK(second.from_cache());
  int64_t args[] = {5, 0, 3};
  int64_t out = 0;
  REQUIRE(second.function(0) != nullptr);
  CHECK(second.function(0)(args, &out) == codegen::kJitOk);
  CHECK(out == 3);
  std::filesystem::remove_all(dir);
}
