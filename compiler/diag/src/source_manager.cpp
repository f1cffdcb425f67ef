// Line tables and offset -> line/column mapping; every query clamps so bad spans can still be rendered.
#include "syncloom/diag/source_manager.hpp"

#include <algorithm>
#include <limits>

namespace syncloom::diag {
namespace {

bool is_utf8_continuation(char c) { return (static_cast<unsigned char>(c) & 0xC0) == 0x80; }

// Offsets are 32-bit; a larger file is indexed only up to what a Span can address.
uint32_t clamp_size(size_t size) {
  return static_cast<uint32_t>(std::min<size_t>(size, std::numeric_limits<uint32_t>::max()));
}

}  // namespace

uint32_t SourceManager::add(std::string path, std::string text) {
  File f{std::move(path), std::move(text), {}};
  const uint32_t size = clamp_size(f.text.size());
  // Only '\n' ends a line: "\r\n" then needs no special case, and a lone '\r' stays inside its line.
  f.line_starts.push_back(0);
  for (uint32_t i = 0; i < size; ++i) {
    if (f.text[i] == '\n') f.line_starts.push_back(i + 1);
  }
  files_.push_back(std::move(f));
  return static_cast<uint32_t>(files_.size() - 1);
}

const SourceManager::File& SourceManager::file_or_empty(uint32_t file) const {
  static const File kEmpty{{}, {}, {0}};
  return file < files_.size() ? files_[file] : kEmpty;
}

const std::string& SourceManager::path(uint32_t file) const { return file_or_empty(file).path; }

std::string_view SourceManager::text(uint32_t file) const { return file_or_empty(file).text; }

uint32_t SourceManager::line_count(uint32_t file) const {
  return static_cast<uint32_t>(file_or_empty(file).line_starts.size());
}

uint32_t SourceManager::line_start(uint32_t file, uint32_t line) const {
  const File& f = file_or_empty(file);
  const uint32_t count = static_cast<uint32_t>(f.line_starts.size());
  line = std::clamp<uint32_t>(line, 1, count);
  return f.line_starts[line - 1];
}

std::string_view SourceManager::line_text(uint32_t file, uint32_t line) const {
  const File& f = file_or_empty(file);
  const uint32_t count = static_cast<uint32_t>(f.line_starts.size());
  line = std::clamp<uint32_t>(line, 1, count);
  const uint32_t begin = f.line_starts[line - 1];
  uint32_t end = line < count ? f.line_starts[line] : clamp_size(f.text.size());
  if (end > begin && f.text[end - 1] == '\n') {
    --end;
    if (end > begin && f.text[end - 1] == '\r') --end;
  }
  return std::string_view(f.text).substr(begin, end - begin);
}

LineCol SourceManager::line_col(uint32_t file, uint32_t offset) const {
  const File& f = file_or_empty(file);
  offset = std::min(offset, clamp_size(f.text.size()));
  // The last line start <= offset; line_starts[0] == 0, so upper_bound never returns begin().
  const auto it = std::upper_bound(f.line_starts.begin(), f.line_starts.end(), offset);
  const uint32_t line = static_cast<uint32_t>(it - f.line_starts.begin());
  const uint32_t start = f.line_starts[line - 1];
  // An offset inside a multi-byte character belongs to that character's column.
  while (offset > start && offset < f.text.size() && is_utf8_continuation(f.text[offset])) --offset;
  uint32_t column = 1;
  for (uint32_t i = start; i < offset; ++i) {
    if (!is_utf8_continuation(f.text[i])) ++column;
  }
  return {line, column};
}

}  // namespace syncloom::diag
