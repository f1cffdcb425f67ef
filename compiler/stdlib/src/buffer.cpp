// sl_buffer growth: malloc/realloc so buffers can cross the C ABI and be freed by either engine.
#include "syncloom/stdlib/buffer.hpp"

#include <cstdlib>
#include <cstring>

extern "C" sl_status sl_buffer_reserve(sl_buffer* buffer, size_t extra) {
  if (extra <= buffer->cap - buffer->len) return SL_OK;
  if (extra > SIZE_MAX / 2 - buffer->len) return SL_NO_MEMORY;
  size_t want = buffer->len + extra;
  size_t cap = buffer->cap < 64 ? 64 : buffer->cap;
  while (cap < want) cap *= 2;
  void* grown = std::realloc(buffer->data, cap);
  if (!grown) return SL_NO_MEMORY;
  buffer->data = static_cast<char*>(grown);
  buffer->cap = cap;
  return SL_OK;
}

extern "C" sl_status sl_buffer_append(sl_buffer* buffer, const char* bytes, size_t n) {
  if (n == 0) return SL_OK;
  if (sl_status s = sl_buffer_reserve(buffer, n); s != SL_OK) return s;
  std::memcpy(buffer->data + buffer->len, bytes, n);
  buffer->len += n;
  return SL_OK;
}

extern "C" void sl_buffer_free(sl_buffer* buffer) {
  std::free(buffer->data);
  *buffer = sl_buffer{};
}
