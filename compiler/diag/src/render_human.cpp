// rustc-style rendering for terminals: header, `-->` location, source lines with carets, notes and help.
#include <algorithm>
#include <string>
#include <string_view>

#include "display_text.hpp"
#include "located_label.hpp"
#include "syncloom/diag/render.hpp"

namespace syncloom::diag {
namespace {

using detail::LocatedLabel;

// Every escape is empty without color, so the layout code never branches on it.
struct Palette {
  std::string_view severity, gutter, secondary, bold, reset;
};

Palette palette_for(Severity s, bool color) {
  if (!color) return {};
  std::string_view sev = "\x1b[1;31m";
  if (s == Severity::kWarning) sev = "\x1b[1;33m";
  if (s == Severity::kNote) sev = "\x1b[1;32m";
  return {sev, "\x1b[1;34m", "\x1b[1;34m", "\x1b[1m", "\x1b[0m"};
}

// The labels of one file, shown under one `-->` header in line order.
struct FileGroup {
  uint32_t file = 0;
  LineCol anchor;  ///< shown in the `-->` header
  std::vector<const LocatedLabel*> labels;
};

// The primary label's file comes first so the first `-->` is the diagnostic's location.
std::vector<FileGroup> group_by_file(const std::vector<LocatedLabel>& labels, const LocatedLabel& primary) {
  std::vector<FileGroup> groups{{primary.file, primary.start, {}}};
  for (const LocatedLabel& l : labels) {
    auto it = std::find_if(groups.begin(), groups.end(), [&](const FileGroup& g) { return g.file == l.file; });
    if (it == groups.end()) it = groups.insert(groups.end(), FileGroup{l.file, l.start, {}});
    it->labels.push_back(&l);
  }
  for (FileGroup& g : groups) {
    std::stable_sort(g.labels.begin(), g.labels.end(), [](const LocatedLabel* a, const LocatedLabel* b) {
      return a->start.line != b->start.line ? a->start.line < b->start.line : a->start.column < b->start.column;
    });
    if (g.file != primary.file) g.anchor = g.labels.front()->start;
  }
  return groups;
}

size_t gutter_width(const std::vector<LocatedLabel>& labels) {
  uint32_t max_line = 1;
  for (const LocatedLabel& l : labels) max_line = std::max(max_line, l.start.line);
  return detail::digit_count(max_line);
}

class HumanWriter {
 public:
  HumanWriter(std::ostream& out, const SourceManager& sm, const Palette& pal, size_t width)
      : out_(out), sm_(sm), pal_(pal), width_(width) {}

  void header(const Diagnostic& d) {
    out_ << pal_.severity << severity_name(d.severity);
    if (!d.code.empty()) out_ << '[' << d.code << ']';
    out_ << pal_.reset << pal_.bold << ": " << d.message << pal_.reset << '\n';
  }

  void group(const FileGroup& g) {
    out_ << pad() << pal_.gutter << "-->" << pal_.reset << ' ' << sm_.path(g.file) << ':' << g.anchor.line << ':'
         << g.anchor.column << '\n';
    empty_gutter();
    uint32_t previous = 0;
    for (size_t i = 0; i < g.labels.size();) {
      const uint32_t line = g.labels[i]->start.line;
      if (previous != 0 && line > previous + 1) out_ << pal_.gutter << "..." << pal_.reset << '\n';
      source_line(g.file, line);
      for (; i < g.labels.size() && g.labels[i]->start.line == line; ++i) underline(*g.labels[i]);
      previous = line;
    }
  }

  void trailer(std::string_view kind, const std::vector<std::string>& texts) {
    // Continuation lines of a multi-line note line up under its first character.
    const std::string indent(width_ + 5 + kind.size(), ' ');
    for (const std::string& text : texts) {
      out_ << pad() << ' ' << pal_.gutter << '=' << pal_.reset << ' ' << pal_.bold << kind << ':' << pal_.reset << ' ';
      for (const char c : text) {
        out_ << c;
        if (c == '\n') out_ << indent;
      }
      out_ << '\n';
    }
  }

 private:
  std::string pad() const { return std::string(width_, ' '); }

  void empty_gutter() { out_ << pad() << ' ' << pal_.gutter << '|' << pal_.reset << '\n'; }

  void source_line(uint32_t file, uint32_t line) {
    const std::string number = std::to_string(line);
    const std::string_view text = sm_.line_text(file, line);
    out_ << pal_.gutter << std::string(width_ - std::min(width_, number.size()), ' ') << number << " |" << pal_.reset;
    if (!text.empty()) out_ << ' ' << detail::expand_for_display(text);
    out_ << '\n';
  }

  // One caret row per label; a span running onto later lines is underlined to the end of its first and marked "...".
  void underline(const LocatedLabel& l) {
    const std::string_view text = sm_.line_text(l.file, l.start.line);
    const uint32_t line_begin = sm_.line_start(l.file, l.start.line);
    // A span ending right after the newline still covers only its first line.
    const bool multiline = l.stop.line > l.start.line + 1 || (l.stop.line == l.start.line + 1 && l.stop.column > 1);
    const size_t lo = std::min<size_t>(l.begin - line_begin, text.size());
    const size_t hi = multiline || l.stop.line > l.start.line ? text.size()
                                                               : std::clamp<size_t>(l.end - line_begin, lo, text.size());
    const size_t indent = detail::display_width(text.substr(0, lo));
    const size_t marks = std::max<size_t>(1, detail::display_width(text.substr(lo, hi - lo)));
    const bool primary = l.label->primary;
    out_ << pad() << ' ' << pal_.gutter << '|' << pal_.reset << ' ' << std::string(indent, ' ')
         << (primary ? pal_.severity : pal_.secondary) << std::string(marks, primary ? '^' : '-');
    if (multiline) out_ << "...";
    if (!l.label->message.empty()) out_ << ' ' << l.label->message;
    out_ << pal_.reset << '\n';
  }

  std::ostream& out_;
  const SourceManager& sm_;
  const Palette& pal_;
  size_t width_;
};

}  // namespace

void render_human(std::ostream& out, const SourceManager& sm, const std::vector<Diagnostic>& diags,
                  const HumanOptions& opts) {
  for (const Diagnostic& d : diags) {
    const std::vector<LocatedLabel> labels = detail::locate_labels(sm, d);
    const Palette pal = palette_for(d.severity, opts.color);
    HumanWriter w(out, sm, pal, gutter_width(labels));
    w.header(d);
    if (const LocatedLabel* primary = detail::primary_of(labels)) {
      for (const FileGroup& g : group_by_file(labels, *primary)) w.group(g);
    }
    w.trailer("note", d.notes);
    w.trailer("help", d.help);
    out << '\n';
  }
}

}  // namespace syncloom::diag
