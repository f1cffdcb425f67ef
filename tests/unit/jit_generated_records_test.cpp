// The JIT against the reference interpreter on every flow of every shipped mapping: records generated from
// the flow's source schema (the generator's edge cases), cross-references that resolve to ints, to strings
// or not at all. A flow the JIT compiles must give the interpreter's outcome, output, error path and error
// byte for byte (the golden transform cases' flows too: they use constructs the shipped ones may not). And
// the JIT must compile every shipped flow except those listed in kAllowedFallbacks.
#include <catch2/catch.hpp>
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <memory>
#include <string>
#include <vector>

#include "../record_generator.hpp"
#include "syncloom/codegen/jit.hpp"
#include "syncloom/frontend/frontend.hpp"
#include "syncloom/frontend/lower.hpp"
#include "syncloom/interp/fixture_refs.hpp"
#include "syncloom/interp/interpreter.hpp"

using namespace syncloom;
namespace fs = std::filesystem;

namespace {

/// A flow the JIT may leave to the interpreter, and why we accept that. Every other shipped flow must run
/// natively; an entry whose flow now compiles fails too, so the list only shrinks.
struct AllowedFallback {
  const char* mapping;   ///< file name in mappings/
  const char* selector;  ///< DOMAIN:SOURCE->TARGET
  const char* why;
};
const std::vector<AllowedFallback> kAllowedFallbacks = {
    // {"woocommerce-tryton.loom", "orders:woo.order->erp.salesOrder", "ref() is not compiled yet"},
};

/// Resolves every cross-reference deterministically from the domain and key: a fifth are missing (not
/// synced yet), a fifth resolve to a string id, the rest to an int id.
class GeneratedRefs : public interp::RefResolver {
 public:
  std::optional<interp::Value> resolve(std::string_view domain, const interp::Value& key) const override {
    uint64_t h = 1469598103934665603ull;
    for (unsigned char c : std::string(domain) + "\x1f" + interp::key_text(key)) h = (h ^ c) * 1099511628211ull;
    if (h % 5 == 0) return std::nullopt;
    if (h % 5 == 1) return interp::Value{std::string("E-") + std::to_string(h % 100000)};
    return interp::Value{int64_t(h % 100000)};
  }
};

/// A shipped mapping, lowered, with both engines. The module outlives the engines (they refer to it).
struct ShippedMapping {
  std::string file;
  std::unique_ptr<frontend::Compilation> compilation;
  ir::Module module;
  std::unique_ptr<interp::Interpreter> interpreter;
  std::unique_ptr<codegen::Jit> jit;

  std::string selector(size_t flow) const {
    const ir::Flow& f = module.flows[flow];
    return f.domain + ":" + f.source + "->" + f.target;
  }
  bool native(size_t flow) const { return jit->error().empty() && jit->flow_compiled(flow); }
  std::string fallback_reason(size_t flow) const { return jit->error().empty() ? jit->flow_unsupported(flow) : jit->error(); }
  const schema::StructType& source_type(size_t flow) const {
    const ir::Flow& f = module.flows[flow];
    auto dot = f.source.find('.');
    const auto& sys = compilation->program()->systems.at(f.source.substr(0, dot));
    const schema::RecordSchema* rec = sys.schema->find_record(f.source.substr(dot + 1));
    REQUIRE(rec);
    return *rec->type;
  }
};

/// The shipped mappings; with `constructs`, also the golden transform cases' mappings (tests/golden/tx_*),
/// which exercise constructs the shipped ones may not use (omit, meta_data writes, rejection paths).
std::vector<std::unique_ptr<ShippedMapping>> load_shipped_mappings(bool constructs = false) {
  const std::string root = SYNCLOOM_SOURCE_DIR;
  std::vector<std::unique_ptr<ShippedMapping>> mappings;
  std::vector<fs::path> files;
  for (const auto& entry : fs::directory_iterator(root + "/mappings"))
    if (entry.path().extension() == ".loom") files.push_back(entry.path());
  if (constructs)
    for (const auto& entry : fs::directory_iterator(root + "/tests/golden"))
      if (entry.path().filename().string().rfind("tx_", 0) == 0 && fs::exists(entry.path() / "mapping.loom"))
        files.push_back(entry.path() / "mapping.loom");
  for (const auto& path : files) {
    auto m = std::make_unique<ShippedMapping>();
    m->file = path.filename() == "mapping.loom" ? path.parent_path().filename().string() + "/mapping.loom" : path.filename().string();
    m->compilation = std::make_unique<frontend::Compilation>(frontend::FrontendOptions{root + "/schemas", false, nullptr});
    REQUIRE(m->compilation->check_file(path.string()));
    REQUIRE(!m->compilation->diagnostics().has_errors());
    m->module = frontend::lower(*m->compilation->program());
    m->interpreter = std::make_unique<interp::Interpreter>(m->module);
    m->jit = std::make_unique<codegen::Jit>(m->module);  // no object cache: the whole compile is tested
    mappings.push_back(std::move(m));
  }
  std::sort(mappings.begin(), mappings.end(), [](auto& a, auto& b) { return a->file < b->file; });
  return mappings;
}

const AllowedFallback* allowed_fallback(const std::string& file, const std::string& selector) {
  for (const auto& a : kAllowedFallbacks)
    if (file == a.mapping && selector == a.selector) return &a;
  return nullptr;
}

}  // namespace

