// `syncloom fmt`: rewrites .loom files in the canonical layout; --check only shows what would change.
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <iostream>
#include <memory>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "collect_paths.hpp"
#include "commands.hpp"
#include "syncloom/diag/render.hpp"
#include "syncloom/frontend/format.hpp"

namespace syncloom::cli {
namespace {

namespace fs = std::filesystem;

struct FmtOptions {
  std::vector<std::string> paths;
  bool check = false;
  bool to_stdout = false;
};

constexpr std::string_view kStdin = "-";

// ---------------------------------------------------------------------------------------------
// Files
// ---------------------------------------------------------------------------------------------

/// Reads a whole file (or standard input for "-"); on failure says why in `error`.
std::optional<std::string> read_all(const std::string& path, std::string& error) {
  if (path == kStdin) {
    std::ostringstream text;
    text << std::cin.rdbuf();
    return text.str();
  }
  std::FILE* f = std::fopen(path.c_str(), "rb");
  if (f == nullptr) {
    error = std::strerror(errno);
    return std::nullopt;
  }
  std::string text;
  char buffer[65536];
  size_t n = 0;
  while ((n = std::fread(buffer, 1, sizeof buffer, f)) > 0) text.append(buffer, n);
  bool failed = std::ferror(f) != 0;
  int saved = errno;
  std::fclose(f);
  if (failed) {
    error = std::strerror(saved);
    return std::nullopt;
  }
  return text;
}

/// Replaces `path` by `text` through a temporary file in the same directory, so an interrupted run
/// never leaves a half-written mapping behind.
bool write_atomically(const fs::path& path, const std::string& text, std::string& error) {
  fs::path dir = path.parent_path().empty() ? fs::path(".") : path.parent_path();
  std::string tmpl = (dir / ("." + path.filename().string() + ".fmt-XXXXXX")).string();
  int fd = mkstemp(tmpl.data());
  if (fd < 0) {
    error = std::strerror(errno);
    return false;
  }
  size_t done = 0;
  while (done < text.size()) {
    ssize_t n = ::write(fd, text.data() + done, text.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) break;
    done += size_t(n);
  }
  int saved = errno;
  bool ok = done == text.size() && ::close(fd) == 0;
  if (!ok) saved = saved != 0 ? saved : errno;
  std::error_code ec;
  if (ok) fs::permissions(tmpl, fs::status(path, ec).permissions(), ec);  // keep the file's mode
  if (ok) fs::rename(tmpl, path, ec);
  if (!ok || ec) {
    error = ok ? ec.message() : std::strerror(saved);
    fs::remove(tmpl, ec);
    return false;
  }
  return true;
}

// ---------------------------------------------------------------------------------------------
// Diff for --check: a small LCS line diff printed in unified format.
// ---------------------------------------------------------------------------------------------

/// Lines without their '\n'; a last line lacking one says so, as diff(1) does.
std::vector<std::string> split_lines(const std::string& text) {
  std::vector<std::string> lines;
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string::npos) {
      lines.push_back(text.substr(start) + "\n\\ No newline at end of file");
      break;
    }
    lines.push_back(text.substr(start, end - start));
    start = end + 1;
  }
  return lines;
}

struct Edit {
  char kind;  ///< ' ' kept, '-' removed, '+' added
  const std::string* line;
};

std::vector<Edit> line_edits(const std::vector<std::string>& a, const std::vector<std::string>& b) {
  // Common ends need no table, and formatting changes are usually local.
  size_t prefix = 0;
  while (prefix < a.size() && prefix < b.size() && a[prefix] == b[prefix]) ++prefix;
  size_t suffix = 0;
  while (suffix < a.size() - prefix && suffix < b.size() - prefix &&
         a[a.size() - 1 - suffix] == b[b.size() - 1 - suffix]) {
    ++suffix;
  }
  size_t n = a.size() - prefix - suffix;
  size_t m = b.size() - prefix - suffix;

  std::vector<Edit> edits;
  for (size_t i = 0; i < prefix; ++i) edits.push_back({' ', &a[i]});
  constexpr size_t kMaxCells = size_t(1) << 22;  // beyond this, show the middle as replaced outright
  if (n * m <= kMaxCells) {
    // lcs[i][j]: longest common subsequence of a[prefix+i..] and b[prefix+j..].
    std::vector<uint32_t> lcs((n + 1) * (m + 1), 0);
    auto at = [&](size_t i, size_t j) -> uint32_t& { return lcs[i * (m + 1) + j]; };
    for (size_t i = n; i-- > 0;) {
      for (size_t j = m; j-- > 0;) {
        at(i, j) = a[prefix + i] == b[prefix + j] ? at(i + 1, j + 1) + 1 : std::max(at(i + 1, j), at(i, j + 1));
      }
    }
    size_t i = 0;
    size_t j = 0;
    while (i < n || j < m) {
      if (i < n && j < m && a[prefix + i] == b[prefix + j]) {
        edits.push_back({' ', &a[prefix + i++]});
        ++j;
      } else if (i < n && (j == m || at(i + 1, j) >= at(i, j + 1))) {
        edits.push_back({'-', &a[prefix + i++]});  // removals first, as diff(1) prints them
      } else {
        edits.push_back({'+', &b[prefix + j++]});
      }
    }
  } else {
    for (size_t i = 0; i < n; ++i) edits.push_back({'-', &a[prefix + i]});
    for (size_t j = 0; j < m; ++j) edits.push_back({'+', &b[prefix + j]});
  }
  for (size_t i = a.size() - suffix; i < a.size(); ++i) edits.push_back({' ', &a[i]});
  return edits;
}

