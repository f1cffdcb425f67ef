// The front-end facade: load a mapping and its imports, parse, check, lint. This is what the CLI uses.
//
//   syncloom::frontend::Compilation c;
//   c.check_file("mappings/woocommerce-tryton.loom");
//   diag::render_human(std::cerr, c.sources(), c.diagnostics().all());
#pragma once

#include <memory>
#include <string>

#include "syncloom/diag/diagnostic.hpp"
#include "syncloom/diag/source_manager.hpp"
#include "syncloom/frontend/program.hpp"
#include "syncloom/schema/schema.hpp"

namespace syncloom::frontend {

struct FrontendOptions {
  std::string schema_dir;  ///< empty: schema::default_schema_dir()
  bool lint = true;        ///< run the L-code lints as well as the checks
  /// Parsed schemas to reuse across compilations (editors, fuzzing, batch lints). Not thread-safe: share
  /// one registry only among compilations on one thread. Null: each compilation loads its own.
  std::shared_ptr<schema::SchemaRegistry> schemas;
};

/// One compilation: owns the sources, the diagnostics and the checked program. Not shared between threads.
class Compilation {
 public:
  explicit Compilation(FrontendOptions options = {});
  ~Compilation();

  /// Reads, parses and checks `path` and its imports. Returns false when the file cannot be read
  /// (then `io_error()` says why and nothing else ran).
  bool check_file(const std::string& path);
  /// Same for text already in memory (tests, fuzzing, editors); imports resolve relative to `path`.
  void check_source(std::string path, std::string text);

  const diag::SourceManager& sources() const { return sources_; }
  diag::DiagnosticBag& diagnostics() { return diags_; }
  const diag::DiagnosticBag& diagnostics() const { return diags_; }
  const std::string& io_error() const { return io_error_; }
  /// The checked program; null before a check or when the root failed to parse.
  Program* program() { return program_.get(); }

 private:
  FrontendOptions options_;
  diag::SourceManager sources_;
  diag::DiagnosticBag diags_;
  std::unique_ptr<Program> program_;
  std::string io_error_;
};

}  // namespace syncloom::frontend