TEST_CASE("compiled flows give the interpreter's bytes on generated records of every shipped flow", "[jit][generated]") {
  constexpr int kRecordsPerFlow = 150;
  GeneratedRefs refs;
  int flows = 0, native_flows = 0;
  size_t compared = 0, identities = 0;
  for (const auto& m : load_shipped_mappings(/*constructs=*/true)) {
    INFO(m->file);
    REQUIRE(m->jit->error().empty());
    for (size_t i = 0; i < m->module.flows.size(); ++i) {
      ++flows;
      if (!m->native(i)) continue;
      ++native_flows;
      testing::RecordGenerator gen(7000 + i);
      std::string last = "{}";
      for (int n = 0; n < kRecordsPerFlow; ++n) {
        std::string input = gen.record(m->source_type(i));
        INFO(m->selector(i) << " record " << n << ": " << input);
        interp::RunResult expected = m->interpreter->run(i, input, &refs);
        interp::RunResult actual;
        try {
          actual = m->jit->run(i, input, &refs);
        } catch (const std::exception& e) {
          std::ofstream(fs::temp_directory_path() / "syncloom_jit_failing_record.json") << input;
          FAIL("exception escaped the JIT: " << e.what() << " (record saved to syncloom_jit_failing_record.json in the temp directory)");
        }
        CHECK(int(actual.outcome) == int(expected.outcome));
        CHECK(actual.output == expected.output);
        CHECK(actual.error_path == expected.error_path);
        CHECK(actual.error == expected.error);
        // changed() against a previous version: the last record (every field may differ), or this one.
        std::string previous = n % 3 == 0 ? input : last;
        interp::RunResult expected_changed = m->interpreter->run(i, input, &refs, previous);
        interp::RunResult actual_changed = m->jit->run(i, input, &refs, previous);
        CHECK(int(actual_changed.outcome) == int(expected_changed.outcome));
        CHECK(actual_changed.output == expected_changed.output);
        CHECK(actual_changed.error_path == expected_changed.error_path);
        CHECK(actual_changed.error == expected_changed.error);
        last = input;
        // The domain key and idempotency parts, natively where they compiled.
        if (m->jit->identity_compiled(i)) {
          ++identities;
          interp::IdentityResult expected_id = m->interpreter->identity(i, input, &refs);
          interp::IdentityResult actual_id = m->jit->identity(i, input, &refs);
          CHECK(actual_id.ok == expected_id.ok);
          CHECK(actual_id.key == expected_id.key);
          CHECK(actual_id.idempotency == expected_id.idempotency);
          CHECK(actual_id.error_path == expected_id.error_path);
          CHECK(actual_id.error == expected_id.error);
        }
        ++compared;
      }
    }
  }
  CHECK(identities == compared);  // every flow's key and idempotency parts compile natively
  CHECK(flows >= 25);
  CHECK(compared == size_t(native_flows) * kRecordsPerFlow);
  WARN("JIT differential: " << native_flows << " of " << flows << " shipped and golden-case flows compiled, " << compared << " records compared");
}

TEST_CASE("the JIT compiles every shipped flow except the allowed fallbacks", "[jit][native]") {
  for (const auto& a : kAllowedFallbacks) CHECK(std::string(a.why).size() > 0);
  size_t matched_allowances = 0;
  for (const auto& m : load_shipped_mappings()) {
    REQUIRE(m->jit->error().empty());
    for (size_t i = 0; i < m->module.flows.size(); ++i) {
      const AllowedFallback* allowed = allowed_fallback(m->file, m->selector(i));
      INFO(m->file << " " << m->selector(i) << ": " << (m->native(i) ? "native" : "falls back: " + m->fallback_reason(i)));
      if (allowed) {
        ++matched_allowances;
        CHECK_FALSE(m->native(i));  // it compiles now: take it off kAllowedFallbacks
      } else {
        CHECK(m->native(i));
      }
    }
  }
  CHECK(matched_allowances == kAllowedFallbacks.size());  // every entry names a shipped flow
}

TEST_CASE("flows compiled with -O2 give the interpreter's bytes too", "[jit][generated][o2]") {
  // `--jit-o2` (JitOptions::Optimisation::kFull) runs LLVM's optimiser over the same IR: anything it could
  // exploit (undefined behaviour in generated code) would show here as a difference.
  constexpr int kRecordsPerFlow = 40;
  GeneratedRefs refs;
  size_t compared = 0;
  for (const auto& m : load_shipped_mappings()) {
    INFO(m->file);
    codegen::JitOptions options;
    options.optimisation = codegen::JitOptions::Optimisation::kFull;
    codegen::Jit optimised(m->module, options);
    REQUIRE(optimised.error().empty());
    optimised.compile_all();
    for (size_t i = 0; i < m->module.flows.size(); ++i) {
      if (!optimised.flow_compiled(i)) continue;
      testing::RecordGenerator gen(9100 + i);
      for (int n = 0; n < kRecordsPerFlow; ++n) {
        std::string input = gen.record(m->source_type(i));
        INFO(m->selector(i) << " record " << n << ": " << input);
        interp::RunResult expected = m->interpreter->run(i, input, &refs);
        interp::RunResult actual = optimised.run(i, input, &refs);
        CHECK(int(actual.outcome) == int(expected.outcome));
        CHECK(actual.output == expected.output);
        CHECK(actual.error_path == expected.error_path);
        CHECK(actual.error == expected.error);
        ++compared;
      }
    }
  }
  CHECK(compared >= 25 * kRecordsPerFlow);
}