/// `--- a/x` `+++ b/x`, then hunks with three lines of context.
std::string unified_diff(const std::string& path, const std::string& before, const std::string& after) {
  constexpr size_t kContext = 3;
  std::vector<std::string> a = split_lines(before);
  std::vector<std::string> b = split_lines(after);
  std::vector<Edit> edits = line_edits(a, b);

  std::ostringstream out;
  out << "--- a/" << path << "\n+++ b/" << path << "\n";
  size_t i = 0;
  size_t old_line = 1;  // line numbers at edits[i]
  size_t new_line = 1;
  while (i < edits.size()) {
    if (edits[i].kind == ' ') {
      ++i, ++old_line, ++new_line;
      continue;
    }
    // A hunk: from kContext lines before this change to kContext after the last change that is
    // no more than 2 * kContext unchanged lines from the previous one.
    size_t lead = std::min(kContext, old_line - 1);
    size_t begin = i - lead;
    size_t end = i;
    size_t unchanged = 0;
    for (size_t k = i; k < edits.size(); ++k) {
      if (edits[k].kind != ' ') {
        end = k + 1;
        unchanged = 0;
      } else if (++unchanged > 2 * kContext) {
        break;
      }
    }
    end = std::min(edits.size(), end + kContext);
    size_t old_count = 0;
    size_t new_count = 0;
    for (size_t k = begin; k < end; ++k) {
      old_count += edits[k].kind != '+';
      new_count += edits[k].kind != '-';
    }
    size_t old_start = old_line - lead;
    size_t new_start = new_line - lead;
    out << "@@ -" << (old_count == 0 ? old_start - 1 : old_start) << ',' << old_count << " +"
        << (new_count == 0 ? new_start - 1 : new_start) << ',' << new_count << " @@\n";
    for (size_t k = begin; k < end; ++k) out << edits[k].kind << *edits[k].line << '\n';
    old_line = old_start + old_count;
    new_line = new_start + new_count;
    i = end;
  }
  return out.str();
}

// ---------------------------------------------------------------------------------------------
// The command
// ---------------------------------------------------------------------------------------------

enum class Outcome { kUnchanged, kChanged, kSyntaxError, kIoError };

Outcome format_file(const std::string& path, const FmtOptions& opts) {
  std::string error;
  std::optional<std::string> text = read_all(path, error);
  if (!text) {
    std::cerr << "error: cannot read '" << path << "': " << error << "\n";
    return Outcome::kIoError;
  }
  std::string shown = path == kStdin ? "<stdin>" : path;
  diag::SourceManager sm;
  uint32_t id = sm.add(shown, *text);
  diag::DiagnosticBag diags;
  frontend::FormatResult result = frontend::format_source(sm, id, diags);
  if (!result.ok) {
    diags.sort();
    diag::render_human(std::cerr, sm, diags.all());
    return Outcome::kSyntaxError;
  }
  bool changed = result.text != *text;
  if (opts.check) {
    if (changed) std::cout << unified_diff(shown, *text, result.text);
  } else if (opts.to_stdout || path == kStdin) {
    std::cout << result.text;
  } else if (changed && !write_atomically(path, result.text, error)) {
    std::cerr << "error: cannot write '" << path << "': " << error << "\n";
    return Outcome::kIoError;
  }
  return changed ? Outcome::kChanged : Outcome::kUnchanged;
}

int run_fmt(const FmtOptions& opts) {
  // "-" stands for standard input; every other path is expanded as lint expands it.
  bool io_error = false;
  std::vector<std::string> files;
  for (const std::string& path : opts.paths) {
    CollectedPaths collected = path == kStdin ? CollectedPaths{{path}, {}} : collect_loom_files({path});
    for (const PathError& error : collected.errors) std::cerr << "error: " << error.message << "\n";
    io_error = io_error || !collected.errors.empty();
    files.insert(files.end(), collected.files.begin(), collected.files.end());
  }
  if (opts.to_stdout && files.size() > 1) {
    std::cerr << "error: --stdout formats one file, but the paths name " << files.size() << "\n";
    return kExitUsage;
  }
  size_t would_change = 0;
  bool syntax_errors = false;
  for (const std::string& file : files) {
    switch (format_file(file, opts)) {
      case Outcome::kUnchanged: break;
      case Outcome::kChanged: ++would_change; break;
      case Outcome::kSyntaxError: syntax_errors = true; break;
      case Outcome::kIoError: io_error = true; break;
    }
  }
  if (opts.check && would_change > 0) {
    std::cerr << would_change << (would_change == 1 ? " file" : " files") << " would be reformatted\n";
  }
  if (io_error) return kExitUsage;
  if (syntax_errors || (opts.check && would_change > 0)) return kExitFindings;
  return kExitOk;
}

}  // namespace

void add_fmt_command(CLI::App& app, int& exit_code) {
  auto opts = std::make_shared<FmtOptions>();
  CLI::App* cmd = app.add_subcommand("fmt", "Format .loom files in the canonical layout (docs/formatting.md)");
  cmd->add_option("paths", opts->paths, "Files or directories (searched for *.loom); - reads standard input")
      ->required();
  CLI::Option* check = cmd->add_flag("--check", opts->check,
                                     "Write nothing; show a diff for each file that is not formatted and exit 1");
  cmd->add_flag("--stdout", opts->to_stdout, "Print the formatted file instead of rewriting it")->excludes(check);
  cmd->callback([opts, &exit_code] { exit_code = run_fmt(*opts); });
}

}  // namespace syncloom::cli
