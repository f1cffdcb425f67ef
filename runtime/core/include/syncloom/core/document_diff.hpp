// Field-by-field differences between two JSON documents (what a mapping wrote and what another version
// would write), with numbers compared as exact decimals: "12.30" and "12.3" are the same amount.
//
//   auto changes = document_diff(R"({"total":"12.30","lines":[{"qty":1}]})", R"({"total":"12.31","lines":[]})");
//   // {changed total "12.30" -> "12.31"}, {removed lines[0] {"qty":1}}
#pragma once
#include <string>
#include <string_view>
#include <vector>

namespace syncloom::core {

struct FieldChange {
  enum class Kind : unsigned char { kChanged, kAdded, kRemoved } kind = Kind::kChanged;
  std::string path;       ///< "lines[2].unit_price"; "" for the whole document (not an object)
  std::string old_value;  ///< JSON text as written ("" when added)
  std::string new_value;  ///< JSON text ("" when removed)
};
const char* field_change_name(FieldChange::Kind kind);  ///< "changed", "added", "removed"

/// The changes from `old_json` to `new_json`: objects member by member (in the old document's order,
/// then the new members), arrays element by element, other values by value. A document that does not
/// parse compares as its text.
std::vector<FieldChange> document_diff(std::string_view old_json, std::string_view new_json);

/// The path with its array indexes dropped, for counting changes per field: "lines[].unit_price".
std::string field_class(std::string_view path);

/// Whether two JSON number texts are the same decimal ("1.50" and "1.5", "1e2" and "100").
bool same_decimal(std::string_view a, std::string_view b);

}  // namespace syncloom::core
