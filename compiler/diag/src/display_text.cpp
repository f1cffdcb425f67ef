// Tab expansion and width counting for the human renderer.
#include "display_text.hpp"

namespace syncloom::diag::detail {
namespace {

constexpr size_t kTabWidth = 4;

bool is_continuation(unsigned char c) { return (c & 0xC0) == 0x80; }
bool is_control(unsigned char c) { return c < 0x20 || c == 0x7F; }

}  // namespace

/// Length of the valid UTF-8 sequence at `i`, or 0 for an invalid byte.
size_t sequence_length(std::string_view s, size_t i) {
  const auto c = static_cast<unsigned char>(s[i]);
  size_t n = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 0;
  if (n == 0 || i + n > s.size()) return 0;
  for (size_t k = 1; k < n; ++k)
    if (!is_continuation(static_cast<unsigned char>(s[i + k]))) return 0;
  return n;
}

std::string expand_for_display(std::string_view line) {
  std::string out;
  out.reserve(line.size());
  for (size_t i = 0; i < line.size();) {
    const auto c = static_cast<unsigned char>(line[i]);
    size_t n = sequence_length(line, i);
    if (c == '\t') {
      out.append(kTabWidth, ' ');
    } else if (n == 0) {
      out += "\xEF\xBF\xBD";  // U+FFFD: raw invalid bytes could be taken as terminal escapes
      i += 1;
      continue;
    } else if (is_control(c) || (n == 2 && c == 0xC2 && static_cast<unsigned char>(line[i + 1]) < 0xA0)) {
      out.push_back(' ');  // C0 and C1 controls would move the cursor and garble the output
    } else {
      out.append(line.substr(i, n));
    }
    i += n;
  }
  return out;
}

size_t display_width(std::string_view text) {
  // Measured on what is shown, so carets line up with replaced and expanded characters.
  size_t width = 0;
  for (const char ch : expand_for_display(text))
    if (!is_continuation(static_cast<unsigned char>(ch))) ++width;
  return width;
}

size_t digit_count(size_t n) {
  size_t digits = 1;
  while (n >= 10) {
    n /= 10;
    ++digits;
  }
  return digits;
}

}  // namespace syncloom::diag::detail
