// The text renderings of `syncloom dlq list` and `dlq show` (the JSON ones are the admin API's).
#pragma once
#include <iosfwd>
#include <vector>

#include "syncloom/store/types.hpp"

namespace syncloom::cli {

/// One line per entry (id, when it died, domain, key, reason, the error cut to fit), a STATUS column
/// with `all`, and a count.
void print_dead_letter_list(const std::vector<store::DeadLetter>& entries, bool all, std::ostream& out);

/// Every field, the attempts, the item's history from the audit trail, and the payload indented.
void print_dead_letter(const store::DeadLetter& entry, const std::vector<store::AuditEntry>& audit, std::ostream& out);

}  // namespace syncloom::cli
