// Helpers shared by the stdlib unit tests.
#pragma once

#include <string>

#include "syncloom/stdlib/buffer.hpp"
#include "syncloom/stdlib/status.hpp"

namespace syncloom::testing {

/// The buffer's text, or "status <message>" on failure; frees the buffer.
inline std::string take(sl_status st, sl_buffer& b) {
  std::string r = "status " + std::string(sl_status_message(st));
  if (st == SL_OK) r.assign(b.data ? b.data : "", b.len);
  sl_buffer_free(&b);
  return r;
}

}  // namespace syncloom::testing
