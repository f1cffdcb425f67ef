// Renders diagnostics for people (rustc style), for tools (JSON) and for code scanning (SARIF 2.1.0).
#pragma once

#include <ostream>
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

/// SARIF 2.1.0 accepted by GitHub code scanning: tool.driver.rules from the code registry (id, name,
/// shortDescription, helpUri to docs/diagnostics/CODE.md), results with ruleId, level, message,
/// locations[].physicalLocation{artifactLocation.uri, region{startLine,startColumn,endLine,endColumn}}.
void render_sarif(std::ostream& out, const SourceManager& sm, const std::vector<Diagnostic>& diags,
                  std::string_view tool_version);

}  // namespace syncloom::diag
