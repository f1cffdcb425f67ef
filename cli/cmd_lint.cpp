// `syncloom lint PATH...`: every static check, rendered for people, JSON consumers or SARIF code scanning.
#include <unistd.h>

#include <iostream>
#include <set>
#include <tuple>

#include "collect_paths.hpp"
#include "commands.hpp"
#include "syncloom/diag/render.hpp"
#include "syncloom/frontend/frontend.hpp"

namespace syncloom::cli {
namespace {

struct LintOptions {
  std::vector<std::string> paths;
  std::string format = "text";
  std::string color = "auto";
  bool deny_warnings = false;
  std::string schema_dir;
  std::string srcroot;  ///< SARIF's %SRCROOT%; empty: the working directory
};

bool use_color(const std::string& mode) {
  if (mode == "always") return true;
  if (mode == "never") return false;
  return isatty(STDOUT_FILENO) && std::getenv("NO_COLOR") == nullptr;
}

int run_lint(const LintOptions& opts) {
  CollectedPaths collected = collect_loom_files(opts.paths);
  frontend::FrontendOptions fo;
  fo.schema_dir = opts.schema_dir;
  frontend::Compilation compilation(fo);
  size_t linted = 0;
  for (const auto& file : collected.files) {
    if (compilation.check_file(file)) ++linted;
    else collected.errors.push_back({file, compilation.io_error()});
  }
  // A module imported by several linted files is checked with each: show its findings once.
  std::vector<diag::Diagnostic> diags;
  std::set<std::tuple<std::string, uint32_t, std::string, std::string>> seen;
  const auto& sm = compilation.sources();
  for (const auto& d : compilation.diagnostics().all()) {
    const diag::Label* at = d.primary();
    std::string path = at ? sm.path(at->span.file) : "";
    if (seen.emplace(path, at ? at->span.begin : 0, d.code, d.message).second) diags.push_back(d);
  }
  size_t errors = 0, warnings = 0;
  for (const auto& d : diags) {
    if (d.severity == diag::Severity::kWarning) ++warnings;
    else if (d.severity != diag::Severity::kNote) ++errors;
  }
  if (opts.format == "json") {
    diag::render_json(std::cout, sm, diags);
  } else if (opts.format == "sarif") {
    // A file that cannot be read is a tool execution notification: the run did not check it.
    diag::SarifOptions sarif;
    sarif.srcroot = opts.srcroot;
    for (const PathError& e : collected.errors) sarif.unreadable.push_back({e.path, e.message});
    diag::render_sarif(std::cout, sm, diags, SYNCLOOM_VERSION, sarif);
  } else {
    diag::render_human(std::cout, sm, diags, {use_color(opts.color)});
  }
  for (const PathError& e : collected.errors) std::cerr << "error: " << e.message << "\n";
  if (opts.format == "text") {
    auto plural = [](size_t n, const char* word) { return std::to_string(n) + " " + word + (n == 1 ? "" : "s"); };
    if (errors + warnings == 0)
      std::cerr << "linted " << plural(linted, "file") << ": no problems\n";
    else
      std::cerr << "linted " << plural(linted, "file") << ": " << plural(errors, "error") << ", "
                << plural(warnings, "warning") << "\n";
  }
  if (!collected.errors.empty()) return kExitUsage;
  if (collected.files.empty()) {
    std::cerr << "error: no .loom files found\n";
    return kExitUsage;
  }
  if (errors > 0 || (opts.deny_warnings && warnings > 0)) return kExitFindings;
  return kExitOk;
}

}  // namespace

void add_lint_command(CLI::App& app, int& exit_code) {
  auto opts = std::make_shared<LintOptions>();
  CLI::App* cmd = app.add_subcommand("lint", "Check mapping files: every static rule, with precise diagnostics");
  cmd->add_option("paths", opts->paths, "Files or directories (searched for *.loom)")->required();
  cmd->add_option("--format", opts->format, "Output format")->check(CLI::IsMember({"text", "json", "sarif"}));
  cmd->add_option("--color", opts->color, "Colored output")->check(CLI::IsMember({"auto", "always", "never"}));
  cmd->add_flag("--deny-warnings", opts->deny_warnings, "Exit 1 on warnings too");
  cmd->add_option("--srcroot", opts->srcroot,
                  "With --format sarif: the directory artifact URIs are relative to (%SRCROOT%; default: the working directory)");
  cmd->add_option("--schema-dir", opts->schema_dir, "Directory of built-in schemas (default: $SYNCLOOM_SCHEMA_DIR or the installed ones)");
  cmd->callback([opts, &exit_code] { exit_code = run_lint(*opts); });
}

}  // namespace syncloom::cli
