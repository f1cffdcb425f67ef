// syncloom: entry point; dispatches to the subcommands declared in commands.hpp.
#include <iostream>

#include "commands.hpp"

int main(int argc, char** argv) {
  // NDJSON streams through std::cin/std::cout: without this every character goes through C stdio.
  std::ios::sync_with_stdio(false);
  CLI::App app{"syncloom: declarative WooCommerce <-> ERP mapping compiler"};
  app.set_version_flag("--version", std::string("syncloom ") + SYNCLOOM_VERSION);
  app.require_subcommand(1);
  int exit_code = syncloom::cli::kExitOk;
  syncloom::cli::add_lint_command(app, exit_code);
  syncloom::cli::add_fmt_command(app, exit_code);
  syncloom::cli::add_compile_command(app, exit_code);
  syncloom::cli::add_map_command(app, exit_code);
  syncloom::cli::add_test_command(app, exit_code);
  syncloom::cli::add_connectors_command(app, exit_code);
  syncloom::cli::add_pull_command(app, exit_code);
  syncloom::cli::add_push_command(app, exit_code);
  syncloom::cli::add_run_command(app, exit_code);
  syncloom::cli::add_dlq_command(app, exit_code);
  syncloom::cli::add_status_command(app, exit_code);
  syncloom::cli::add_replay_command(app, exit_code);
  syncloom::cli::add_reconcile_command(app, exit_code);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int rc = app.exit(e);
    return rc == 0 ? 0 : syncloom::cli::kExitUsage;
  }
  return exit_code;
}
