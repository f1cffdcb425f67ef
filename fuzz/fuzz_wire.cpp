// Parses arbitrary bytes as a system's JSON answer (wire::parse): never crashes, and whatever parses
// writes back to text that parses to the same value (number text and member order included).
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "syncloom/wire/value.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto parsed = syncloom::wire::parse(text, {.max_depth = 64, .max_bytes = 1 << 20});
  if (!parsed.value) {
    if (parsed.error.empty() || parsed.offset > size) std::abort();
    return 0;
  }
  std::string once = syncloom::wire::dump(*parsed.value);
  auto again = syncloom::wire::parse(once, {.max_depth = 64, .max_bytes = 4 << 20});
  if (!again.value || !(*again.value == *parsed.value)) std::abort();
  if (syncloom::wire::dump(*again.value) != once) std::abort();
  return 0;
}
