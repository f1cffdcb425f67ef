// The part of a source record a flow reads, decided at compile time: the decoder fills exactly these
// fields and skips the rest of each document without building a tree (docs/design.md).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace syncloom::ir {

/// One field the flow reads, with what it needs below it.
struct InputField {
  enum class Shape : uint8_t {
    kValue,   ///< a scalar (or a value used whole: decode everything below it)
    kObject,  ///< a struct of which only `children` are read
    kList,    ///< a list of structs of which only `children` are read in each element
    kMeta,    ///< WooCommerce meta_data, read by key: only `meta_keys` are kept
  };
  std::string name;
  Shape shape = Shape::kValue;
  std::vector<InputField> children;    ///< kObject, kList: the fields read below
  std::vector<std::string> meta_keys;  ///< kMeta: the keys read, sorted
  bool whole = false;                  ///< the value is used as a whole (e.g. `count(line_items)`)

  InputField* child(const std::string& field_name, Shape shape);
  /// The child named `field_name`, or null (no change).
  const InputField* child_if(std::string_view field_name) const;
};

/// The fields of one record a flow reads; children sorted by name, so equal layouts print equally.
struct InputLayout {
  std::string record;  ///< "woo.order"
  InputField root;     ///< shape kObject

  /// Indented text, one field per line: `line_items[] { sku, total }`, `meta_data["_key"]`.
  std::string to_string() const;
  /// Number of distinct paths read (for tests and statistics).
  size_t path_count() const;
};

/// The top-level field of the input envelope that holds a workflow's start record, for flows that read
/// `start` while their source is another record. No schema field can be spelt so.
inline constexpr const char* kStartField = "$start";

/// The input envelope of such a flow: `record` (a JSON object) with the start record (a JSON object) as
/// its first member kStartField, so both engines read `start.x` as the input path `$start.x` (and the
/// first of repeated keys wins in both, so the record cannot override it). Nullopt with `error` and
/// `error_path` ("" for the record, "start" for the start record) when either is not a JSON object (only
/// its first character is looked at; the engines check the rest).
std::optional<std::string> make_start_envelope(std::string_view record, std::string_view start, std::string* error,
                                               std::string* error_path);
/// An error path or message of such a flow as the mapping spells it: `$start.billing.email` is
/// `start.billing.email` (every occurrence of kStartField before `.`, `[`, a backquote or the end).
std::string spell_start_path(std::string text);

/// Sorts children and meta keys recursively and merges duplicates; call once after collection.
void normalize(InputField& field);

}  // namespace syncloom::ir
