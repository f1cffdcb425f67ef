// How Tryton's answers become outcomes: JSON-RPC `error` members, HTTP statuses and bodies that are not
// JSON-RPC at all (docs/tryton.md, "Outcomes").
#pragma once
#include <string>

#include "syncloom/connectors/outcome.hpp"
#include "syncloom/wire/value.hpp"

namespace syncloom::connectors::tryton {

/// The `error` member of a JSON-RPC answer (HTTP 200):
///   ["UserError", [message, description, domain]]      -> permanent, Tryton's message, the field it names
///   ["UserWarning", [name, message, description]]      -> permanent (warnings need a person to say yes)
///   ["ConcurrencyException", ...], "database is locked" -> retryable
///   ["'foo.bar'", ""] (a KeyError: unknown model, field or method) -> permanent
///   anything else (a server-side exception)            -> permanent, with its text
Outcome classify_rpc_error(const wire::Value& error, std::string_view method);

/// The label a Tryton message names a field by: `... for field "Unit Price" in "Sale Line".` gives
/// "Unit Price"; "" when it names none.
std::string field_label(std::string_view message);

}  // namespace syncloom::connectors::tryton
