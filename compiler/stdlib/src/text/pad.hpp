// The one padding routine behind pad_left and pad_right.
#pragma once

#include "syncloom/stdlib/text.hpp"

namespace syncloom::stdlib::detail {

sl_status pad(const char* s, size_t n, int64_t width, const char* fill, size_t fill_n, bool left, sl_buffer* out);

}  // namespace syncloom::stdlib::detail
