// The loop shared by lower and upper: validate, map each code point, append; restore the buffer on failure.
#pragma once

#include "syncloom/stdlib/text.hpp"

namespace syncloom::stdlib::detail {

/// Appends `s` mapped to upper (`upper`) or lower case.
sl_status map_case(const char* s, size_t n, sl_buffer* out, bool upper);

}  // namespace syncloom::stdlib::detail
