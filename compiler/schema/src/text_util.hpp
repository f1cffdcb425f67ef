// Small text helpers shared by the schema sources: identifiers, enum value spelling, "did you mean".
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace syncloom::schema::detail {

/// [A-Za-z_][A-Za-z0-9_]*: record, struct, field and kind names.
bool is_identifier(std::string_view s);

/// Characters an enum value may use without quotes: letters, digits, `_`, `-`, `.`, `/`, `:`.
bool is_bare_enum_char(char c);

/// The value as written in a type spelling: bare when it can be, else double-quoted.
std::string spell_enum_value(std::string_view value);

/// The candidate closest to `word` by edit distance, or "" when none is close enough.
std::string closest_match(std::string_view word, const std::vector<std::string>& candidates);

/// " (did you mean `x`?)" or "".
std::string did_you_mean(std::string_view word, const std::vector<std::string>& candidates);

}  // namespace syncloom::schema::detail
