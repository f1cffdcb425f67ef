// JSON as the simulator holds and writes it: insertion-ordered objects, serialised the way WordPress's
// wp_json_encode() does (slashes escaped as \/, non-ASCII as \uXXXX), with exact decimal numbers.
#pragma once

#include <nlohmann/json.hpp>

#include <string>

namespace woosim {

using Json = nlohmann::ordered_json;

/// A JSON number written from its exact decimal text ("12", "-9", "3.5"): WooCommerce's `line_items[].price`
/// is a PHP float on the wire, and the simulator never lets a binary float hold an amount. Stored as a marked
/// string that php_json() writes bare.
Json exact_number(const std::string& decimal_text);
/// The decimal text when `value` came from exact_number(), else empty.
std::string exact_number_text(const Json& value);

/// `trim(wp_json_encode(value))`: the bytes WooCommerce sends and signs.
std::string php_json(const Json& value);

/// Parses a request body; false (and `error` set) when it is not JSON. Numbers with a fraction or exponent
/// are kept as exact_number() values so that no amount ever passes through a double.
bool parse_json(const std::string& text, Json& out, std::string& error);

}  // namespace woosim
