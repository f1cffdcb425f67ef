// `syncloom replay --config C --mapping NEW.loom [--since T] [--domain D] [--format text|json] [--limit N]
// [--interpreter]`: the recorded inbox through another version of the mapping, compared per record and
// field with what the running version wrote. Reads the store read-only and writes to no system.
// Exit 0: no differences; 1: differences; 2: an error (docs/operations.md, "Changing a mapping safely").
#include <iostream>
#include <memory>

#include "commands.hpp"
#include "replay_report.hpp"
#include "since_time.hpp"
#include "store_access.hpp"
#include "syncloom/core/shadow_replay.hpp"
#include "syncloom/service/admin_json.hpp"
#include "syncloom/wire/value.hpp"

namespace syncloom::cli {
namespace {

struct ReplayOptions {
  StoreAccess access;
  std::string mapping, since, domain;
  std::int64_t limit = 0;
  bool interpreter = false;
};

int run_replay(const ReplayOptions& options, bool config_given) {
  core::ReplayFilter filter;
  if (!options.since.empty()) {
    int64_t micros = 0;
    std::string why;
    if (!resolve_since_micros(options.since, micros, why)) {
      std::cerr << "error: --since " << options.since << ": " << why << "\n";
      return kExitUsage;
    }
    filter.since = micros / 1000;
  }
  if (!options.domain.empty()) filter.domain = options.domain;
  filter.limit = options.limit;

  CompileOptions compile;
  compile.engine = options.interpreter ? Engine::kInterpreter : Engine::kJit;
  CompileResult compiled = compile_file(options.mapping, compile);
  if (!compiled.mapping) {
    std::cerr << "error: " << options.mapping << ": does not compile:\n" << compiled.diagnostics;
    return kExitUsage;
  }
  compiled.mapping->compile_all();
  const SyncPlan& plan = compiled.mapping->plan();
  if (filter.domain && !plan.domain(*filter.domain)) {
    // Not an error: the domain may be one the new version removes. Say so, and report its records.
    std::cerr << "note: " << options.mapping << " has no domain `" << *filter.domain << "`\n";
  }

  auto opened = open_store(options.access, config_given, std::cerr, true);
  if (!opened) return kExitUsage;
  const bool text = options.access.format == "text";
  if (text)
    std::cout << "replay of " << options.mapping << " (mapping " << plan.mapping << " version " << plan.version << ", "
              << (compiled.mapping->engine() == Engine::kJit ? "JIT" : "interpreter") << ") against " << opened->path
              << "\n\n";
  else
    std::cout << "{\"records\":[";
  std::int64_t reported = 0, differing = 0;
  core::ShadowReplay replay(compiled.mapping, *opened->store);
  auto read = replay.run(filter, [&](const core::ReplayedRecord& r) {
    if (r.differs()) ++differing;
    if (!r.differs() && r.compared()) return;  // identical: counted in the summary only
    if (text) print_record_text(r, std::cout);
    else std::cout << (reported ? ",\n" : "\n") << record_json(r);
    ++reported;
  });
  if (!read.ok()) {
    if (!text) std::cout << "]}\n";
    print_store_error(read.error(), std::cerr);
    return kExitUsage;
  }
  if (text) {
    std::cout << (reported ? "\n" : "") << *read << " recorded events replayed\n\n";
    print_summary_text(replay.summaries(), std::cout);
    std::cout << "\n" << (differing == 0 ? std::string("no differences") : std::to_string(differing) +
                                                                              (differing == 1 ? " record differs" : " records differ"))
              << "\n";
  } else {
    // The records stream out first; the totals follow them in the same object (`jq .summary`).
    std::cout << (reported ? "\n" : "") << "],\"mapping\":" << wire::dump(wire::Value::string(plan.mapping))
              << ",\"version\":" << plan.version << ",\"events_replayed\":" << *read << ",\"differing\":" << differing
              << ",\"summary\":" << summary_json(replay.summaries()) << "}\n";
  }
  return differing == 0 ? kExitOk : kExitFindings;
}

}  // namespace

void add_replay_command(CLI::App& app, int& exit_code) {
  auto* cmd = app.add_subcommand(
      "replay", "Run the recorded events through another version of the mapping and show how its output differs");
  auto options = std::make_shared<ReplayOptions>();
  add_store_options(cmd, options->access, true);
  cmd->add_option("--mapping,-m", options->mapping, "The mapping version to try (a .loom file)")->required();
  cmd->add_option("--since", options->since, "Only events received since (an ISO 8601 instant, or an age: 24h)");
  cmd->add_option("--domain", options->domain, "Only this domain's records");
  cmd->add_option("--limit", options->limit, "At most this many recorded events (0: all)")->check(CLI::NonNegativeNumber);
  cmd->add_flag("--interpreter", options->interpreter, "Run the flows on the reference interpreter, not the JIT");
  cmd->callback([cmd, options, &exit_code] {
    exit_code = run_replay(*options, cmd->get_option("--config")->count() > 0);
  });
}

}  // namespace syncloom::cli
