// Renders diagnostics for people (rustc style), for tools (JSON) and for code scanning (SARIF 2.1.0).
#pragma once

#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "syncloom/diag/diagnostic.hpp"
#include "syncloom/diag/source_manager.hpp"

namespace syncloom::diag {

struct HumanOptions {
  bool color = false;
};

/// error[E0104]: unknown field `totl` on woo.order
///   --> mappings/x.loom:12:5
///    |
/// 12 |     total = totl
///    |             ^^^^ not a field of woo.order
///    = help: did you mean `total`?
void render_human(std::ostream& out, const SourceManager& sm, const std::vector<Diagnostic>& diags,
                  const HumanOptions& opts = {});

/// One JSON document: {"diagnostics":[{severity, code, message, file, line, column, end_line,
/// end_column, labels:[...], notes:[...], help:[...]}], "errors":N, "warnings":N}
/// Columns are 1-based code points, end_column exclusive (as in SARIF); location fields are null without labels.
void render_json(std::ostream& out, const SourceManager& sm, const std::vector<Diagnostic>& diags);

/// A file the tool was asked to check and could not read.
struct UnreadableFile {
  std::string path;     ///< as given
  std::string message;  ///< "cannot read 'x.loom': No such file or directory"
};

struct SarifOptions {
  /// Absolute directory that artifact URIs are relative to, declared as `%SRCROOT%` in
  /// originalUriBaseIds; files outside it get absolute `file://` URIs. Empty: the working directory.
  std::string srcroot;
  /// Absolute directory that relative paths are relative to. Empty: the working directory.
  std::string cwd;
  /// Each becomes a toolExecutionNotification (level error, with its artifact) and makes the
  /// invocation's executionSuccessful false.
  std::vector<UnreadableFile> unreadable;
};

/// SARIF 2.1.0 accepted by GitHub code scanning: tool.driver.rules from the code registry (id, name,
/// shortDescription, helpUri to docs/diagnostics/CODE.md), results with ruleId, level, message,
/// locations[].physicalLocation{artifactLocation{uri, uriBaseId}, region{startLine,startColumn,endLine,
/// endColumn}}, and one invocation saying whether the run succeeded. Never a bare absolute path: a URI
/// relative to %SRCROOT% (percent-encoded as RFC 3986 requires) or a file:// URI.
void render_sarif(std::ostream& out, const SourceManager& sm, const std::vector<Diagnostic>& diags,
                  std::string_view tool_version, const SarifOptions& options = {});

}  // namespace syncloom::diag
