// Aligned text tables and short human texts for the operations commands.
#include "text_table.hpp"

#include <algorithm>
#include <cstdio>
#include <ostream>

namespace syncloom::cli {
namespace {

// Characters, not bytes: UTF-8 continuation bytes do not take a column.
size_t width_of(const std::string& s) {
  return static_cast<size_t>(std::count_if(s.begin(), s.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}

}  // namespace

TextTable::TextTable(std::vector<std::string> titles) {
  for (auto& t : titles) {
    bool right = !t.empty() && t[0] == '>';
    right_.push_back(right);
    titles_.push_back(right ? t.substr(1) : t);
  }
}

void TextTable::add(std::vector<std::string> row) {
  row.resize(titles_.size());
  rows_.push_back(std::move(row));
}

void TextTable::print(std::ostream& out, const std::string& indent) const {
  std::vector<size_t> widths(titles_.size());
  for (size_t c = 0; c < titles_.size(); ++c) {
    widths[c] = width_of(titles_[c]);
    for (const auto& row : rows_) widths[c] = std::max(widths[c], width_of(row[c]));
  }
  auto line = [&](const std::vector<std::string>& cells) {
    std::string text = indent;
    for (size_t c = 0; c < cells.size(); ++c) {
      std::string pad(widths[c] - width_of(cells[c]), ' ');
      if (c) text += "  ";
      text += right_[c] ? pad + cells[c] : cells[c] + pad;
    }
    while (!text.empty() && text.back() == ' ') text.pop_back();
    out << text << "\n";
  };
  line(titles_);
  for (const auto& row : rows_) line(row);
}

std::string clip(const std::string& text, size_t width) {
  std::string flat = text;
  std::replace(flat.begin(), flat.end(), '\n', ' ');
  if (width_of(flat) <= width) return flat;
  std::string out;
  size_t seen = 0;
  for (char c : flat) {
    bool starts = (static_cast<unsigned char>(c) & 0xC0) != 0x80;
    if (starts && ++seen > width - 3) break;
    out.push_back(c);
  }
  return out + "...";
}

std::string human_duration(long long ms) {
  char buf[32];
  if (ms < 1000) std::snprintf(buf, sizeof buf, "%lldms", ms);
  else if (ms < 60'000) std::snprintf(buf, sizeof buf, "%llds", ms / 1000);
  else if (ms < 3'600'000) std::snprintf(buf, sizeof buf, "%lldm%02llds", ms / 60'000, ms / 1000 % 60);
  else if (ms < 86'400'000) std::snprintf(buf, sizeof buf, "%lldh%02lldm", ms / 3'600'000, ms / 60'000 % 60);
  else std::snprintf(buf, sizeof buf, "%lldd%02lldh", ms / 86'400'000, ms / 3'600'000 % 24);
  return buf;
}

}  // namespace syncloom::cli
