// A growable byte buffer owned by the caller: the one place stdlib functions allocate, so JIT code stays explicit.
#pragma once

#include <stddef.h>

#include "syncloom/stdlib/status.hpp"

extern "C" {

/// Bytes `data[0, len)`; capacity `cap`. Zero-initialise (`sl_buffer b{}`) to start empty; free with sl_buffer_free.
/// Functions that produce text *append* to a buffer; on failure they restore `len`, so a caller can reuse one
/// buffer per record and reset `len = 0` between values.
///
///   sl_buffer b{};
///   if (sl_text_lower("Øster", 6, &b) == SL_OK) use(b.data, b.len);  // "øster"
///   sl_buffer_free(&b);
typedef struct sl_buffer {
  char* data;  ///< malloc'ed storage, or null while cap == 0
  size_t len;  ///< bytes in use
  size_t cap;  ///< bytes allocated
} sl_buffer;

/// Makes room for `extra` more bytes (growing geometrically). SL_NO_MEMORY leaves the buffer unchanged.
sl_status sl_buffer_reserve(sl_buffer* buffer, size_t extra);

/// Appends `n` bytes.
sl_status sl_buffer_append(sl_buffer* buffer, const char* bytes, size_t n);

/// Releases the storage and resets the buffer to empty.
void sl_buffer_free(sl_buffer* buffer);

}  // extern "C"
