// Decoding a request's query string (`domain=orders&reason=tax%20rule`) into name/value pairs.
#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace syncloom::service::detail {

using QueryParams = std::vector<std::pair<std::string, std::string>>;

/// Splits on `&`, decodes `%XX` and `+` (a space); nullopt with `why` for a bad escape.
std::optional<QueryParams> parse_query(std::string_view query, std::string& why);

}  // namespace syncloom::service::detail
