// Terminal layout of source text: tab expansion and column widths, shared by the line and its caret row.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace syncloom::diag::detail {

/// Tabs become four spaces and other control bytes one space, so the caret row below stays aligned.
std::string expand_for_display(std::string_view line);

/// Terminal columns `text` occupies once expanded: code points, a tab counting four.
size_t display_width(std::string_view text);

/// Decimal digits of n (at least 1): the width of the line-number gutter.
size_t digit_count(size_t n);

}  // namespace syncloom::diag::detail
