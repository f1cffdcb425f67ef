// Tab expansion and width counting for the human renderer.
#include "display_text.hpp"

namespace syncloom::diag::detail {
namespace {

constexpr size_t kTabWidth = 4;

bool is_continuation(unsigned char c) { return (c & 0xC0) == 0x80; }
bool is_control(unsigned char c) { return c < 0x20 || c == 0x7F; }

}  // namespace

std::string expand_for_display(std::string_view line) {
  std::string out;
  out.reserve(line.size());
  for (const char ch : line) {
    const auto c = static_cast<unsigned char>(ch);
    if (c == '\t') {
      out.append(kTabWidth, ' ');
    } else if (is_control(c)) {
      out.push_back(' ');  // a raw '\r' or escape would move the cursor and garble the output
    } else {
      out.push_back(ch);
    }
  }
  return out;
}

size_t display_width(std::string_view text) {
  size_t width = 0;
  for (const char ch : text) {
    const auto c = static_cast<unsigned char>(ch);
    if (c == '\t') {
      width += kTabWidth;
    } else if (!is_continuation(c)) {
      ++width;
    }
  }
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
