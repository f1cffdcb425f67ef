// The registry of diagnostic codes: never reused, each with a title and a doc page docs/diagnostics/CODE.md.
#pragma once

#include <span>
#include <string_view>

#include "syncloom/diag/diagnostic.hpp"

namespace syncloom::diag {

struct CodeInfo {
  std::string_view code;      ///< "P0001": P parse, E semantic, L lint, R runtime
  Severity severity;          ///< default severity
  std::string_view title;     ///< short title, used as the SARIF rule name
  std::string_view summary;   ///< one sentence, used as SARIF shortDescription and in docs
};

std::span<const CodeInfo> all_codes();
const CodeInfo* find_code(std::string_view code);  ///< nullptr when unknown

}  // namespace syncloom::diag
