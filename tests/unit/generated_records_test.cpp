// Every flow of every shipped mapping, run on records generated from its source schema with edge cases:
// each record is output (valid JSON), filtered or rejected with a reason; nothing crashes or escapes.
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "../record_generator.hpp"
#include "syncloom/frontend/frontend.hpp"
#include "syncloom/frontend/lower.hpp"
#include "syncloom/interp/interpreter.hpp"

using namespace syncloom;

TEST_CASE("shipped flows map generated records to output, filtered or a reasoned rejection", "[interp][generated]") {
  namespace fs = std::filesystem;
  const std::string root = SYNCLOOM_SOURCE_DIR;
  int flows = 0;
  size_t outputs = 0, filtered = 0, rejected = 0;
  for (const auto& entry : fs::directory_iterator(root + "/mappings")) {
    if (entry.path().extension() != ".loom") continue;
    frontend::Compilation c(frontend::FrontendOptions{root + "/schemas", false, nullptr});
    REQUIRE(c.check_file(entry.path().string()));
    REQUIRE(!c.diagnostics().has_errors());
    frontend::Program& program = *c.program();
    ir::Module module = frontend::lower(program);
    interp::Interpreter engine(module);
    interp::Interpreter full(module, /*prune_input=*/false);
    for (size_t i = 0; i < module.flows.size(); ++i) {
      const ir::Flow& flow = module.flows[i];
      auto dot = flow.source.find('.');
      const auto& sys = program.systems.at(flow.source.substr(0, dot));
      const schema::RecordSchema* rec = sys.schema->find_record(flow.source.substr(dot + 1));
      REQUIRE(rec);
      testing::RecordGenerator gen(1000 + i);
      for (int n = 0; n < 150; ++n) {
        std::string input = gen.record(*rec->type);
        INFO(entry.path().filename().string() << " " << flow.domain << " record " << n << ": " << input);
        interp::RunResult r;
        try {
          r = engine.run(i, input);
        } catch (const std::exception& e) {
          std::ofstream(fs::temp_directory_path() / "syncloom_failing_record.json") << input;
          FAIL("exception escaped: " << e.what() << " (record saved to syncloom_failing_record.json in the temp directory)");
        }
        // Decoding only the layout's fields must not change any result.
        interp::RunResult f = full.run(i, input);
        CHECK(int(f.outcome) == int(r.outcome));
        CHECK(f.output == r.output);
        CHECK(f.error == r.error);
        switch (r.outcome) {
          case interp::Outcome::kOutput:
            ++outputs;
            CHECK(nlohmann::json::accept(r.output));
            break;
          case interp::Outcome::kFiltered: ++filtered; break;
          case interp::Outcome::kRejected:
            ++rejected;
            CHECK(!r.error.empty());
            break;
        }
      }
      ++flows;
    }
  }
  CHECK(flows >= 25);
  CHECK(outputs + filtered + rejected == size_t(flows) * 150);
  WARN("generated records: " << outputs << " output, " << filtered << " filtered, " << rejected << " rejected");
}
