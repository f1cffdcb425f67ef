// Owns the text of every source file a compilation reads; maps byte offsets to line/column at render time.
#pragma once

#include <cstdint>
#include <deque>
#include <string>
#include <string_view>
#include <vector>

namespace syncloom::diag {

/// A 1-based line and column (column counts UTF-8 code points, as editors and SARIF expect).
struct LineCol {
  uint32_t line = 1;
  uint32_t column = 1;
};

/// File ids are indexes into the SourceManager; id 0 is always valid once a file was added.
/// Queries never fail: an unknown file id reads as an empty file, offsets and lines are clamped.
///
///   SourceManager sm;
///   uint32_t id = sm.add("mappings/x.loom", text);
///   LineCol lc = sm.line_col(id, span.begin);  // {12, 13}
class SourceManager {
 public:
  /// Adds a file and returns its id. `path` is shown as given (keep it relative for stable output).
  uint32_t add(std::string path, std::string text);

  const std::string& path(uint32_t file) const;  ///< "" for an unknown id
  std::string_view text(uint32_t file) const;    ///< stays valid while the SourceManager lives
  size_t file_count() const { return files_.size(); }

  /// Line/column of a byte offset (an offset past the end maps to the end).
  LineCol line_col(uint32_t file, uint32_t offset) const;
  /// The text of 1-based line `line`, without its line terminator.
  std::string_view line_text(uint32_t file, uint32_t line) const;
  /// Byte offset where 1-based `line` starts.
  uint32_t line_start(uint32_t file, uint32_t line) const;
  /// A file ending in a newline has an empty last line after it, as editors show it.
  uint32_t line_count(uint32_t file) const;

 private:
  struct File {
    std::string path;
    std::string text;
    std::vector<uint32_t> line_starts;  ///< byte offset of each line's first byte
  };
  const File& file_or_empty(uint32_t file) const;
  // A deque so that adding a file never moves earlier texts: views into them stay valid.
  std::deque<File> files_;
};

}  // namespace syncloom::diag
