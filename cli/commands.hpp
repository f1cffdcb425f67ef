// Each subcommand registers itself on the CLI11 app and returns the exit code through `exit_code`.
#pragma once

#include <CLI/CLI.hpp>

namespace syncloom::cli {

/// Exit codes shared by every subcommand (stable: CI scripts depend on them).
inline constexpr int kExitOk = 0;        ///< clean
inline constexpr int kExitFindings = 1;  ///< errors found (or warnings with --deny-warnings; unformatted with --check)
inline constexpr int kExitUsage = 2;     ///< usage or I/O error

void add_lint_command(CLI::App& app, int& exit_code);
void add_fmt_command(CLI::App& app, int& exit_code);
void add_compile_command(CLI::App& app, int& exit_code);
void add_map_command(CLI::App& app, int& exit_code);
void add_test_command(CLI::App& app, int& exit_code);
void add_connectors_command(CLI::App& app, int& exit_code);
void add_pull_command(CLI::App& app, int& exit_code);
void add_push_command(CLI::App& app, int& exit_code);
void add_run_command(CLI::App& app, int& exit_code);
void add_dlq_command(CLI::App& app, int& exit_code);
void add_status_command(CLI::App& app, int& exit_code);
void add_replay_command(CLI::App& app, int& exit_code);
void add_reconcile_command(CLI::App& app, int& exit_code);

}  // namespace syncloom::cli
