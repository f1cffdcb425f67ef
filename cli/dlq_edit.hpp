// Changing a dead letter's payload for `syncloom dlq edit`: PATH=VALUE edits, or the user's editor.
#pragma once
#include <iosfwd>
#include <optional>
#include <string>
#include <vector>

#include "syncloom/wire/value.hpp"

namespace syncloom::cli {

/// One edit: set `path` to `value`, or remove it (no value: --unset).
struct PathEdit {
  std::string path;
  std::optional<wire::Value> value;
};

/// "billing.email=a@b.example" -> a string; "total=12.30", "paid=true", 'sku="123"' -> the JSON value
/// (VALUE is JSON when it parses as JSON, else a string). Nullopt with `why` without a `=`.
std::optional<PathEdit> parse_set(const std::string& text, std::string& why);

/// Applies `edits` in order to the JSON `payload`, printing "PATH: OLD -> NEW" per edit after
/// `prefix`; the new compact payload, or nullopt after printing why (to `err`). `changed` says whether any
/// edit changed something.
std::optional<std::string> apply_edits(const std::string& payload, const std::vector<PathEdit>& edits,
                                       const std::string& prefix, bool& changed, std::ostream& out, std::ostream& err);

/// Opens $VISUAL or $EDITOR (else vi) on the payload, pretty-printed in a temporary .json file. Answers
/// the saved document (compact, numbers as typed) or nullopt after printing why: the editor failed, or
/// the file is not JSON (then the file is kept and named, so the edit is not lost). `changed` is false
/// when the document saved equals the original.
std::optional<std::string> edit_in_editor(const std::string& payload, const std::string& label, bool& changed,
                                          std::ostream& err);

/// "line 3, column 7" for a byte offset into `text`.
std::string line_column(const std::string& text, size_t offset);

}  // namespace syncloom::cli
