// Labels clamped into their file and resolved to line/column once, so every renderer copes with bad spans alike.
#pragma once

#include <cstdint>
#include <vector>

#include "syncloom/diag/diagnostic.hpp"
#include "syncloom/diag/source_manager.hpp"

namespace syncloom::diag::detail {

struct LocatedLabel {
  const Label* label = nullptr;
  uint32_t file = 0;
  uint32_t begin = 0;  ///< clamped: begin <= end <= file size
  uint32_t end = 0;
  LineCol start;       ///< of begin
  LineCol stop;        ///< of end, exclusive
};

/// The labels of `d` whose file `sm` knows, in the diagnostic's order; the others cannot be shown and are dropped.
std::vector<LocatedLabel> locate_labels(const SourceManager& sm, const Diagnostic& d);

/// The first primary label, else the first label, else nullptr.
const LocatedLabel* primary_of(const std::vector<LocatedLabel>& labels);

}  // namespace syncloom::diag::detail
