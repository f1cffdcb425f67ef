// Aligned text tables for the operations commands: a header, rows, numbers right-aligned.
#pragma once
#include <iosfwd>
#include <string>
#include <vector>

namespace syncloom::cli {

class TextTable {
 public:
  /// Column titles; a title starting with '>' (dropped) makes the column right-aligned.
  explicit TextTable(std::vector<std::string> titles);
  void add(std::vector<std::string> row);
  bool empty() const { return rows_.empty(); }
  /// Two spaces between columns, `indent` before each line, no trailing spaces.
  void print(std::ostream& out, const std::string& indent = "") const;

 private:
  std::vector<std::string> titles_;
  std::vector<bool> right_;
  std::vector<std::vector<std::string>> rows_;
};

/// Cuts `text` to `width` characters (UTF-8 aware), ending with "..." when cut; newlines become spaces.
std::string clip(const std::string& text, size_t width);

/// "850ms", "42s", "4m12s", "3h05m", "2d04h".
std::string human_duration(long long ms);

}  // namespace syncloom::cli
