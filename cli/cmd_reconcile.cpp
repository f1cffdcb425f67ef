// `syncloom reconcile --config C --domain D [--repair] [--format text|json] [--limit-examples N]`: one
// reconciliation pass over a domain (core/reconcile.hpp). With --repair, each drifted record of the owner
// is queued as work in the store (the running service writes it, audited as "reconcile").
// Exit 0: no drift; 1: drift found (or repairs queued); 2: usage or configuration; 3: a system unreachable
// (docs/operations.md, "Reconciliation").
#include <iostream>
#include <memory>

#include "commands.hpp"
#include "open_systems.hpp"
#include "store_access.hpp"
#include "syncloom/core/reconcile.hpp"

namespace syncloom::cli {
namespace {

constexpr int kExitUnreachable = 3;

struct ReconcileCliOptions {
  StoreAccess access;
  std::string domain;
  bool repair = false;
  int limit_examples = 10;
};

void print_text(const core::ReconcileReport& r, bool repair, std::ostream& out) {
  out << "reconcile " << r.domain << " (" << r.owner_system << " -> " << r.target_system << ")\n"
      << "  owner records  " << r.owner_records << "\n"
      << "  compared       " << r.compared << "\n"
      << "  filtered       " << r.filtered << "\n"
      << "  rejected       " << r.rejected << "\n"
      << "  drifted        " << r.drifted << "\n"
      << "  missing in " << r.target_system << "  " << r.missing_in_target << "\n"
      << "  missing in " << r.owner_system << "  " << r.missing_in_owner << "\n"
      << "  money difference " << r.money_difference << "\n";
  for (const auto& [field, n] : r.by_field) out << "  field " << field << ": " << n << "\n";
  for (const core::DriftExample& e : r.examples) {
    out << "  - " << e.kind << " key " << e.key;
    if (!e.owner_id.empty()) out << " " << r.owner_system << " " << e.owner_id;
    if (!e.target_id.empty()) out << " " << r.target_system << " " << e.target_id;
    out << "\n";
    for (const core::FieldChange& c : e.fields) out << "      " << c.path << ": " << c.new_value << " (" << r.owner_system << ") vs " << c.old_value << "\n";
  }
  if (repair) out << "repairs queued: " << r.repairs_queued << " (the running service writes them)\n";
  out << (r.drift_total() == 0 ? "no drift" : std::to_string(r.drift_total()) + " records drifted") << "\n";
}

int run_reconcile(const ReconcileCliOptions& options) {
  OpenOptions open_options;
  open_options.config_path = options.access.config_path;
  auto systems = open_systems(open_options, std::cerr);
  if (!systems) return kExitUsage;
  std::shared_ptr<const Mapping> mapping;
  for (const std::string& path : systems->config.mappings) {
    CompileResult compiled = compile_file(path);
    if (compiled.mapping && compiled.mapping->plan().domain(options.domain)) {
      mapping = std::move(compiled.mapping);
      break;
    }
  }
  if (!mapping) {
    std::cerr << "error: no mapping of " << options.access.config_path << " has a domain `" << options.domain << "`\n";
    return kExitUsage;
  }
  mapping->compile_all();
  auto opened = open_store(options.access, true, std::cerr);
  if (!opened) return kExitUsage;
  core::EventRouter router(mapping);
  core::Systems view;
  for (auto& [name, connector] : systems->connectors) view[name] = connector.get();
  core::Reconciler reconciler(router, *opened->store, view);
  auto result = reconciler.run({.domain = options.domain, .repair = options.repair,
                                .limit_examples = options.limit_examples});
  if (auto* e = std::get_if<core::ReconcileError>(&result)) {
    std::cerr << "error: " << e->message << "\n";
    return e->kind == core::ReconcileFailure::kUnreachable ? kExitUnreachable : kExitUsage;
  }
  const auto& report = std::get<core::ReconcileReport>(result);
  if (options.access.format == "json") std::cout << core::reconcile_report_json(report) << "\n";
  else print_text(report, options.repair, std::cout);
  return report.drift_total() == 0 ? kExitOk : kExitFindings;
}

}  // namespace

void add_reconcile_command(CLI::App& app, int& exit_code) {
  auto* cmd = app.add_subcommand("reconcile", "Compare a domain's records in both systems and report (or repair) drift");
  auto options = std::make_shared<ReconcileCliOptions>();
  add_store_options(cmd, options->access, true);
  cmd->add_option("--domain,-d", options->domain, "The domain to reconcile")->required();
  cmd->add_flag("--repair", options->repair, "Queue each drifted record for a write in the owner's direction");
  cmd->add_option("--limit-examples", options->limit_examples, "At most this many drifted records shown")
      ->check(CLI::NonNegativeNumber)->capture_default_str();
  cmd->callback([options, &exit_code] { exit_code = run_reconcile(*options); });
}

}  // namespace syncloom::cli
