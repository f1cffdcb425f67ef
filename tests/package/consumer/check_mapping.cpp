// Compiles a mapping from a string with the JIT engine and maps a record: the installed JIT module must
// load (native()) and give the exact decimal result.
#include <cstdio>
#include <string>

#include "checks.hpp"
#include "syncloom/syncloom.hpp"

namespace consumer {

bool check_mapping(const Settings& settings) {
  std::string source =
      "mapping consumer version 1\n"
      "\n"
      "system woo: woocommerce\n"
      "system erp: " + settings.erp_kind + "\n"
      "\n"
      "domain pricing {\n"
      "  owner erp\n"
      "  key erp.inventoryItem.code <-> woo.product.sku\n"
      "  sync batch cron \"0 2 * * *\" when salable\n"
      "  flow erp.inventoryItem -> woo.product update {\n"
      "    regular_price = round(list_price, 2, half_even)\n"
      "  }\n"
      "}\n";
  syncloom::CompileOptions options;
  options.engine = syncloom::Engine::kJit;
  options.schema_dir = settings.schema_dir;
  options.use_cache = false;  // compile for real: the module, not a cache, must do the work
  syncloom::CompileResult compiled = syncloom::compile_source("consumer.loom", source, options);
  if (!compiled.mapping) {
    std::fprintf(stderr, "mapping: does not compile:\n%s", compiled.diagnostics.c_str());
    return false;
  }
  std::string error;
  auto pipeline = compiled.mapping->pipeline("pricing", &error);
  if (!pipeline) {
    std::fprintf(stderr, "mapping: %s\n", error.c_str());
    return false;
  }
  syncloom::RecordResult result = pipeline->run(R"({"id":1,"code":"SKU-1","salable":true,"list_price":"12.345"})");
  std::string expected = R"({"regular_price":12.34})";
  bool output_ok = result.outcome == syncloom::Outcome::kOutput && result.output == expected;
  std::printf("mapping: output %s\n", result.output.c_str());
  std::printf("mapping: native %s\n", pipeline->native() ? "yes" : "no");
  if (!output_ok) std::fprintf(stderr, "mapping: expected %s (error: %s)\n", expected.c_str(), result.error.c_str());
  if (!pipeline->native()) std::fprintf(stderr, "mapping: not native: %s\n", pipeline->fallback_reason().c_str());
  return output_ok && pipeline->native();
}

}  // namespace consumer
