// Diagnostics are values: severity, a stable code, a message, labelled spans, notes and help.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace syncloom::diag {

enum class Severity : uint8_t {
  kError,     ///< the mapping is invalid; lint exits 1
  kWarning,   ///< suspicious but valid; lint exits 1 only with --deny-warnings
  kNote,      ///< information attached to nothing else
  kInternal,  ///< a bug in syncloom itself, never the user's fault
};

const char* severity_name(Severity s);  ///< "error", "warning", "note", "internal error"

/// A byte range [begin, end) in one file of a SourceManager.
struct Span {
  uint32_t file = 0;
  uint32_t begin = 0;
  uint32_t end = 0;
  bool valid() const { return end >= begin && !(begin == 0 && end == 0 && file == UINT32_MAX); }
};

struct Label {
  Span span;
  std::string message;  ///< may be empty: then only the carets are drawn
  bool primary = true;  ///< primary labels use ^^^, secondary ones ---
};

struct Diagnostic {
  Severity severity = Severity::kError;
  std::string code;     ///< stable code such as "E0104"; see codes.def
  std::string message;  ///< one line, no trailing period
  std::vector<Label> labels;       ///< first primary label is the diagnostic's location
  std::vector<std::string> notes;  ///< rendered "= note: ..."
  std::vector<std::string> help;   ///< rendered "= help: ..."

  /// Convenience builders, e.g. Diagnostic::error("E0104", msg).at(span, "unknown field").help("did you mean `total`?")
  static Diagnostic error(std::string code, std::string message);
  static Diagnostic warning(std::string code, std::string message);
  Diagnostic& at(Span span, std::string label = {});
  Diagnostic& also(Span span, std::string label);  ///< secondary label
  Diagnostic& note(std::string text);
  Diagnostic& with_help(std::string text);

  /// The first primary label; failing that the first label; nullptr for a diagnostic without labels.
  const Label* primary() const;
};

/// Collects diagnostics of one compilation, in report order.
class DiagnosticBag {
 public:
  void report(Diagnostic d);
  const std::vector<Diagnostic>& all() const { return diags_; }
  size_t error_count() const;  ///< errors and internal errors
  size_t warning_count() const;
  bool has_errors() const { return error_count() > 0; }
  /// Stable order for output: by file, then offset, then code; diagnostics without labels come first.
  void sort();

 private:
  std::vector<Diagnostic> diags_;
};

}  // namespace syncloom::diag
