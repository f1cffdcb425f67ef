// Schema-driven conversion between a system's wire JSON and the schema's shape (docs/schemas.md, "Wire
// conventions"): connectors walk a record along its schema type and rewrite the leaves their API spells
// differently (WooCommerce money strings, Tryton Decimal objects).
#pragma once
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "syncloom/schema/schema.hpp"
#include "syncloom/wire/value.hpp"

namespace syncloom::connectors::shape {

/// Loads the built-in (or $SYNCLOOM_SCHEMA_DIR, or `schema_dir`) schema of a connector kind. Thread-safe;
/// schemas are loaded once per process and shared. Null and `error` when there is none.
std::shared_ptr<const schema::SystemSchema> load_system_schema(std::string_view kind, const std::string& schema_dir,
                                                               std::string* error);

/// Called for each value in the record whose schema type is not a struct or list (scalars, enums, meta,
/// any), with its path ("line_items[0].total"). Returns "" or an error for that path.
using LeafFn = std::function<std::string(const schema::Type& type, wire::Value& value, const std::string& path)>;

/// Walks `record` along `type`; fields the schema does not name are left as they are (a plugin's extra
/// fields pass through). Returns the first error of `leaf`, prefixed with its path, or "".
std::string walk(const schema::StructType& type, wire::Value& record, const LeafFn& leaf);

/// True when `text` is an exact decimal as JSON spells numbers without exponent: -?(0|[1-9]digits*)(.digits)?
/// (no leading zero: the text becomes a JSON number as it is).
bool is_decimal_text(std::string_view text);

/// The reading normalisation every connector starts with: a decimal sent as a string ("29.35") becomes
/// a number with the same text; "" in an optional field that is not a string becomes null. Values that
/// are not valid are left alone: the pipeline that reads them rejects the record with the field's path.
void normalise_read(const schema::StructType& type, wire::Value& record);

/// For APIs that take money as strings (WooCommerce): every decimal number becomes a string with the
/// same text.
void decimals_to_strings(const schema::StructType& type, wire::Value& record);

}  // namespace syncloom::connectors::shape
