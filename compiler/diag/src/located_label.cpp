// Clamping of label spans shared by the human, JSON and SARIF renderers.
#include "located_label.hpp"

#include <algorithm>

namespace syncloom::diag::detail {

std::vector<LocatedLabel> locate_labels(const SourceManager& sm, const Diagnostic& d) {
  std::vector<LocatedLabel> out;
  for (const Label& l : d.labels) {
    if (l.span.file >= sm.file_count()) continue;
    const uint32_t size = static_cast<uint32_t>(std::min<size_t>(sm.text(l.span.file).size(), UINT32_MAX));
    LocatedLabel ll;
    ll.label = &l;
    ll.file = l.span.file;
    ll.begin = std::min(l.span.begin, size);
    // A reversed span is treated as empty at its start rather than rejected: the location is still useful.
    ll.end = std::clamp(l.span.end, ll.begin, size);
    ll.start = sm.line_col(ll.file, ll.begin);
    ll.stop = sm.line_col(ll.file, ll.end);
    out.push_back(ll);
  }
  return out;
}

const LocatedLabel* primary_of(const std::vector<LocatedLabel>& labels) {
  for (const LocatedLabel& l : labels) {
    if (l.label->primary) return &l;
  }
  return labels.empty() ? nullptr : &labels.front();
}

}  // namespace syncloom::diag::detail
