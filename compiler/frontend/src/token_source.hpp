// Lexes a .loom file with ANTLR and cleans the token stream (bad UTF-8, stray characters, unclosed
// strings) so the parser and the formatter see the same tokens. Internal: ANTLR types stay in src/.
#pragma once

#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "LoomLexer.h"
#include "antlr4-runtime.h"
#include "syncloom/diag/diagnostic.hpp"
#include "syncloom/diag/source_manager.hpp"

namespace syncloom::frontend::detail {

/// Owns the ANTLR input, lexer and token stream for one file; maps ANTLR's code-point indexes to bytes.
class TokenSource {
 public:
  TokenSource(const diag::SourceManager& sm, uint32_t file, diag::DiagnosticBag& diags);

  antlr4::CommonTokenStream& tokens() { return *tokens_; }
  /// Byte span of a token (ANTLR indexes are code points; spans are bytes).
  diag::Span span(const antlr4::Token* token) const;
  diag::Span span(const antlr4::Token* first, const antlr4::Token* last) const;
  uint32_t byte_offset(size_t code_point_index) const;
  uint32_t file() const { return file_; }
  /// True when nesting exceeded kMaxNesting (already reported); the caller must not parse.
  bool too_deep() const { return too_deep_; }
  /// When the file has more `{` than `}`: the one most likely left open (judged by indentation).
  const std::optional<diag::Span>& unclosed_hint() const { return unclosed_hint_; }
  /// A token repair_tokens() reported and rewrote: a syntax error at it would say the same again.
  bool repaired(size_t token_index) const { return repaired_.count(token_index) > 0; }

 private:
  void clean_tokens(diag::DiagnosticBag& diags);
  /// token_repair.cpp: `&&`, `||`, `!x`, `15min` reported with their fix and repaired.
  void repair_tokens(diag::DiagnosticBag& diags);
  void find_unclosed_brace();
  void report_conflict_markers(diag::DiagnosticBag& diags);

  uint32_t file_;
  std::string text_;                  ///< the file with invalid UTF-8 bytes blanked
  std::vector<uint32_t> cp_to_byte_;  ///< code point index -> byte offset; one extra entry for the end
  std::unique_ptr<antlr4::ANTLRInputStream> input_;
  std::unique_ptr<grammar::LoomLexer> lexer_;
  std::unique_ptr<antlr4::CommonTokenStream> tokens_;
  bool too_deep_ = false;
  std::optional<diag::Span> unclosed_hint_;
  std::set<size_t> repaired_;
};

}  // namespace syncloom::frontend::detail
