// Built-in record schemas per connector kind, loaded from schemas/<kind>.yaml, extendable by users.
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "syncloom/schema/type.hpp"

namespace syncloom::schema {

struct RecordSchema {
  std::shared_ptr<StructType> type;  ///< fields of the record
  std::string id_field;              ///< the system's identifier of this record ("id", "externalId", ...)
  std::string doc;
};

/// Everything syncloom knows about one connector kind: its records, structs and event topics.
struct SystemSchema {
  std::string kind;                               ///< "woocommerce", "tryton", "netsuite", ...
  std::string doc;
  std::map<std::string, RecordSchema> records;    ///< by record name: "order", "salesOrder"
  std::map<std::string, std::shared_ptr<StructType>> structs;  ///< named nested structs
  std::vector<std::string> topics;                ///< event topics the system publishes ("order.created")
  std::string source_path;                        ///< file it was loaded from

  const RecordSchema* find_record(std::string_view name) const;
};

/// Result of loading: the schema, or an error message naming file and line.
struct LoadResult {
  std::optional<SystemSchema> schema;
  std::string error;  ///< "schemas/tryton.yaml:42: unknown type `декимал` for field `unit_price`"
};

/// Parses a schema YAML document (see docs/schemas.md for the format).
LoadResult load_schema_text(std::string_view yaml, std::string_view path);
LoadResult load_schema_file(const std::string& path);

/// Loads a user's extension of `base` (`system erp: netsuite schema "custom.yaml"`): the same format,
/// but `kind` may be omitted (if given it must match), records need no `id`, and field types may name
/// `base`'s structs. Hand the result to merge_schema.
LoadResult load_extension_text(std::string_view yaml, std::string_view path, const SystemSchema& base);
LoadResult load_extension_file(const std::string& path, const SystemSchema& base);

/// Merges an extension schema (same format, may name only some records/fields) into `base`:
/// new records and fields are added; a field given again replaces the built-in one. Structs and
/// records touched are copied first, so schemas cached elsewhere that share them are not changed.
/// Returns an empty string on success, else the error.
std::string merge_schema(SystemSchema& base, const SystemSchema& extension);

/// Parses a type spelling from a schema file or a mapping's `extend` block:
/// int | decimal | float | string | bool | date | timestamp | any | meta | enum(a, b, c) | enum+(a, b)
/// (open enum) | [T] | T? | a struct name defined in `structs` (also as "<kind>.<name>"). Enum values are
/// bare (letters, digits, `_ - . / :`, as in `on-hold`) or quoted ("Fixed Asset"). Returns nullptr and
/// sets `error` on failure, e.g. "unknown type `decimel` (did you mean `decimal`?)".
/// Example: parse_type("[line_item]?", woo, error)->to_string() == "[woocommerce.line_item]?"
TypePtr parse_type(std::string_view spelling, const SystemSchema& schema, std::string& error);

/// Finds schemas by connector kind in a directory (SYNCLOOM_SCHEMA_DIR or the build's default), caching them.
/// One registry per compilation: it is not thread-safe. Returned schemas live as long as the registry.
class SchemaRegistry {
 public:
  explicit SchemaRegistry(std::string directory);
  /// nullptr and `error` set when the kind has no schema file or the file is invalid.
  const SystemSchema* get(std::string_view kind, std::string& error);
  /// Connector kinds with a schema file, sorted (for "did you mean").
  std::vector<std::string> kinds() const;
  const std::string& directory() const { return directory_; }

 private:
  std::string directory_;
  std::map<std::string, std::unique_ptr<SystemSchema>, std::less<>> cache_;
};

/// The built-in schemas: $SYNCLOOM_SCHEMA_DIR when set; else share/syncloom/schemas of the installation the
/// executable (from bin/) or the binary holding this code (from lib/) belongs to, or of the one whose JIT
/// module is on the program's library search path; else the source tree's schemas/ while it exists; else
/// the directory `cmake --install` was configured for (docs/embedding.md).
std::string default_schema_dir();

}  // namespace syncloom::schema
