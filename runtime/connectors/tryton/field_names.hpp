// Tryton's messages name fields by their labels in a model's description ("Unit Price" in "Sale Line");
// the outcome should name the schema's field (`lines.unit_price`). Resolved on errors only, three calls.
#pragma once
#include <string>

#include "tryton/core.hpp"

namespace syncloom::connectors::tryton {

/// The schema path of the field a message of a write to `info` names: "unit_price", "lines.unit_price";
/// "" when the message names none or it cannot be resolved (the outcome keeps Tryton's label then).
std::string field_path_for(Core& core, const RecordInfo& info, std::string_view message);

}  // namespace syncloom::connectors::tryton
