// Specs of the mapping language's built-in functions: name, signature, fallibility, a summary and examples.
// Each spec lives in the file that implements its function (compiler/stdlib/src/<category>/<name>.cpp); the
// test suite runs every example through both engines and checks docs/language.md §7 against the specs, so
// neither the examples nor the table can drift from what the binary does.
//
//   for (const FunctionSpec* f : syncloom::stdlib::function_specs()) std::cout << f->name << "\n";
#pragma once

#include <span>
#include <string_view>
#include <vector>

namespace syncloom::stdlib {

/// One example: an expression written in a flow from `woo.order` and what it gives.
struct Example {
  const char* expression;  ///< as written in a flow: `pad_left(string(id), 8, "0")`
  const char* result;      ///< the JSON value the expression writes (`"00000727"`), or null when it rejects
  const char* rejection;   ///< null, or a part of the rejection reason when `result` is null
  const char* input;       ///< null, or the `woo.order` record (JSON) the expression reads; null reads `{}`
};

struct FunctionSpec {
  const char* name;       ///< `pad_left`
  const char* category;   ///< text, number, conversion, list, regex, time, json, lookup
  const char* signature;  ///< as docs/language.md §7 writes it: "`string, int[, string] -> string`"
  const char* fallible;   ///< "no", or when it fails: "from text", "yes"
  const char* summary;    ///< one sentence
  std::span<const Example> examples;
};

/// Every spec, sorted by name. Immutable; safe from any thread.
const std::vector<const FunctionSpec*>& function_specs();
/// The spec of `name`, or null.
const FunctionSpec* find_spec(std::string_view name);

}  // namespace syncloom::stdlib
