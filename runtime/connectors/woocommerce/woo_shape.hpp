// WooCommerce wire JSON <-> the schema's shape (docs/schemas.md "Wire conventions"): money strings are
// exact decimals (JSON numbers keeping their text), "" is null in optional non-string fields, `*_gmt`
// instants gain their "Z"; and back for writes.
#pragma once
#include <string>

#include "syncloom/schema/schema.hpp"
#include "syncloom/wire/value.hpp"

namespace syncloom::connectors::woo {

/// Rewrites a record read from WooCommerce into the schema's shape, in place.
void wire_to_shape(const schema::StructType& type, wire::Value& record);

/// Rewrites a record in the schema's shape into what WooCommerce takes, in place: decimals as strings,
/// a null optional decimal or date as "" (how WooCommerce clears `sale_price`), `*_gmt` without "Z".
void shape_to_wire(const schema::StructType& type, wire::Value& record);

/// "2026-11-30T10:00:00" (WooCommerce GMT, no offset) -> "2026-11-30T10:00:00Z"; "" stays "".
std::string gmt_to_utc(std::string_view wire);
/// "2026-11-30T10:00:00Z" or "...+00:00" -> "2026-11-30T10:00:00" (what `modified_after` takes).
std::string utc_to_gmt(std::string_view utc);

}  // namespace syncloom::connectors::woo
