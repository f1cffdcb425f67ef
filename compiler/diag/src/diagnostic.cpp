// Diagnostic builders and the per-compilation DiagnosticBag.
#include "syncloom/diag/diagnostic.hpp"

#include <algorithm>
#include <tuple>

namespace syncloom::diag {

const char* severity_name(Severity s) {
  switch (s) {
    case Severity::kError: return "error";
    case Severity::kWarning: return "warning";
    case Severity::kNote: return "note";
    case Severity::kInternal: return "internal error";
  }
  return "error";  // unreachable for valid enum values; keeps a corrupt value printable
}

Diagnostic Diagnostic::error(std::string code, std::string message) {
  Diagnostic d;
  d.severity = Severity::kError;
  d.code = std::move(code);
  d.message = std::move(message);
  return d;
}

Diagnostic Diagnostic::warning(std::string code, std::string message) {
  Diagnostic d = error(std::move(code), std::move(message));
  d.severity = Severity::kWarning;
  return d;
}

Diagnostic& Diagnostic::at(Span span, std::string label) {
  labels.push_back(Label{span, std::move(label), true});
  return *this;
}

Diagnostic& Diagnostic::also(Span span, std::string label) {
  labels.push_back(Label{span, std::move(label), false});
  return *this;
}

Diagnostic& Diagnostic::note(std::string text) {
  notes.push_back(std::move(text));
  return *this;
}

Diagnostic& Diagnostic::with_help(std::string text) {
  help.push_back(std::move(text));
  return *this;
}

const Label* Diagnostic::primary() const {
  for (const Label& l : labels) {
    if (l.primary) return &l;
  }
  return labels.empty() ? nullptr : &labels.front();
}

void DiagnosticBag::report(Diagnostic d) { diags_.push_back(std::move(d)); }

size_t DiagnosticBag::error_count() const {
  return static_cast<size_t>(std::count_if(diags_.begin(), diags_.end(), [](const Diagnostic& d) {
    return d.severity == Severity::kError || d.severity == Severity::kInternal;
  }));
}

size_t DiagnosticBag::warning_count() const {
  return static_cast<size_t>(std::count_if(diags_.begin(), diags_.end(),
                                           [](const Diagnostic& d) { return d.severity == Severity::kWarning; }));
}

void DiagnosticBag::sort() {
  // Unlocated diagnostics (unreadable files, internal errors) say something about the whole run: list them first.
  auto key = [](const Diagnostic& d) {
    const Label* l = d.primary();
    return l ? std::make_tuple(true, l->span.file, l->span.begin) : std::make_tuple(false, 0u, 0u);
  };
  std::stable_sort(diags_.begin(), diags_.end(), [&](const Diagnostic& a, const Diagnostic& b) {
    const auto ka = key(a);
    const auto kb = key(b);
    if (ka != kb) return ka < kb;
    return a.code < b.code;
  });
}

}  // namespace syncloom::diag
