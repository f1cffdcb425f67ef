// Shared body of add and sub: sign-magnitude addition of two decimals aligned to one scale.
#pragma once

#include "wide.hpp"

namespace syncloom::stdlib::detail {

/// a + b, or a - b when `negate_b`. Exact at scale max(a.scale, b.scale).
sl_status add_signed(sl_decimal a, sl_decimal b, bool negate_b, sl_decimal* out);

}  // namespace syncloom::stdlib::detail
