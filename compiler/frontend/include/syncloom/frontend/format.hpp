// The canonical formatter behind `syncloom fmt`: one layout for every .loom file (docs/formatting.md).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "syncloom/diag/diagnostic.hpp"
#include "syncloom/diag/source_manager.hpp"

namespace syncloom::frontend {

struct FormatResult {
  bool ok = false;   ///< false when the file has syntax errors (reported to the caller's DiagnosticBag)
  std::string text;  ///< the formatted file when ok: LF line ends, one final newline ("" for an empty file)
};

/// Formats one file the way gofmt does: the author's line breaks stay, everything else (indentation,
/// spacing, blank lines, alignment of `=` and `=>`) becomes canonical. Like gofmt it refuses a file
/// with syntax errors rather than guess; the errors go to `diags` and `ok` is false.
/// Formatting is idempotent and never changes the tokens or comments of the file.
///
///   SourceManager sm;
///   uint32_t id = sm.add("x.loom", "mapping  m version 1\nfn f(x:int)->int=x*-1\n");
///   DiagnosticBag diags;
///   FormatResult r = format_source(sm, id, diags);
///   // r.text == "mapping m version 1\nfn f(x: int) -> int = x * -1\n"
FormatResult format_source(const diag::SourceManager& sm, uint32_t file, diag::DiagnosticBag& diags);

/// The texts of a file's significant tokens, code and comments in source order (comments trimmed of
/// trailing blanks): the sequence formatting must preserve. Lexical errors are ignored here.
std::vector<std::string> significant_tokens(const diag::SourceManager& sm, uint32_t file);

}  // namespace syncloom::frontend
