// Which built-ins carry a compiled pattern or a loaded zone, named by Node::index.
#include "syncloom/ir/module.hpp"

namespace syncloom::ir {

CallResource call_resource(std::string_view name) {
  if (name == "matches" || name == "regex_replace" || name == "regex_capture") return CallResource::kRegex;
  if (name == "date" || name == "timestamp" || name == "string" || name == "format_date") return CallResource::kZone;
  return CallResource::kNone;
}

}  // namespace syncloom::ir
