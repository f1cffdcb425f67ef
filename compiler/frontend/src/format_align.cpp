// Column alignment: `=` / `=>` in runs of one-line assignments and table entries, then trailing
// comments on consecutive lines. Both give up when one long line would push the column too far.
#include <algorithm>

#include "format_stages.hpp"

namespace syncloom::frontend::detail {
namespace {

/// Most padding alignment may add to one line: past it, one outlier would spread the whole run out.
constexpr size_t kMaxAlignPad = 24;

size_t code_width(const LaidLine& line) {
  size_t width = size_t(line.indent) + text_width(line.head);
  if (!line.tail.empty()) width += 1 + line.head_pad + text_width(line.tail);
  return width;
}

void align_operators(std::vector<LaidLine>& lines) {
  for (size_t begin = 0; begin < lines.size();) {
    if (lines[begin].tail.empty()) {
      ++begin;
      continue;
    }
    // A run: consecutive alignable lines at one indent. Blank lines, comment lines and other
    // statements end it.
    size_t end = begin + 1;
    while (end < lines.size() && !lines[end].tail.empty() && lines[end].indent == lines[begin].indent) ++end;
    size_t shortest = SIZE_MAX;
    size_t longest = 0;
    for (size_t i = begin; i < end; ++i) {
      shortest = std::min(shortest, text_width(lines[i].head));
      longest = std::max(longest, text_width(lines[i].head));
    }
    if (longest - shortest <= kMaxAlignPad) {
      for (size_t i = begin; i < end; ++i) lines[i].head_pad = longest - text_width(lines[i].head);
    }
    begin = end;
  }
}

void align_comments(std::vector<LaidLine>& lines) {
  auto trailing = [&](size_t i) { return !lines[i].head.empty() && !lines[i].comment.empty(); };
  for (size_t begin = 0; begin < lines.size();) {
    if (!trailing(begin)) {
      ++begin;
      continue;
    }
    size_t end = begin + 1;
    while (end < lines.size() && trailing(end)) ++end;
    size_t shortest = SIZE_MAX;
    size_t longest = 0;
    for (size_t i = begin; i < end; ++i) {
      shortest = std::min(shortest, code_width(lines[i]));
      longest = std::max(longest, code_width(lines[i]));
    }
    if (longest - shortest <= kMaxAlignPad) {
      for (size_t i = begin; i < end; ++i) lines[i].comment_pad = 2 + longest - code_width(lines[i]);
    }
    begin = end;
  }
}

}  // namespace

size_t text_width(std::string_view text) {
  size_t width = 0;
  for (char c : text) width += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  return width;
}

void align_columns(std::vector<LaidLine>& lines) {
  // Operators first: comment columns depend on where the code ends.
  align_operators(lines);
  align_comments(lines);
}

}  // namespace syncloom::frontend::detail
